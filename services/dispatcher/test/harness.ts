import { randomBytes } from 'node:crypto';
import { deliveryQueueName, type EventType, queueKeyOptions } from '@moderato/contracts';
import { silentLogger } from '@moderato/service-kit';
import { closeStorage, createWebhookEndpoint, openStorage, type Storage, type WebhookEndpointRecord } from '@moderato/storage';
import { createTestDatabase, sharedMongo, sharedRedis, uniqueName, type TestDatabase } from '@moderato/testkit';
import { generateWebhookSecret } from '@moderato/webhooks';
import { Queue } from 'bullmq';
import { dispatcherConfigSchema, startDispatcher } from '../src/main.js';

export { buildAnalysis, saveComments, at } from '../../../packages/storage/test/builders.js';

export type DispatcherSettings = Partial<Record<'DELIVERY_RETRY_SCHEDULE_MS' | 'DELIVERY_TIMEOUT_MS' | 'ENDPOINT_DISABLE_AFTER_HOURS' | 'RELAY_INTERVAL_MS', string>>;

/** A database and queue names of the test's own, the key that seals endpoint secrets, and dispatchers started on them. */
export interface DispatcherHarness {
  storage: Storage;
  commentQueue: string;
  /** Starts one more dispatcher process-equivalent on the same backends; stopped by `stop()` unless stopped first. */
  startDispatcher(settings?: DispatcherSettings): Promise<{ stop(): Promise<void> }>;
  registerEndpoint(publisherId: string, url: string, eventTypes?: EventType[]): Promise<WebhookEndpointRecord & { secret: string }>;
  stop(): Promise<void>;
}

export async function startDispatcherHarness(label: string): Promise<DispatcherHarness> {
  const [mongo, redis] = await Promise.all([sharedMongo(), sharedRedis()]);
  const database: TestDatabase = createTestDatabase(mongo, label);
  const endpointSecretsKey = randomBytes(32);
  const storage = await openStorage(database.uri, { endpointSecretsKey });
  const commentQueue = uniqueName(label);
  const running = new Set<{ stop(): Promise<void> }>();
  const env = {
    MONGODB_URI: database.uri, REDIS_URL: redis.url, COMMENT_QUEUE: commentQueue, ENDPOINT_SECRETS_KEY: endpointSecretsKey.toString('base64'),
    DISPATCHER_PORT: '0', DISPATCHER_HOST: '127.0.0.1', ENDPOINT_ALLOW_PRIVATE_NETWORKS: 'true', ENDPOINT_ALLOW_HTTP: 'true',
    RELAY_INTERVAL_MS: '100', DELIVERY_RETRY_SCHEDULE_MS: '100,200,400', DELIVERY_TIMEOUT_MS: '2000', LOG_LEVEL: 'silent',
  };
  return {
    storage,
    commentQueue,
    startDispatcher: async (settings = {}) => {
      const dispatcher = await startDispatcher(dispatcherConfigSchema.parse({ ...env, ...settings }), silentLogger());
      const handle = {
        stop: async () => {
          if (!running.delete(handle)) return;
          await dispatcher.stop();
        },
      };
      running.add(handle);
      return handle;
    },
    registerEndpoint: async (publisherId, url, eventTypes = []) => {
      const secret = generateWebhookSecret();
      const endpoint = await createWebhookEndpoint(storage, { publisherId, url, eventTypes, secret });
      return { ...endpoint, secret };
    },
    stop: async () => {
      for (const dispatcher of [...running]) await dispatcher.stop();
      const deliveries = new Queue(deliveryQueueName(commentQueue), { connection: { url: redis.url }, ...queueKeyOptions(deliveryQueueName(commentQueue)) });
      await deliveries.obliterate({ force: true });
      await deliveries.close();
      await closeStorage(storage);
      await database.drop();
    },
  };
}
