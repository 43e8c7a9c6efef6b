import { fileURLToPath } from 'node:url';
import { tunedDefaultPolicy } from '@moderato/analysis';
import { contextChangedChannel, eventsRecordedChannel, reanalyzeQueueName, type CommentQueue, type ReanalyzeQueue, queueKeyOptions } from '@moderato/contracts';
import { closeServer, createRedisConnection, listen, REDIS_PURPOSES, runService, type Logger, type RunningService } from '@moderato/service-kit';
import { closeStorage, openStorage } from '@moderato/storage';
import { Queue } from 'bullmq';
import { createModerationApp } from './app.js';
import { moderationConfigSchema, type ModerationConfig } from './config.js';

export { createModerationApp, type ModerationAppDeps } from './app.js';
export { moderationConfigSchema, type ModerationConfig } from './config.js';
export type { CommentDetailAnswer, ReviewQueueItemAnswer, SentimentStatsAnswer } from './http/answer-types.js';

/** How long one MongoDB operation of a request may wait before the request is answered 503 (see openStorage). */
export const MONGODB_REQUEST_DEADLINE_MS = 1_000;

export async function startModerationApi(config: ModerationConfig, logger: Logger): Promise<RunningService & { port: number }> {
  const storage = await openStorage(config.MONGODB_URI, { endpointSecretsKey: config.ENDPOINT_SECRETS_KEY, requestDeadlineMs: MONGODB_REQUEST_DEADLINE_MS });
  // Redis commands from a request fail fast while Redis is down, so /readyz and admin routes answer 503 instead of hanging.
  const redis = createRedisConnection(config.REDIS_URL, REDIS_PURPOSES.requests);
  const queue: CommentQueue = new Queue(config.COMMENT_QUEUE, { connection: redis, ...queueKeyOptions(config.COMMENT_QUEUE) });
  // BullMQ forwards the connection's errors here; without a listener they would be unhandled 'error' events.
  queue.on('error', (error: Error) => logger.warn({ err: error }, 'comment queue: redis error'));
  const reanalyzeQueue: ReanalyzeQueue = new Queue(reanalyzeQueueName(config.COMMENT_QUEUE), { connection: redis, ...queueKeyOptions(reanalyzeQueueName(config.COMMENT_QUEUE)) });
  reanalyzeQueue.on('error', (error: Error) => logger.warn({ err: error }, 're-analysis queue: redis error'));
  const release = async (): Promise<void> => {
    await queue.close();
    await reanalyzeQueue.close();
    redis.disconnect();
    await closeStorage(storage);
  };
  const channel = eventsRecordedChannel(config.COMMENT_QUEUE);
  const announceEvents = (publisherId: string): void => {
    redis.publish(channel, publisherId).catch((error: unknown) => logger.debug({ err: error }, 'events announcement not sent; the relay sweep finds them'));
  };
  const contextChannel = contextChangedChannel(config.COMMENT_QUEUE);
  const announcePolicyChange = (publisherId: string): void => {
    redis.publish(contextChannel, JSON.stringify({ publisherId })).catch((error: unknown) => logger.warn({ err: error }, 'policy change announcement not sent; workers see it when their cached copy expires'));
  };
  const egress = { allowPrivateNetworks: config.ENDPOINT_ALLOW_PRIVATE_NETWORKS, allowHttp: config.ENDPOINT_ALLOW_HTTP };
  // The defaults a publisher's policy is laid over are the worker's: the levels tuned with the shipped models.
  const policyDefaults = tunedDefaultPolicy();
  const app = createModerationApp({ storage, queue, reanalyzeQueue, logger, egress, announceEvents, announcePolicyChange, policyDefaults });
  const { server, port } = await listen(app, config.MODERATION_PORT, config.MODERATION_HOST).catch(async (error: unknown) => {
    await release();
    throw error;
  });
  logger.info({ port, queue: config.COMMENT_QUEUE }, 'moderation API listening');
  return {
    port,
    stop: async () => {
      await closeServer(server);
      await release();
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await runService('moderation-api', moderationConfigSchema, startModerationApi);
}
