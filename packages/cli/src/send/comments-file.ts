import { open } from 'node:fs/promises';

/** One comment of a JSONL file: its line number (from 1) and its JSON text exactly as written. */
export interface CommentLine {
  lineNumber: number;
  json: string;
}

/** A line that cannot be a comment; nothing is sent when the file holds one. */
export class BadLineError extends Error {
  constructor(readonly lineNumber: number, reason: string) {
    super(`line ${lineNumber}: ${reason}`);
    this.name = 'BadLineError';
  }
}

/**
 * The file's comments in order, blank lines skipped. Each line must be a JSON object; the first that is not throws
 * a BadLineError. Whether it is a valid comment is the ingest API's to say: its schema is the one that counts.
 */
export async function* readCommentLines(path: string): AsyncGenerator<CommentLine> {
  // open() first, so a missing or unreadable file fails here with its own error, before any line is read.
  const file = await open(path);
  try {
    let lineNumber = 0;
    for await (const line of file.readLines({ encoding: 'utf8' })) {
      lineNumber++;
      // A byte order mark some editors write is not part of the first comment.
      const json = lineNumber === 1 ? line.replace(/^\uFEFF/, '') : line;
      if (json.trim() === '') continue;
      checkObject(json, lineNumber);
      yield { lineNumber, json };
    }
  } finally {
    await file.close();
  }
}

/** Reads the whole file once, checking every line, so a bad line stops the command before anything is sent. */
export async function countCommentLines(path: string): Promise<number> {
  let count = 0;
  for await (const _ of readCommentLines(path)) count++;
  return count;
}

/** The lines in groups of `size` (the last one may be smaller). */
export async function* inBatches(lines: AsyncIterable<CommentLine>, size: number): AsyncGenerator<CommentLine[]> {
  let batch: CommentLine[] = [];
  for await (const line of lines) {
    batch.push(line);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** The body of POST /v1/comments for a batch, holding each comment's JSON as it was written in the file. */
export function batchBody(batch: readonly CommentLine[]): string {
  return `{"comments":[${batch.map((line) => line.json).join(',')}]}`;
}

function checkObject(json: string, lineNumber: number): void {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new BadLineError(lineNumber, `not valid JSON (${(error as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new BadLineError(lineNumber, 'not a JSON object; each line holds one comment, an object');
  }
}
