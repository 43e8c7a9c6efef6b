import { provisionPublisher } from '@moderato/cli';
import { queueKeyOptions, type CommentQueue } from '@moderato/contracts';
import { silentLogger } from '@moderato/service-kit';
import { closeStorage, openStorage, type Storage } from '@moderato/storage';
import { createTestDatabase, sharedMongo, sharedRedis, uniqueName, type TestDatabase } from '@moderato/testkit';
import { Queue } from 'bullmq';
import type { Express } from 'express';
import { Redis } from 'ioredis';
import { createIngestApp, type IngestDependencies } from '../src/app.js';

export interface IngestHarness {
  app: Express;
  storage: Storage;
  redis: Redis;
  queue: CommentQueue;
  publisherId: string;
  secret: string;
  close(): Promise<void>;
}

/** The ingest app over a real Redis queue and MongoDB database of its own, with one provisioned publisher. */
export async function startIngestHarness(label: string, redisUrl?: string, options: Pick<IngestDependencies, 'rateLimits' | 'clock'> = {}): Promise<IngestHarness> {
  const [mongo, redisServer] = await Promise.all([sharedMongo(), sharedRedis()]);
  const database: TestDatabase = createTestDatabase(mongo, label);
  const storage = await openStorage(database.uri);
  const redis = new Redis(redisUrl ?? redisServer.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 1_000, lazyConnect: !!redisUrl });
  redis.on('error', () => {});
  if (!redisUrl) await waitReady(redis);
  const name = uniqueName(label);
  // BullMQ's keys under the queue's hash tag, beside the ingest's own (one slot on Redis Cluster).
  const queue: CommentQueue = new Queue(name, { connection: redis, ...queueKeyOptions(name) });
  queue.on('error', () => {});
  if (!redisUrl) await queue.waitUntilReady();
  const publisherId = 'test-publisher';
  const { secret } = await provisionPublisher(storage, publisherId);
  const app = createIngestApp({ storage, redis, queue, logger: silentLogger(), secretCacheSeconds: 0, ...options });
  return {
    app,
    storage,
    redis,
    queue,
    publisherId,
    secret,
    close: async () => {
      if (!redisUrl) await queue.obliterate({ force: true });
      await queue.close();
      redis.disconnect();
      await closeStorage(storage);
      await database.drop();
    },
  };
}

function waitReady(redis: Redis): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    redis.once('ready', () => resolve());
    redis.once('end', () => reject(new Error('redis connection ended')));
  });
}
