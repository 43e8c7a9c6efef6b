import { eventEnvelopeSchema } from '@moderato/contracts';
import { apiKeyRequirement, jsonResponse, problemResponses, type Agrees, type JsonOf, type ZodOpenApiPathsObject } from '@moderato/openapi-kit';
import { API_KEY_ROLES, STATS_INTERVALS, type ApiKeyPrincipal, type SentimentBucket } from '@moderato/storage';
import { z } from 'zod';
import { sentimentStatsQuerySchema } from './query-schemas.js';
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

export const sentimentStatsSchema = z.object({
  interval: z.enum(STATS_INTERVALS),
  timezone: z.literal('UTC'),
  articleId: z.string().nullable(),
  from: z.iso.datetime().nullable(),
  to: z.iso.datetime().nullable(),
  buckets: z.array(sentimentBucketSchema).meta({ description: 'Oldest first; buckets without comments are absent.' }),
});

export const eventFeedPageSchema = z.object({
  events: z.array(eventEnvelopeSchema),
  nextCursor: z.string().meta({ description: 'Pass as `after` to read on; also when `hasMore` is false, to poll for newer events.' }),
  hasMore: z.boolean(),
});

const _meAgrees: Agrees<z.output<typeof meSchema>, ApiKeyPrincipal> = true;
const _bucketAgrees: Agrees<z.output<typeof sentimentBucketSchema>, JsonOf<SentimentBucket>> = true;

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
      description: 'Counts per label and the mean score per UTC bucket. Hourly figures need `from`, and at most 31 days up to `to` (or now).',
      requestParams: { query: sentimentStatsQuerySchema },
      responses: { 200: jsonResponse('The figures.', sentimentStatsSchema), ...problemResponses(400, 401, 403, 503) },
    },
  },
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
