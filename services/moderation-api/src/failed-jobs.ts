import type { CommentQueue } from '@moderato/contracts';

export interface FailedJobView {
  jobId: string;
  commentId: string | null;
  articleId: string | null;
  webhookId: string | null;
  failedReason: string;
  attemptsMade: number;
  /** When the job was enqueued, its last attempt started, and it failed. */
  enqueuedAt: Date;
  lastAttemptAt: Date | null;
  failedAt: Date | null;
}

export type RetryFailedJobResult = { outcome: 'retried' } | { outcome: 'not_found' } | { outcome: 'not_failed'; state: string };

/** Jobs fetched per read of the failed set while looking for one publisher's. */
const SCAN_CHUNK = 500;

type CommentJob = Awaited<ReturnType<CommentQueue['getJob']>>;

/**
 * The publisher's failed jobs, most recently failed first. The failed set is shared by all publishers, so this reads it
 * in chunks and keeps the caller's own: cost grows with the whole set (bounded by its retention), not with `limit`.
 */
export async function listFailedJobs(queue: CommentQueue, publisherId: string, limit: number): Promise<FailedJobView[]> {
  const found: FailedJobView[] = [];
  for (let start = 0; found.length < limit; start += SCAN_CHUNK) {
    const jobs = await queue.getFailed(start, start + SCAN_CHUNK - 1);
    for (const job of jobs) if (belongsTo(job, publisherId)) found.push(toView(job));
    if (jobs.length < SCAN_CHUNK) break;
  }
  return found.slice(0, limit);
}

/** Moves one of the publisher's failed jobs back to waiting with a fresh attempt budget. */
export async function retryFailedJob(queue: CommentQueue, publisherId: string, jobId: string): Promise<RetryFailedJobResult> {
  const job = await queue.getJob(jobId);
  if (!belongsTo(job, publisherId)) return { outcome: 'not_found' };
  const state = await job.getState();
  if (state !== 'failed') return { outcome: 'not_failed', state };
  try {
    await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
  } catch (error) {
    // Someone retried it between our check and our retry: report the state it is in now.
    const now = await job.getState();
    if (now !== 'failed') return { outcome: 'not_failed', state: now };
    throw error;
  }
  return { outcome: 'retried' };
}

function belongsTo(job: CommentJob | null | undefined, publisherId: string): job is NonNullable<CommentJob> {
  return Boolean(job) && job?.data?.publisherId === publisherId;
}

function toView(job: NonNullable<CommentJob>): FailedJobView {
  return {
    jobId: job.id ?? '',
    commentId: job.data.comment?.id ?? null,
    articleId: job.data.comment?.article?.id ?? null,
    webhookId: job.data.webhookId ?? null,
    failedReason: job.failedReason ?? '',
    attemptsMade: job.attemptsMade,
    enqueuedAt: new Date(job.timestamp),
    lastAttemptAt: job.processedOn ? new Date(job.processedOn) : null,
    failedAt: job.finishedOn ? new Date(job.finishedOn) : null,
  };
}
