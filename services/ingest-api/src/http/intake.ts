import { ANALYZE_COMMENT_VERSION, MAX_BATCH_SIZE, commentJobId, incomingCommentSchema, type AnalyzeCommentJob, type IncomingComment } from '@moderato/contracts';
import { AppError, ValidationError, fieldErrors, type FieldError } from '@moderato/service-kit';
import { parseJsonBody } from './json-body.js';

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

/** A delivery read and validated, before anything is known from Redis. */
export interface DeliveryPlan {
  batch: boolean;
  valid: Array<{ index: number; comment: IncomingComment; jobId: string }>;
  invalid: ItemResult[];
  /** The distinct jobs of the valid comments, in order of their first occurrence. */
  jobIds: string[];
}

/**
 * Reads and validates a delivery. A malformed one is returned as its error rather than thrown, so the caller can
 * still answer a rate limit or a redelivery first, in the order it always has.
 */
export function planDelivery(body: unknown, publisherId: string): { plan: DeliveryPlan } | { error: AppError } {
  try {
    const { batch, items } = splitDelivery(parseJsonBody(body));
    const { valid, results: invalid } = validateItems(items, batch);
    const withIds = valid.map((item) => ({ ...item, jobId: commentJobId(publisherId, item.comment.id) }));
    return { plan: { batch, valid: withIds, invalid, jobIds: [...new Set(withIds.map((item) => item.jobId))] } };
  } catch (error) {
    if (error instanceof AppError) return { error };
    throw error;
  }
}

/** The analysis job of each distinct comment of the delivery (`plan.jobIds` order), built from its first occurrence. */
export function deliveryJobs(plan: DeliveryPlan, delivery: Delivery): AnalyzeCommentJob[] {
  const first = new Map<string, IncomingComment>();
  for (const { jobId, comment } of plan.valid) if (!first.has(jobId)) first.set(jobId, comment);
  const receivedAt = delivery.receivedAt.toISOString();
  return plan.jobIds.map((jobId) => ({ version: ANALYZE_COMMENT_VERSION, publisherId: delivery.publisherId, receivedAt, webhookId: delivery.webhookId, comment: first.get(jobId)! }));
}

/**
 * Given which jobs were seen before (`seen[i]` for `plan.jobIds[i]`), the result of every item: the first occurrence
 * of an unseen comment is queued; later occurrences and seen comments are duplicates (the dedupe window is longer
 * than job retention, so a comment whose job is long gone is still recognised).
 */
export function decideDelivery(plan: DeliveryPlan, seen: readonly boolean[]): ItemResult[] {
  const fresh = new Set(plan.jobIds.filter((_, i) => !seen[i]));
  return resultsOf(plan, plan.valid.map(({ jobId }) => (fresh.delete(jobId) ? 'queued' : 'duplicate')));
}

/**
 * What the DELIVER script needs to decide the same results in Redis: per valid item, its job's number in
 * `plan.jobIds` from 1 on its first occurrence and 0 on a repeat, comma-separated. Its letters (queued when the
 * number's job was unseen) are what `resultsFromLetters` reads back for a redelivery.
 */
export function itemJobNumbers(plan: DeliveryPlan): string {
  const numbers = new Map(plan.jobIds.map((jobId, i) => [jobId, i + 1]));
  return plan.valid.map(({ jobId }) => {
    const number = numbers.get(jobId) ?? 0;
    numbers.delete(jobId);
    return number;
  }).join(',');
}

/** The answer's body: counts, then one result per item sent. */
export function deliveryAnswer(plan: DeliveryPlan, results: readonly ItemResult[]): string {
  const accepted = results.filter((result) => result.status === 'queued').length;
  return JSON.stringify({ accepted, duplicates: plan.valid.length - accepted, invalid: plan.invalid.length, results });
}

/** The results the DELIVER script stored as letters (q: queued, d: duplicate), rebuilt over the same delivery; undefined when the letters do not fit it. */
export function resultsFromLetters(plan: DeliveryPlan, letters: string): ItemResult[] | undefined {
  if (letters.length !== plan.valid.length || !/^[qd]*$/.test(letters)) return undefined;
  return resultsOf(plan, [...letters].map((letter) => (letter === 'q' ? 'queued' : 'duplicate')));
}

function resultsOf(plan: DeliveryPlan, statuses: ReadonlyArray<'queued' | 'duplicate'>): ItemResult[] {
  const valid: ItemResult[] = plan.valid.map(({ index, comment, jobId }, i) => ({ index, id: comment.id, status: statuses[i]!, jobId }));
  return [...valid, ...plan.invalid].sort((a, b) => a.index - b.index);
}
