import { moderationConfigSchema, startModerationApi } from '@moderato/moderation-api';
import { silentLogger } from '@moderato/service-kit';
import { closeStorage, openStorage, type Storage } from '@moderato/storage';
import { createTestDatabase, sharedMongo, sharedRedis, uniqueName } from '@moderato/testkit';
import { Queue } from 'bullmq';

export interface ModerationServer {
  /** http://127.0.0.1:<port>, where the page is `/`. */
  url: string;
  /** A handle on the server's database, for seeding through the repository functions. */
  storage: Storage;
  stop(): Promise<void>;
}

/**
 * The real moderation API alone (as `npm start -w services/moderation-api` runs it) on a free loopback port, over the
 * test run's MongoDB and Redis with a database and a queue name of its own; `stop()` removes both.
 */
export async function startModerationServer(label: string): Promise<ModerationServer> {
  const [mongo, redis] = await Promise.all([sharedMongo(), sharedRedis()]);
  const database = createTestDatabase(mongo, label);
  const queueName = uniqueName(label);
  const config = moderationConfigSchema.parse({
    MONGODB_URI: database.uri,
    REDIS_URL: redis.url,
    COMMENT_QUEUE: queueName,
    MODERATION_PORT: '0',
    MODERATION_HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
  });
  const moderation = await startModerationApi(config, silentLogger());
  const storage = await openStorage(database.uri);
  return {
    url: `http://127.0.0.1:${moderation.port}`,
    storage,
    stop: async () => {
      await moderation.stop();
      await closeStorage(storage);
      const queue = new Queue(queueName, { connection: { url: redis.url } });
      await queue.obliterate({ force: true });
      await queue.close();
      await database.drop();
    },
  };
}
