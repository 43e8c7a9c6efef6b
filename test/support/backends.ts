import { createTestDatabase, sharedMongo, sharedRedis, uniqueName } from '@moderato/testkit';
import { deliveryQueueName, reanalyzeQueueName, queueKeyOptions } from '@moderato/contracts';
import { Queue } from 'bullmq';

/** A database and a queue name of one test's own, on the test run's shared MongoDB and Redis. */
export interface OwnBackends {
  /** The environment every service reads them from: MONGODB_URI, REDIS_URL, COMMENT_QUEUE (and silent logs). */
  env: { MONGODB_URI: string; REDIS_URL: string; COMMENT_QUEUE: string; LOG_LEVEL: 'silent' };
  /** Drops the database and the queue; call it after the services using them have stopped. */
  remove(): Promise<void>;
}

export async function ownBackends(label: string): Promise<OwnBackends> {
  const [mongo, redis] = await Promise.all([sharedMongo(), sharedRedis()]);
  const database = createTestDatabase(mongo, label);
  const queueName = uniqueName(label);
  return {
    env: { MONGODB_URI: database.uri, REDIS_URL: redis.url, COMMENT_QUEUE: queueName, LOG_LEVEL: 'silent' },
    remove: async () => {
      // The comment queue and the queues named after it (deliveries, re-analysis).
      for (const name of [queueName, deliveryQueueName(queueName), reanalyzeQueueName(queueName)]) {
        const queue = new Queue(name, { connection: { url: redis.url }, ...queueKeyOptions(name) });
        await queue.obliterate({ force: true });
        await queue.close();
      }
      await database.drop();
    },
  };
}
