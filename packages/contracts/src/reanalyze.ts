import type { JobsOptions, Queue } from 'bullmq';
import { z } from 'zod';
import { externalId } from './comment.js';
import { COMPLETED_RETENTION_SECONDS, FAILED_RETENTION_SECONDS } from './queue.js';

/**
 * Re-analysis jobs: an admin asks (POST /v1/admin/reanalyze) for a publisher's undecided comments to be analyzed again
 * under its current policy; the worker pages through them and reports its progress on the job.
 */
export const REANALYZE_COMMENTS_JOB = 'reanalyze-comments' as const;
export const REANALYZE_COMMENTS_VERSION = 1;

/** The re-analysis queue that belongs to a comment queue, so every deployment (and every test) has its own. */
export function reanalyzeQueueName(commentQueue: string): string {
  return `${commentQueue}-reanalyze`;
}

/** `from` before `to` when both are given. */
const orderedRange = (range: { from?: string | undefined; to?: string | undefined }): boolean =>
  !range.from || !range.to || Date.parse(range.from) < Date.parse(range.to);

/**
 * Which comments to analyze again: those of one article, and/or created in [from, to) (ISO 8601, UTC); none of them
 * given means every undecided comment of the publisher.
 */
export const reanalyzeFilterSchema = z
  .strictObject({
    articleId: externalId.optional(),
    from: z.iso.datetime().optional(),
    to: z.iso.datetime().optional(),
  })
  .refine(orderedRange, { path: ['to'], message: 'must be later than from' });

export const reanalyzeCommentsJobSchema = z.strictObject({
  version: z.literal(REANALYZE_COMMENTS_VERSION),
  publisherId: z.string().min(1),
  /** keyId of the admin's API key (never the key itself). */
  requestedBy: z.string().min(1),
  filter: reanalyzeFilterSchema,
});

export type ReanalyzeCommentsJob = z.input<typeof reanalyzeCommentsJobSchema>;
export type ReanalyzeFilter = z.output<typeof reanalyzeFilterSchema>;

const count = z.number().int().min(0);

/**
 * The job's progress (BullMQ keeps it with the job, across retries): counts so far, and where the last finished page
 * ended, so a retried or handed-back job continues after it instead of starting again.
 */
export const reanalyzeProgressSchema = z.object({
  /** Undecided comments in the filter when the job started (comments arriving meanwhile may add to it). */
  total: count,
  processed: count,
  /** Comments whose outcome (status, flags, original) changed, each with a `comment.reanalyzed` event. */
  changed: count,
  /** Comments a moderator decided between being listed and being written: left as decided. */
  skippedDecided: count,
  after: z.object({ createdAt: z.iso.datetime(), commentId: z.string().min(1) }).optional(),
});

export type ReanalyzeProgress = z.infer<typeof reanalyzeProgressSchema>;

/** A job works through many pages, so a failed attempt waits longer than a comment's before the next one. */
export const reanalyzeJobOptions: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 5_000 },
  removeOnComplete: { age: COMPLETED_RETENTION_SECONDS, count: 10_000 },
  removeOnFail: { age: FAILED_RETENTION_SECONDS, count: 10_000 },
};

export type ReanalyzeQueue = Queue<ReanalyzeCommentsJob, unknown, typeof REANALYZE_COMMENTS_JOB>;
