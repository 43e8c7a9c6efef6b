import { apiKeyRequirement, jsonResponse, problemResponses, type Agrees, type JsonOf, type ZodOpenApiPathsObject } from '@moderato/openapi-kit';
import type { Overview } from '@moderato/storage';
import { z } from 'zod';
import { overviewQuerySchema } from './overview-routes.js';

const count = z.number().int().min(0);
const decisionCounts = { approved: count, rejected: count };
const seconds = z.number().nullable();

export const overviewSchema = z
  .object({
    from: z.iso.datetime(),
    to: z.iso.datetime(),
    pendingNow: count.meta({ description: 'Comments awaiting review now, whenever they were created.' }),
    received: z
      .object({
        total: count,
        byPolicy: z.object(decisionCounts).meta({ description: 'Settled by the analysis and the policy, never held for a moderator.' }),
        byHand: z.object(decisionCounts).meta({ description: 'Decided by a moderator, at any time up to now.' }),
        pending: count.meta({ description: 'Still awaiting review.' }),
      })
      .meta({ description: 'The comments created in the range and what became of them: `total` = byPolicy + byHand + pending.' }),
    topFlags: z.array(z.object({ kind: z.string(), count })).meta({ description: 'Flag kinds of the comments created in the range, most frequent first.' }),
    decisions: z
      .object({
        total: count,
        ...decisionCounts,
        timeToDecision: z
          .object({ p50Seconds: seconds, p95Seconds: seconds })
          .meta({ description: 'Seconds from receipt to the decision, nearest-rank percentiles; null without decisions.' }),
        moderators: z
          .array(z.object({ keyId: z.string(), label: z.string().nullable().meta({ description: 'The key’s label; null when it has none.' }), total: count, ...decisionCounts }))
          .meta({ description: 'Per deciding key, most decisions first.' }),
        precision: z
          .array(z.object({ kind: z.string(), decided: count, rejected: count, rejectedShare: z.number().min(0).max(1).meta({ description: '`rejected / decided`.' }) }))
          .meta({ description: 'Detector precision as the moderators judged it: per flag kind, of the comments with that flag they decided, how many they rejected. Most decided first; read the counts with the share.' }),
      })
      .meta({ description: 'The decisions moderators made in the range (by when they decided; an undone decision no longer counts).' }),
  })
  .meta({ id: 'Overview' });

const _overviewAgrees: Agrees<z.output<typeof overviewSchema>, JsonOf<Overview>> = true;

export const overviewPaths: ZodOpenApiPathsObject = {
  '/v1/overview': {
    get: {
      tags: ['review'],
      security: apiKeyRequirement('moderator', 'admin'),
      operationId: 'getOverview',
      summary: 'The desk’s overview: what came in, who decided what, how fast, and how precise each detector is',
      description:
        'Over [`from`, `to`) (default the last 7 days, at most 366): the comments created in it and what became of them (by the policy, by hand, still pending), their top flag kinds; and the decisions moderators made in it: per moderator, time to decision, and per flag kind the share of flagged comments they rejected. `pendingNow` is the queue now.',
      requestParams: { query: overviewQuerySchema },
      responses: { 200: jsonResponse('The overview.', overviewSchema), ...problemResponses(400, 401, 403, 503) },
    },
  },
};
