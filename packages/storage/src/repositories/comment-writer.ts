import type { AnyBulkWriteOperation, Document } from 'mongodb';
import { groupBatcher, type Pending } from '@moderato/group-commit';
import type { Storage } from '../storage.js';
import { commentDocument, type AnalyzedComment } from './comments.js';

/** Stores analyzed comments exactly as saveAnalyzedComment does, sharing bulk writes between concurrent callers. */
export interface CommentWriter {
  save(comment: AnalyzedComment): Promise<{ created: boolean }>;
}

type PendingSave = Pending<AnalyzedComment, { created: boolean }>;

/** The most saves one bulk write carries; more wait for the next. */
export const MAX_COMMENTS_PER_WRITE = 64;

/**
 * Group commit (groupBatcher): saves that meet share one bulk write. Each save is the same conditional upsert as
 * saveAnalyzedComment's, and fails or succeeds on its own (an unordered bulk write): one comment's error is not another's.
 */
export function createCommentWriter(storage: Storage, maxPerWrite = MAX_COMMENTS_PER_WRITE): CommentWriter {
  return { save: groupBatcher((batch: PendingSave[]) => writeBatch(storage, batch), { maxWeight: maxPerWrite }) };
}

async function writeBatch(storage: Storage, pending: readonly PendingSave[]): Promise<void> {
  // A comment whose document cannot even be built fails alone, before the write.
  const batch: PendingSave[] = [];
  const operations: AnyBulkWriteOperation<Document>[] = [];
  for (const save of pending) {
    try {
      const comment = save.item;
      operations.push({ updateOne: { filter: { publisherId: comment.publisherId, commentId: comment.commentId }, update: { $setOnInsert: commentDocument(comment) }, upsert: true } });
      batch.push(save);
    } catch (error) {
      save.reject(error);
    }
  }
  if (batch.length === 0) return;
  try {
    const result = await storage.models.comments.collection.bulkWrite(operations, { ordered: false, ignoreUndefined: true });
    settle(batch, result.upsertedIds, []);
  } catch (error) {
    const outcome = bulkOutcome(error);
    if (!outcome) batch.forEach((save) => save.reject(error));
    else settle(batch, outcome.upsertedIds, outcome.writeErrors);
  }
}

/** Resolves each save with whether it created its document, or rejects it with its own write error. */
function settle(batch: readonly PendingSave[], upsertedIds: Record<number, unknown>, writeErrors: ReadonlyArray<{ index: number; error: unknown }>): void {
  const failed = new Map(writeErrors.map((entry) => [entry.index, entry.error]));
  batch.forEach((save, index) => {
    if (failed.has(index)) save.reject(failed.get(index));
    else save.resolve({ created: upsertedIds[index] !== undefined });
  });
}

/** A bulk write that failed for some of its operations only: what became of each (undefined: it failed whole). */
function bulkOutcome(error: unknown): { upsertedIds: Record<number, unknown>; writeErrors: Array<{ index: number; error: unknown }> } | undefined {
  const bulk = error as { writeErrors?: unknown; result?: { upsertedIds?: Record<number, unknown> } };
  if (bulk.writeErrors === undefined || !bulk.result) return undefined;
  const list = (Array.isArray(bulk.writeErrors) ? bulk.writeErrors : [bulk.writeErrors]) as Array<{ index: number; errmsg?: string; code?: number }>;
  // No operation's own error (a write concern not met, say): nothing says which stored durably, so none counts.
  if (list.length === 0) return undefined;
  return {
    upsertedIds: bulk.result.upsertedIds ?? {},
    writeErrors: list.map((entry) => ({ index: entry.index, error: Object.assign(new Error(entry.errmsg ?? 'write failed'), { code: entry.code }) })),
  };
}
