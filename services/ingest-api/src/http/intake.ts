import {
  COMMENT_DEDUPE_SECONDS,
  MAX_BATCH_SIZE,
  commentJobId,
  enqueueComments,
  incomingCommentSchema,
  type AnalyzeCommentJob,
  type CommentQueue,
  type IncomingComment,
} from '@moderato/contracts';
import { AppError, ValidationError, fieldErrors, type FieldError } from '@moderato/service-kit';
import type { Redis } from 'ioredis';
import { withDeadline } from './deadline.js';

export type ItemResult =
  | { index: number; id: string; status: 'queued'; jobId: string }
  | { index: number; id: string; status: 'duplicate'; jobId: string }
  | { index: number; id?: string; status: 'invalid'; errors: FieldError[] };

export interface Delivery {
  publisherId: string;
  webhookId: string;
  receivedAt: Date;
}

/** `{ "comments": [...] }` is a batch; any other object is one comment. */
export function splitDelivery(payload: unknown): { batch: boolean; items: unknown[] } {
  if (payload && typeof payload === 'object' && !Array.isArray(payload) && 'comments' in payload) {
    const { comments, ...rest } = payload as { comments: unknown };
    if (Object.keys(rest).length > 0) {
      throw new ValidationError('A batch has only a comments field.', [{ path: Object.keys(rest)[0]!, message: 'unknown field' }]);
    }
    if (!Array.isArray(comments)) throw new ValidationError('comments must be an array.', [{ path: 'comments', message: 'must be an array' }]);
    if (comments.length === 0) throw new ValidationError('A batch needs at least one comment.', [{ path: 'comments', message: 'must not be empty' }]);
    if (comments.length > MAX_BATCH_SIZE) {
      throw new AppError('batch_too_large', 400, 'Batch too large', { detail: `A batch holds at most ${MAX_BATCH_SIZE} comments; this one has ${comments.length}.` });
    }
    return { batch: true, items: comments };
  }
  if (!payload || typeof payload !== 'object' || Array.isArray(payload)) {
    throw new ValidationError('The body must be a comment object or { "comments": [...] }.', [{ path: '(root)', message: 'must be an object' }]);
  }
  return { batch: false, items: [payload] };
}

/** Validates each item; invalid ones are reported by index, and a comment id repeated in one delivery counts once. */
export function validateItems(items: unknown[], batch: boolean): { valid: Array<{ index: number; comment: IncomingComment }>; results: ItemResult[] } {
  const valid: Array<{ index: number; comment: IncomingComment }> = [];
  const results: ItemResult[] = [];
  items.forEach((item, index) => {
    const parsed = incomingCommentSchema.safeParse(item);
    if (parsed.success) {
      valid.push({ index, comment: parsed.data });
    } else {
      const id = item && typeof item === 'object' && typeof (item as { id?: unknown }).id === 'string' ? (item as { id: string }).id : undefined;
      results.push({ index, ...(id ? { id } : {}), status: 'invalid', errors: fieldErrors(parsed.error, batch ? ['comments', index] : []) });
    }
  });
  return { valid, results };
}

const seenKey = (jobId: string): string => `moderato:seen:${jobId}`;

/**
 * Queues the comments this publisher has not sent before. A comment seen within the dedupe window (longer than job
 * retention) is reported as a duplicate; the deterministic job id makes concurrent deliveries of one comment share a job.
 */
export async function enqueueNew(
  redis: Redis,
  queue: CommentQueue,
  delivery: Delivery,
  valid: Array<{ index: number; comment: IncomingComment }>,
): Promise<ItemResult[]> {
  const firstByJobId = new Map<string, { index: number; comment: IncomingComment }>();
  for (const item of valid) {
    const jobId = commentJobId(delivery.publisherId, item.comment.id);
    if (!firstByJobId.has(jobId)) firstByJobId.set(jobId, item);
  }
  const jobIds = [...firstByJobId.keys()];
  const seen = jobIds.length ? await withDeadline('Redis', () => redis.mget(jobIds.map(seenKey))) : [];
  const fresh = jobIds.filter((_, i) => seen[i] === null);
  const jobs: AnalyzeCommentJob[] = fresh.map((jobId) => ({
    version: 1,
    publisherId: delivery.publisherId,
    receivedAt: delivery.receivedAt.toISOString(),
    webhookId: delivery.webhookId,
    comment: firstByJobId.get(jobId)!.comment,
  }));
  if (jobs.length) {
    await withDeadline('Redis', () => enqueueComments(queue, jobs));
    const marks = redis.multi();
    for (const jobId of fresh) marks.set(seenKey(jobId), '1', 'EX', COMMENT_DEDUPE_SECONDS);
    await withDeadline('Redis', () => marks.exec());
  }
  const freshSet = new Set(fresh);
  return valid.map(({ index, comment }) => {
    const jobId = commentJobId(delivery.publisherId, comment.id);
    const isFirst = firstByJobId.get(jobId)?.index === index;
    return { index, id: comment.id, status: isFirst && freshSet.has(jobId) ? 'queued' : 'duplicate', jobId };
  });
}
