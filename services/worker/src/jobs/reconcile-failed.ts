import { queueKey, type CommentQueue } from '@moderato/contracts';
import type { Logger } from '@moderato/service-kit';
import type { Cluster, Redis } from 'ioredis';

export interface ReconcileOptions {
  /** A failed job is looked at once it has been failed this long, so a failure in progress is left to settle. */
  olderThanMs: number;
  /** How often one comment is put back before it is left failed for an operator. */
  maxRequeues: number;
  /** Failed jobs read per page. */
  pageSize: number;
}

export const DEFAULT_RECONCILE_OPTIONS: ReconcileOptions = { olderThanMs: 5 * 60_000, maxRequeues: 3, pageSize: 200 };

export interface ReconcileDependencies {
  queue: CommentQueue;
  redis: Redis | Cluster;
  /** Whether the comment is stored, in which case its failed job is only a leftover. */
  isStored(publisherId: string, commentId: string): Promise<boolean>;
  logger: Logger;
}

export interface ReconcileReport {
  requeued: string[];
  alreadyStored: string[];
  /** Jobs re-queued maxRequeues times that failed again: left failed, for an operator (GET /v1/admin/failed). */
  givenUp: string[];
}

type CommentJob = Awaited<ReturnType<CommentQueue['getFailed']>>[number];

/** BullMQ's reason for a job whose worker died (or stalled) more often than maxStalledCount. */
const STALLED = /stalled more than allowable limit/;

/**
 * A failed job is a comment the ingest acknowledged (202) that is not stored. The ones that failed for a passing
 * cause (their worker died while they were active, or every attempt met an outage) go back to the queue with a fresh
 * attempt budget; a job failed as unprocessable (UnrecoverableError: before its attempts ran out, not stalled) stays,
 * as retrying cannot help it. Each comment is put back at most `maxRequeues` times (counted in Redis, shared by
 * every worker), so a comment that kills its worker every time ends failed and reported instead of looping.
 */
export async function reconcileFailedComments(deps: ReconcileDependencies, options: ReconcileOptions, now = Date.now()): Promise<ReconcileReport> {
  const report: ReconcileReport = { requeued: [], alreadyStored: [], givenUp: [] };
  const counts = queueKey(deps.queue.name, 'reconciled');
  const failed = await failedJobs(deps.queue, options.pageSize);
  for (const job of failed) {
    if (!job.id || (job.finishedOn ?? now) > now - options.olderThanMs || !failedForPassingCause(job)) continue;
    const { publisherId, comment } = job.data;
    const log = deps.logger.child({ jobId: job.id, publisherId, commentId: comment.id });
    if (await deps.isStored(publisherId, comment.id)) {
      await job.remove();
      await deps.redis.hdel(counts, job.id);
      report.alreadyStored.push(job.id);
      log.info('failed job of a stored comment removed');
      continue;
    }
    const requeues = Number((await deps.redis.hget(counts, job.id)) ?? 0);
    if (requeues >= options.maxRequeues) {
      // Said once, loudly; the job stays listed in GET /v1/admin/failed and counted in the unstored gauge.
      if (requeues === options.maxRequeues) {
        await deps.redis.hincrby(counts, job.id, 1);
        log.error({ failedReason: job.failedReason, requeues }, 'acknowledged comment still not stored after every re-queue: left failed for an operator');
      }
      report.givenUp.push(job.id);
      continue;
    }
    if (!(await putBack(deps, job))) continue;
    await deps.redis.hincrby(counts, job.id, 1);
    report.requeued.push(job.id);
    log.warn({ failedReason: job.failedReason, requeue: requeues + 1, of: options.maxRequeues }, 'acknowledged comment not stored: its failed job is queued again');
  }
  return report;
}

/** Every failed job, oldest failure first, read page by page. */
async function failedJobs(queue: CommentQueue, pageSize: number): Promise<CommentJob[]> {
  const jobs: CommentJob[] = [];
  for (let start = 0; ; start += pageSize) {
    const page = await queue.getFailed(start, start + pageSize - 1);
    // A job removed between listing and reading comes back empty.
    jobs.push(...page.filter(Boolean));
    if (page.length < pageSize) return jobs.reverse();
  }
}

function failedForPassingCause(job: CommentJob): boolean {
  return STALLED.test(job.failedReason ?? '') || job.attemptsMade >= (job.opts.attempts ?? 1);
}

/**
 * Moves the job back to waiting with fresh attempts; false when another worker's reconciler (or an admin) did first.
 * BullMQ keeps a job's stall count across a retry, so it is cleared too: else the next stall would fail it at once.
 */
async function putBack(deps: ReconcileDependencies, job: CommentJob): Promise<boolean> {
  await deps.redis.hdel(deps.queue.toKey(job.id!), 'stc');
  try {
    await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs a reconciliation every `intervalMs` (never two at once in this process; several workers running theirs at the
 * same time only race to put a job back, which one wins). A pass that fails is logged and tried again next time.
 */
export function startReconciler(
  deps: ReconcileDependencies,
  options: ReconcileOptions & { intervalMs: number },
  onReport: (report: ReconcileReport) => void,
): { stop(): Promise<void> } {
  let running: Promise<void> | undefined;
  const pass = (): void => {
    if (running) return;
    running = reconcileFailedComments(deps, options)
      .then(onReport, (error: unknown) => deps.logger.warn({ err: String(error) }, 'reconciliation pass failed; tried again next interval'))
      .finally(() => (running = undefined));
  };
  const timer = setInterval(pass, options.intervalMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
