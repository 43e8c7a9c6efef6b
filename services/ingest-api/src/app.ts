import type { CommentQueue } from '@moderato/contracts';
import { healthRouter, notFoundHandler, problemHandler, requestContext, type Logger } from '@moderato/service-kit';
import { pingStorage, type Storage } from '@moderato/storage';
import express, { type Express } from 'express';
import type { Redis } from 'ioredis';
import { putArticle } from './http/articles-route.js';
import { postComments } from './http/comments-route.js';
import { rawJsonBody } from './http/json-body.js';
import { WebhookSecretsCache } from './http/secrets-cache.js';
import { webhookAuth } from './http/webhook-auth.js';

export interface IngestDependencies {
  storage: Storage;
  redis: Redis;
  queue: CommentQueue;
  logger: Logger;
  bodyLimit?: string;
  secretCacheSeconds?: number;
  webhookToleranceSeconds?: number;
}

export function createIngestApp(deps: IngestDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use(requestContext(deps.logger));
  app.use(healthRouter({ redis: () => deps.redis.ping(), mongodb: () => pingStorage(deps.storage) }));

  const secrets = new WebhookSecretsCache(deps.storage, (deps.secretCacheSeconds ?? 10) * 1000);
  const signed = [rawJsonBody(deps.bodyLimit ?? '16mb'), webhookAuth(secrets, deps.webhookToleranceSeconds ?? 300)];
  app.post('/v1/comments', ...signed, postComments(deps.redis, deps.queue));
  app.put('/v1/articles/:articleId', ...signed, putArticle(deps.storage));

  app.use(notFoundHandler());
  app.use(problemHandler());
  return app;
}
