import { createHash } from 'node:crypto';
import type { JobsOptions } from 'bullmq';
import { z } from 'zod';
import { incomingCommentSchema } from './comment.js';

/** Queue names. Tests and multi-tenant deployments give each run its own name through configuration. */
export const QUEUE_NAMES = { comments: 'moderato-comments' } as const;

export const ANALYZE_COMMENT_JOB = 'analyze-comment';
export const ANALYZE_COMMENT_VERSION = 1;

export const analyzeCommentJobSchema = z.strictObject({
  version: z.literal(ANALYZE_COMMENT_VERSION),
  publisherId: z.string().min(1),
  /** When the ingest API accepted the comment (ISO 8601). */
  receivedAt: z.iso.datetime(),
  webhookId: z.string().min(1),
  comment: incomingCommentSchema,
});

export type AnalyzeCommentJob = z.input<typeof analyzeCommentJobSchema>;

/**
 * Retention is bounded so Redis never grows without limit; the ingest API's per-comment dedupe window
 * (COMMENT_DEDUPE_SECONDS) is longer than the retention, so a redelivery after a job is removed is still recognised.
 */
export const COMPLETED_RETENTION_SECONDS = 24 * 3600;
export const FAILED_RETENTION_SECONDS = 14 * 24 * 3600;
export const COMMENT_DEDUPE_SECONDS = 30 * 24 * 3600;
export const WEBHOOK_DEDUPE_SECONDS = 30 * 24 * 3600;

export const commentJobOptions: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1_000 },
  removeOnComplete: { age: COMPLETED_RETENTION_SECONDS, count: 100_000 },
  removeOnFail: { age: FAILED_RETENTION_SECONDS },
};

/**
 * Deterministic job id for one (publisher, comment): BullMQ refuses to add a second job with the same id while the
 * first is retained. Hashed because publisher ids may contain characters BullMQ does not allow in custom ids.
 */
export function commentJobId(publisherId: string, commentId: string): string {
  const digest = createHash('sha256').update(publisherId).update('\u0000').update(commentId).digest('base64url');
  return `c_${digest.slice(0, 32)}`;
}
