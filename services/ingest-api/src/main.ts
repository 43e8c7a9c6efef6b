import { fileURLToPath } from 'node:url';
import { QUEUE_NAMES, queueKeyOptions, type CommentQueue } from '@moderato/contracts';
import { closeServer, listen, runService, type Logger, type RunningService } from '@moderato/service-kit';
import { closeStorage, openStorage } from '@moderato/storage';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { createIngestApp } from './app.js';
import { ingestConfigSchema, type IngestConfig } from './config.js';

export { ingestConfigSchema, type IngestConfig } from './config.js';
export { createIngestApp } from './app.js';

export async function startIngestApi(config: IngestConfig, logger: Logger): Promise<RunningService & { port: number }> {
  const storage = await openStorage(config.MONGODB_URI, { webhookSecretsKey: config.WEBHOOK_SECRETS_KEY });
  // Producer side: fail fast when Redis is down, so a delivery gets a 503 at once instead of waiting in a buffer.
  const redis = new Redis(config.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 1_000, lazyConnect: false });
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
