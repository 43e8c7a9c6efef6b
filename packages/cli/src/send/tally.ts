import type { ItemResult } from './answer.js';
import type { CommentLine } from './comments-file.js';

/** A comment the ingest API refused: its line in the file and each bad field. */
export interface InvalidComment {
  lineNumber: number;
  id?: string;
  errors: Array<{ path: string; message: string }>;
}

/** What a `moderato send` has done so far: every count the progress line and the summary show. */
export class SendTally {
  sent = 0;
  queued = 0;
  duplicates = 0;
  batches = 0;
  readonly invalid: InvalidComment[] = [];
  /** Set when a batch finally failed: sending stopped there. */
  stopped: { lineNumber: number; reason: string } | undefined;

  constructor(readonly total: number) {}

  /** Counts a delivered batch; a result's index is the comment's place in the batch, so it names the line. */
  record(batch: readonly CommentLine[], results: readonly ItemResult[]): void {
    this.batches++;
    this.sent += batch.length;
    for (const result of results) {
      if (result.status === 'queued') this.queued++;
      else if (result.status === 'duplicate') this.duplicates++;
      else this.invalid.push(invalidComment(batch[result.index]?.lineNumber ?? 0, result));
    }
  }

  /** Sending stopped at this line, which was not delivered. */
  stop(lineNumber: number, reason: string): void {
    this.stopped = { lineNumber, reason };
  }

  /** Every comment was accepted, as new or as one the ingest API already had. */
  get allAccepted(): boolean {
    return !this.stopped && this.invalid.length === 0 && this.sent === this.total;
  }
}

function invalidComment(lineNumber: number, result: ItemResult): InvalidComment {
  // The API names fields within the batch (`comments.3.text`); within the line it is just `text`.
  const errors = (result.errors ?? []).map(({ path, message }) => ({ path: path.replace(/^comments\.\d+\.?/, ''), message }));
  return { lineNumber, ...(result.id !== undefined && { id: result.id }), errors };
}
