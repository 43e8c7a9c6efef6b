import type { CommentQueue } from '@moderato/contracts';
import { AppError, ConflictError, NotFoundError, UnavailableError, parseInput } from '@moderato/service-kit';
import { Router } from 'express';
import { listFailedJobs, retryFailedJob } from '../failed-jobs.js';
import { principalOf, requireRole } from './auth.js';
import { failedJobsQuerySchema, jobParamsSchema } from './query-schemas.js';

/** How long an admin request waits for Redis before answering 503. */
export const QUEUE_DEADLINE_MS = 1_000;

/** Admin-only: the publisher's comments that could not be processed, and retrying them. */
export function adminRouter(queue: CommentQueue): Router {
  const router = Router();
  router.use('/v1/admin', requireRole('admin'));

  router.get('/v1/admin/failed', async (req, res) => {
    const { limit } = parseInput(failedJobsQuerySchema, req.query, 'query');
    const items = await withQueueDeadline(listFailedJobs(queue, principalOf(req).publisherId, limit));
    res.json({ items });
  });

  router.post('/v1/admin/failed/:jobId/retry', async (req, res) => {
    const { jobId } = parseInput(jobParamsSchema, req.params, 'path');
    const result = await withQueueDeadline(retryFailedJob(queue, principalOf(req).publisherId, jobId));
    if (result.outcome === 'not_found') throw new NotFoundError(`No failed job "${jobId}" for this publisher.`);
    if (result.outcome === 'not_failed') throw new ConflictError(`Job "${jobId}" is ${result.state}, not failed.`, 'job_not_failed', { state: result.state });
    res.status(202).json({ jobId, state: 'waiting' });
  });
  return router;
}

/** Redis errors and slowness become a 503 within the deadline instead of a hung request or a 500. */
export async function withQueueDeadline<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${QUEUE_DEADLINE_MS} ms`)), QUEUE_DEADLINE_MS);
  });
  try {
    return await Promise.race([work, deadline]);
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new UnavailableError('The job queue (Redis) is unavailable; retry later.', error);
  } finally {
    clearTimeout(timer);
  }
}
