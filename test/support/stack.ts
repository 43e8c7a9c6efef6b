import { randomBytes } from 'node:crypto';
import { startIngestApi, ingestConfigSchema } from '@moderato/ingest-api';
import { startModerationApi, moderationConfigSchema } from '@moderato/moderation-api';
import { silentLogger } from '@moderato/service-kit';
import { closeStorage, openStorage, type Storage } from '@moderato/storage';
import { startWorker, workerConfigSchema } from '@moderato/worker';
import { ownBackends } from './backends.js';

export interface RunningStack {
  ingestUrl: string;
  moderationUrl: string;
  workerUrl: string;
  /** A storage handle on the stack's database (with the ingest API's secrets key), for provisioning through the CLI's own functions. */
  storage: Storage;
  queueName: string;
  stop(): Promise<void>;
}

/**
 * The three real services on free ports, against the test run's private Redis and MongoDB, with a database and a
 * queue name of their own. `stop()` shuts them down and removes the database and the queue.
 */
export async function startStack(label: string): Promise<RunningStack> {
  const backends = await ownBackends(label);
  const { env } = backends;
  const webhookSecretsKey = randomBytes(32);
  const logger = silentLogger();
  const worker = await startWorker(workerConfigSchema.parse({ ...env, WORKER_PORT: '0', WORKER_HOST: '127.0.0.1', WORKER_CONCURRENCY: '4' }), logger);
  const ingest = await startIngestApi(ingestConfigSchema.parse({ ...env, WEBHOOK_SECRETS_KEY: webhookSecretsKey.toString('base64'), INGEST_PORT: '0', INGEST_HOST: '127.0.0.1', SECRET_CACHE_SECONDS: '0' }), logger);
  const moderation = await startModerationApi(moderationConfigSchema.parse({ ...env, MODERATION_PORT: '0', MODERATION_HOST: '127.0.0.1' }), logger);
  const storage = await openStorage(env.MONGODB_URI, { webhookSecretsKey });
  return {
    ingestUrl: `http://127.0.0.1:${ingest.port}`,
    moderationUrl: `http://127.0.0.1:${moderation.port}`,
    workerUrl: `http://127.0.0.1:${worker.port}`,
    storage,
    queueName: env.COMMENT_QUEUE,
    stop: async () => {
      await ingest.stop();
      await worker.stop();
      await moderation.stop();
      await closeStorage(storage);
      await backends.remove();
    },
  };
}

/** Polls until `check` returns a value, for work the worker does asynchronously. */
export async function eventually<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
