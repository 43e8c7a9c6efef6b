import { randomUUID } from 'node:crypto';
import {
  REANALYZE_COMMENTS_JOB, REANALYZE_COMMENTS_VERSION, externalId, reanalyzeJobOptions, reanalyzeProgressSchema,
  type ReanalyzeCommentsJob, type ReanalyzeFilter, type ReanalyzeQueue,
} from '@moderato/contracts';
import { AppError, NotFoundError, parseInput } from '@moderato/service-kit';
import { countUndecidedForReanalysis, type Storage } from '@moderato/storage';
import { Router, type Request } from 'express';
import { z } from 'zod';
import { withQueueDeadline } from './admin-routes.js';
import { principalOf, requireRole } from './auth.js';
import { jobParamsSchema } from './query-schemas.js';

const instant = z.iso
  .datetime({ offset: true, error: 'must be an ISO 8601 date-time with a zone, e.g. 2025-10-25T09:30:00Z' })
  .transform((value) => new Date(value));

/** Which undecided comments to analyze again; an empty body means all of the publisher's. `to` is exclusive. */
export const reanalyzeBodySchema = z
  .strictObject({ articleId: externalId.optional(), from: instant.optional(), to: instant.optional() })
  .refine((body) => !body.from || !body.to || body.from < body.to, { path: ['to'], message: 'must be later than from' });

type ReanalyzeBody = z.output<typeof reanalyzeBodySchema>;

/** What GET answers; `progress` is null until a worker has started the job. */
export interface ReanalysisJobView {
  jobId: string;
  state: 'waiting' | 'active' | 'completed' | 'failed';
  progress: { total: number; processed: number; changed: number; skippedDecided: number } | null;
  filter: ReanalyzeFilter;
  requestedBy: string;
  createdAt: string;
  finishedAt: string | null;
  /** Why the last attempt failed (also while the job waits to be tried again). */
  failedReason: string | null;
}

/**
 * Admin-only: analyze the publisher's undecided comments again under its current policy (a policy change applies to
 * new comments only), as a background job on `queue`, and read how far it got. `storage` counts what the job covers.
 */
export function reanalyzeRouter(storage: Storage, queue: ReanalyzeQueue): Router {
  const router = Router();
  const admins = requireRole('admin');

  router.post('/v1/admin/reanalyze', admins, async (req, res) => {
    const body = parseInput(reanalyzeBodySchema, bodyOf(req), 'body');
    const { publisherId, keyId } = principalOf(req);
    const filter = jobFilter(body);
    const total = await countUndecidedForReanalysis(storage, publisherId, body);
    // Random, not sequential: a job id says nothing about other publishers' jobs.
    const jobId = `r_${randomUUID()}`;
    const job: ReanalyzeCommentsJob = { version: REANALYZE_COMMENTS_VERSION, publisherId, requestedBy: keyId, filter };
    await withQueueDeadline(queue.add(REANALYZE_COMMENTS_JOB, job, { ...reanalyzeJobOptions, jobId }));
    res.status(202).location(`/v1/admin/reanalyze/${jobId}`).json({ jobId, status: 'queued', total });
  });

  router.get('/v1/admin/reanalyze/:jobId', admins, async (req, res) => {
    const { jobId } = parseInput(jobParamsSchema, req.params, 'path');
    const view = await withQueueDeadline(findReanalysisJob(queue, principalOf(req).publisherId, jobId));
    if (!view) throw new NotFoundError(`No re-analysis job "${jobId}" for this publisher.`);
    res.json(view);
  });

  return router;
}

/**
 * No body at all asks for every undecided comment; a body that was sent but not parsed as JSON (another content
 * type) must not be read as that.
 */
function bodyOf(req: Request): unknown {
  if (req.body !== undefined) return req.body;
  const length = req.get('content-length');
  const sent = (length !== undefined && length !== '0') || req.get('transfer-encoding') !== undefined;
  if (sent) throw new AppError('unsupported_media_type', 415, 'Unsupported media type', { detail: 'Send the body as application/json.' });
  return {};
}

/** The filter as the job carries it: ISO 8601 in UTC, only the fields given. */
function jobFilter(body: ReanalyzeBody): ReanalyzeFilter {
  return {
    ...(body.articleId !== undefined && { articleId: body.articleId }),
    ...(body.from && { from: body.from.toISOString() }),
    ...(body.to && { to: body.to.toISOString() }),
  };
}

/** The publisher's job, or null: another publisher's job id answers exactly as an unknown one. */
async function findReanalysisJob(queue: ReanalyzeQueue, publisherId: string, jobId: string): Promise<ReanalysisJobView | null> {
  const job = await queue.getJob(jobId);
  if (!job || job.name !== REANALYZE_COMMENTS_JOB || job.data?.publisherId !== publisherId) return null;
  const state = publicState(await job.getState());
  if (!state) return null;
  const finished = state === 'completed' || state === 'failed';
  return {
    jobId,
    state,
    progress: progressOf(job.progress),
    filter: job.data.filter,
    requestedBy: job.data.requestedBy,
    createdAt: new Date(job.timestamp).toISOString(),
    finishedAt: finished && job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
    failedReason: job.failedReason || null,
  };
}

/** BullMQ's states as clients see them: delayed (waiting out a retry's backoff) and prioritized are waiting too. */
function publicState(state: string): ReanalysisJobView['state'] | null {
  if (state === 'active' || state === 'completed' || state === 'failed') return state;
  if (state === 'waiting' || state === 'delayed' || state === 'prioritized' || state === 'waiting-children') return 'waiting';
  return null; // 'unknown': removed between the two reads
}

/** The counts, without the position the worker keeps to continue from. */
function progressOf(progress: unknown): ReanalysisJobView['progress'] {
  const parsed = reanalyzeProgressSchema.safeParse(progress);
  if (!parsed.success) return null;
  const { total, processed, changed, skippedDecided } = parsed.data;
  return { total, processed, changed, skippedDecided };
}
