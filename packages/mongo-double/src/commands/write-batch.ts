import type { Document } from 'bson';
import { CommandError, ErrorCode, toCommandError } from '../errors.js';
import { optionalBoolean } from '../options.js';

const MAX_WRITE_BATCH_SIZE = 100_000;

/** The statements of a write command (`documents`, `updates` or `deletes`), checked for type and batch size. */
export function statementsOf(command: Document, field: string): Document[] {
  const statements = command[field];
  if (!Array.isArray(statements)) throw new CommandError(ErrorCode.FailedToParse, `BSON field '${field}' is missing but a required field`);
  if (statements.length === 0 || statements.length > MAX_WRITE_BATCH_SIZE) {
    throw new CommandError(ErrorCode.InvalidLength, `Write batch sizes must be between 1 and ${MAX_WRITE_BATCH_SIZE}. Got ${statements.length} operations.`);
  }
  return statements as Document[];
}

/**
 * Runs statements in order; a failing statement becomes a `writeErrors` entry. Ordered batches stop at the first
 * error, unordered ones carry on, as mongod does.
 */
export function runWriteBatch(command: Document, statements: Document[], run: (statement: Document, index: number) => void): Document[] {
  const ordered = command.ordered === undefined ? true : optionalBoolean(command, 'ordered');
  const writeErrors: Document[] = [];
  for (const [index, statement] of statements.entries()) {
    try {
      run(statement, index);
    } catch (error) {
      writeErrors.push(toCommandError(error).toWriteError(index));
      if (ordered) break;
    }
  }
  return writeErrors;
}

export function withWriteErrors(reply: Document, writeErrors: Document[]): Document {
  return writeErrors.length > 0 ? { ...reply, writeErrors, ok: 1 } : { ...reply, ok: 1 };
}
