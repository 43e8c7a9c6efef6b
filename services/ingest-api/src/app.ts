import type { CommentQueue } from '@moderato/contracts';
import { openApiRouter } from '@moderato/openapi-kit';
import { createServiceApp, createServiceMetrics, type Logger, type RedisConnection, type ServiceMetrics } from '@moderato/service-kit';
import { pingStorage, type Storage } from '@moderato/storage';
import type { Express } from 'express';
import { Counter } from 'prom-client';
import { putArticle } from './http/articles-route.js';
import { postComments } from './http/comments-route.js';
import { rawJsonBody } from './http/json-body.js';
import { createIngestDocument } from './http/openapi.js';
import { DEFAULT_RATE_LIMITS, IngestRateLimiter, type IngestRateLimits } from './http/rate-limits.js';
import { WebhookSecretsCache } from './http/secrets-cache.js';
import { webhookAuth } from './http/webhook-auth.js';
import { IntakeStore } from './redis/intake-store.js';

export interface IngestDependencies {
  storage: Storage;
  /** For the readiness check; the ingest's own Redis work runs on the queue's client, beside BullMQ's. */
  redis: RedisConnection;
  queue: CommentQueue;
  logger: Logger;
  metrics?: ServiceMetrics;
  bodyLimit?: string;
  secretCacheSeconds?: number;
  webhookToleranceSeconds?: number;
  rateLimits?: IngestRateLimits;
  /** A publisher's fair share in comments a minute, past which its jobs queue behind quieter ones'; 0 turns it off. */
  fairCommentsPerMinute?: number;
  /** Express's `trust proxy`: set it when a proxy in front sets X-Forwarded-For, so limits count real client addresses. */
  trustProxy?: boolean | number | string;
  /** The clock that places comments and answers in their dedupe buckets (Date.now); tests move it across the window. */
  clock?: () => number;
}

export function createIngestApp(deps: IngestDependencies): Express {
  const metrics = deps.metrics ?? createServiceMetrics('ingest-api');
  const comments = new Counter({
    name: 'moderato_ingest_comments_total',
    help: 'Comments received, by result (queued, duplicate, invalid)',
    labelNames: ['result'] as const,
    registers: [metrics.registry],
  });
  const secrets = new WebhookSecretsCache(deps.storage, (deps.secretCacheSeconds ?? 10) * 1000);
  const limits = deps.rateLimits ?? DEFAULT_RATE_LIMITS;
  const store = new IntakeStore(deps.queue, limits, deps.fairCommentsPerMinute, deps.clock);
  const limiter = new IngestRateLimiter(store, limits);
  // The publisher's budget is consumed after authentication: by the comments route in its one round trip, by
  // limitPublisher for the articles route.
  const signed = [
    limiter.refuseRepeatedFailures(),
    rawJsonBody(deps.bodyLimit ?? '16mb'),
    webhookAuth(secrets, deps.webhookToleranceSeconds ?? 300, (req) => limiter.recordFailure(req)),
  ];
  return createServiceApp(
    { service: 'ingest-api', logger: deps.logger, metrics, readiness: { redis: () => deps.redis.ping(), mongodb: () => pingStorage(deps.storage) } },
    (app) => {
      app.set('trust proxy', deps.trustProxy ?? false);
      app.post('/v1/comments', ...signed, postComments(store, limiter, (result) => comments.inc({ result })));
      app.put('/v1/articles/:articleId', ...signed, limiter.limitPublisher(), putArticle(deps.storage));
      app.use(openApiRouter(createIngestDocument(), 'Moderato ingest API'));
    },
  );
}
