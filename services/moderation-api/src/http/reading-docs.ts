import { eventEnvelopeSchema } from '@moderato/contracts';
import { apiKeyRequirement, jsonResponse, problemResponses, type Agrees, type JsonOf, type ZodOpenApiPathsObject } from '@moderato/openapi-kit';
import {
  API_KEY_ROLES, GROUPED_STATS_SORTS, STATS_EXCLUDABLE_FLAGS, STATS_INTERVALS, type ApiKeyPrincipal, type ArticleStats, type AuthorStats, type SentimentBucket,
} from '@moderato/storage';
import { z } from 'zod';
import { DEFAULT_GROUPED_RANGE_DAYS, groupedStatsQuerySchema, MAX_GROUPED_RANGE_DAYS, sentimentStatsQuerySchema } from './query-schemas.js';
import { eventFeedQuerySchema } from './webhook-schemas.js';

// What any key, analysts' keys in particular, read: whose key it is, the sentiment figures and the event feed.

export const meSchema = z.object({ publisherId: z.string(), role: z.enum(API_KEY_ROLES), keyId: z.string() });

const count = z.number().int().min(0);

export const sentimentBucketSchema = z.object({
  start: z.iso.datetime().meta({ description: 'The bucket’s start, truncated to the hour or day in UTC.' }),
  total: count,
  counts: z.object({ negative: count, neutral: count, positive: count }),
  meanScore: z.number().meta({ description: 'In [-1, 1].' }),
});

const excludedSchema = z
  .array(z.enum(STATS_EXCLUDABLE_FLAGS))
  .meta({ description: 'Flag kinds whose comments (whatever their status) were left out of the figures; `include` counts them.' });

const share = z.number().min(0).max(1);

const groupFigures = {
  total: count.meta({ description: 'Comments with a sentiment in the range.' }),
  counts: z.object({ negative: count, neutral: count, positive: count }),
  meanScore: z.number().meta({ description: 'In [-1, 1].' }),
  negativeShare: share.meta({ description: '`counts.negative / total`.' }),
  positiveShare: share.meta({ description: '`counts.positive / total`.' }),
};

export const articleStatsSchema = z.object({ articleId: z.string(), ...groupFigures });
export const authorStatsSchema = z.object({ authorId: z.string(), ...groupFigures });

const groupedEnvelope = {
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  sort: z.enum(GROUPED_STATS_SORTS),
  limit: z.number().int().min(1),
  excluded: excludedSchema,
};

export const articleStatsPageSchema = z.object({ ...groupedEnvelope, articles: z.array(articleStatsSchema).meta({ description: 'In the order asked; at most `limit`.' }) });
export const authorStatsPageSchema = z.object({ ...groupedEnvelope, authors: z.array(authorStatsSchema).meta({ description: 'In the order asked; at most `limit`.' }) });

export const sentimentStatsSchema = z.object({
  interval: z.enum(STATS_INTERVALS),
  timezone: z.literal('UTC'),
  articleId: z.string().nullable(),
  from: z.iso.datetime().nullable(),
  to: z.iso.datetime().nullable(),
  excluded: excludedSchema,
  buckets: z.array(sentimentBucketSchema).meta({ description: 'Oldest first; buckets without comments are absent.' }),
});

export const eventFeedPageSchema = z.object({
  events: z.array(eventEnvelopeSchema),
  nextCursor: z.string().meta({ description: 'Pass as `after` to read on; also when `hasMore` is false, to poll for newer events.' }),
  hasMore: z.boolean(),
});

const _meAgrees: Agrees<z.output<typeof meSchema>, ApiKeyPrincipal> = true;
const _bucketAgrees: Agrees<z.output<typeof sentimentBucketSchema>, JsonOf<SentimentBucket>> = true;
const _articleAgrees: Agrees<z.output<typeof articleStatsSchema>, JsonOf<ArticleStats>> = true;
const _authorAgrees: Agrees<z.output<typeof authorStatsSchema>, JsonOf<AuthorStats>> = true;

const GROUPED_DESCRIPTION =
  `Over [\`from\`, \`to\`): by default the last ${DEFAULT_GROUPED_RANGE_DAYS} days up to now, at most ${MAX_GROUPED_RANGE_DAYS} days. ` +
  'Only comments with a sentiment count; comments flagged spam or duplicate (whatever their status) are left out unless `include` names them, and `excluded` says which were. ' +
  '`sort=negative` gives the most negative first (highest negative share, then more comments); at most `limit` (≤ 100) rows.';

const groupedOperation = (operationId: string, summary: string, schema: z.ZodType) => ({
  get: {
    tags: ['stats'],
    security: apiKeyRequirement('analyst', 'moderator', 'admin'),
    operationId,
    summary,
    description: GROUPED_DESCRIPTION,
    requestParams: { query: groupedStatsQuerySchema },
    responses: { 200: jsonResponse('The figures.', schema), ...problemResponses(400, 401, 403, 503) },
  },
});

export const readingPaths: ZodOpenApiPathsObject = {
  '/v1/me': {
    get: {
      tags: ['keys'],
      security: apiKeyRequirement(...API_KEY_ROLES),
      operationId: 'getMe',
      summary: 'Whose key this is',
      responses: { 200: jsonResponse('The key’s publisher, role and id; nothing secret.', meSchema), ...problemResponses(401, 503) },
    },
  },
  '/v1/stats/sentiment': {
    get: {
      tags: ['stats'],
      security: apiKeyRequirement('analyst', 'moderator', 'admin'),
      operationId: 'getSentimentStats',
      summary: 'Sentiment per hour or day',
      description:
        'Counts per label and the mean score per UTC bucket. Hourly figures need `from`, and at most 31 days up to `to` (or now). Comments flagged spam or duplicate (whatever their status) are left out unless `include` names them; `excluded` says which were.',
      requestParams: { query: sentimentStatsQuerySchema },
      responses: { 200: jsonResponse('The figures.', sentimentStatsSchema), ...problemResponses(400, 401, 403, 503) },
    },
  },
  '/v1/stats/articles': groupedOperation('getArticleStats', 'Sentiment per article over a range', articleStatsPageSchema),
  '/v1/stats/authors': groupedOperation('getAuthorStats', 'Sentiment per author over a range', authorStatsPageSchema),
  '/v1/events': {
    get: {
      tags: ['events'],
      security: apiKeyRequirement('admin', 'analyst'),
      operationId: 'readEventFeed',
      summary: 'The publisher’s events, in feed order',
      description: 'The same events the webhooks carry. Reading from the start and then always `after` the returned `nextCursor` sees every event exactly once. `types` is repeatable or comma-separated.',
      requestParams: { query: eventFeedQuerySchema },
      responses: { 200: jsonResponse('A page of events.', eventFeedPageSchema), ...problemResponses(400, 401, 403, 503) },
    },
  },
};
