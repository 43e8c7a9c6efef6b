import { apiKeyRequirement, jsonResponse, problemResponse, problemResponses, type Agrees, type JsonOf, type ZodOpenApiPathsObject } from '@moderato/openapi-kit';
import { reanalyzeFilterSchema } from '@moderato/contracts';
import { z } from 'zod';
import type { FailedJobView } from '../failed-jobs.js';
import { failedJobsQuerySchema, jobParamsSchema } from './query-schemas.js';
import { reanalyzeBodySchema, type ReanalysisJobView } from './reanalyze-routes.js';

const instant = z.iso.datetime();
const count = z.number().int().min(0);

export const failedJobSchema = z.object({
  jobId: z.string(),
  commentId: z.string().nullable(),
  articleId: z.string().nullable(),
  webhookId: z.string().nullable(),
  failedReason: z.string(),
  attemptsMade: count,
  enqueuedAt: instant,
  lastAttemptAt: instant.nullable(),
  failedAt: instant.nullable(),
});

export const retryAnswerSchema = z.object({ jobId: z.string(), state: z.literal('waiting') });

export const reanalysisQueuedSchema = z.object({ jobId: z.string(), status: z.literal('queued'), total: count.meta({ description: 'Undecided comments the filter covers now.' }) });

export const reanalysisJobSchema = z.object({
  jobId: z.string(),
  state: z.enum(['waiting', 'active', 'completed', 'failed']),
  progress: z.object({ total: count, processed: count, changed: count, skippedDecided: count }).nullable().meta({ description: 'null until a worker has started the job.' }),
  filter: reanalyzeFilterSchema,
  requestedBy: z.string().meta({ description: 'The admin key’s id.' }),
  createdAt: instant,
  finishedAt: instant.nullable(),
  failedReason: z.string().nullable(),
});

const _failedAgrees: Agrees<z.output<typeof failedJobSchema>, JsonOf<FailedJobView>> = true;
const _reanalysisAgrees: Agrees<z.output<typeof reanalysisJobSchema>, ReanalysisJobView> = true;

const admins = { tags: ['admin'], security: apiKeyRequirement('admin') };
const queueDown = problemResponse(503, 'Redis (the job queue) or MongoDB did not answer within a second; retry later.');

export const adminPaths: ZodOpenApiPathsObject = {
  '/v1/admin/failed': {
    get: {
      ...admins,
      operationId: 'listFailedJobs',
      summary: 'The publisher’s comments that could not be processed',
      requestParams: { query: failedJobsQuerySchema },
      responses: { 200: jsonResponse('Most recently failed first.', z.object({ items: z.array(failedJobSchema) })), ...problemResponses(400, 401, 403), 503: queueDown },
    },
  },
  '/v1/admin/failed/{jobId}/retry': {
    post: {
      ...admins,
      operationId: 'retryFailedJob',
      summary: 'Try a failed comment again, with a fresh attempt budget',
      requestParams: { path: jobParamsSchema },
      responses: {
        202: jsonResponse('Back in the queue.', retryAnswerSchema),
        ...problemResponses(400, 401, 403, 404),
        409: problemResponse(409, 'The job is not failed (`job_not_failed`); `state` says what it is.'),
        503: queueDown,
      },
    },
  },
  '/v1/admin/reanalyze': {
    post: {
      ...admins,
      operationId: 'reanalyzeComments',
      summary: 'Analyze undecided comments again under the current policy',
      description: 'A background job; no body means every undecided comment of the publisher. `to` is exclusive.',
      requestBody: { required: false, content: { 'application/json': { schema: reanalyzeBodySchema } } },
      responses: {
        202: jsonResponse('Queued; follow it at `Location`.', reanalysisQueuedSchema, z.object({ location: z.string() })),
        ...problemResponses(400, 401, 403, 413, 415),
        503: queueDown,
      },
    },
  },
  '/v1/admin/reanalyze/{jobId}': {
    get: {
      ...admins,
      operationId: 'getReanalysisJob',
      summary: 'How far a re-analysis got',
      requestParams: { path: jobParamsSchema },
      responses: { 200: jsonResponse('The job.', reanalysisJobSchema), ...problemResponses(400, 401, 403, 404), 503: queueDown },
    },
  },
};
