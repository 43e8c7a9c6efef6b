import { randomBytes } from 'node:crypto';
import { moderationConfigSchema, startModerationApi } from '@moderato/moderation-api';
import { silentLogger } from '@moderato/service-kit';
import { closeStorage, openStorage, type Storage } from '@moderato/storage';
import { ownBackends } from './backends.js';

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
  const backends = await ownBackends(label);
  const config = moderationConfigSchema.parse({ ...backends.env, ENDPOINT_SECRETS_KEY: randomBytes(32).toString('base64'), MODERATION_PORT: '0', MODERATION_HOST: '127.0.0.1' });
  const moderation = await startModerationApi(config, silentLogger());
  const storage = await openStorage(backends.env.MONGODB_URI);
  return {
    url: `http://127.0.0.1:${moderation.port}`,
    storage,
    stop: async () => {
      await moderation.stop();
      await closeStorage(storage);
      await backends.remove();
    },
  };
}
