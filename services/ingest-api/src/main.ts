import { fileURLToPath } from 'node:url';
import { QUEUE_NAMES, queueKeyOptions, type CommentQueue } from '@moderato/contracts';
import { closeServer, createRedisConnection, listen, REDIS_PURPOSES, runService, type Logger, type RunningService } from '@moderato/service-kit';
import { closeStorage, openStorage } from '@moderato/storage';
import { Queue } from 'bullmq';
import { createIngestApp } from './app.js';
import { ingestConfigSchema, type IngestConfig } from './config.js';

export { ingestConfigSchema, type IngestConfig } from './config.js';
export { createIngestApp } from './app.js';

/** How long one MongoDB operation of a request may wait before the request is answered 503 (see openStorage). */
export const MONGODB_REQUEST_DEADLINE_MS = 1_000;

export async function startIngestApi(config: IngestConfig, logger: Logger): Promise<RunningService & { port: number }> {
  const storage = await openStorage(config.MONGODB_URI, { webhookSecretsKey: config.WEBHOOK_SECRETS_KEY, requestDeadlineMs: MONGODB_REQUEST_DEADLINE_MS });
  // Producer side: fail fast when Redis is down, so a delivery gets a 503 at once instead of waiting in a buffer.
  const redis = createRedisConnection(config.REDIS_URL, REDIS_PURPOSES.failFast);
  redis.on('error', (error: Error) => logger.warn({ err: error.message }, 'redis connection error'));
  const queueName = config.COMMENT_QUEUE ?? QUEUE_NAMES.comments;
  const queue: CommentQueue = new Queue(queueName, { connection: redis, ...queueKeyOptions(queueName) });
  queue.on('error', (error: Error) => logger.warn({ err: error.message }, 'queue error'));
  const app = createIngestApp({
    storage,
    redis,
    queue,
    logger,
    bodyLimit: config.INGEST_BODY_LIMIT,
    secretCacheSeconds: config.SECRET_CACHE_SECONDS,
    webhookToleranceSeconds: config.WEBHOOK_TOLERANCE_SECONDS,
    rateLimits: { requestsPerMinute: config.INGEST_REQUESTS_PER_MINUTE, authFailuresPerMinute: config.INGEST_AUTH_FAILURES_PER_MINUTE },
    trustProxy: config.INGEST_TRUST_PROXY,
    fairCommentsPerMinute: config.INGEST_FAIR_COMMENTS_PER_MINUTE,
  });
  const { server, port } = await listen(app, config.INGEST_PORT, config.INGEST_HOST);
  logger.info({ port, queue: config.COMMENT_QUEUE }, 'ingest API listening');
  return {
    port,
    stop: async () => {
      await closeServer(server);
      await queue.close();
      redis.disconnect();
      await closeStorage(storage);
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await runService('ingest-api', ingestConfigSchema, startIngestApi);
}
