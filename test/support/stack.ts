import { randomBytes } from 'node:crypto';
import { dispatcherConfigSchema, startDispatcher } from '@moderato/dispatcher';
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
  dispatcherUrl: string;
  /** A storage handle on the stack's database (with the ingest API's secrets key), for provisioning through the CLI's own functions. */
  storage: Storage;
  queueName: string;
  stop(): Promise<void>;
}

/**
 * The four real services on free ports, against the test run's private Redis and MongoDB, with a database and a
 * queue name of their own. `stop()` shuts them down and removes the database and the queue.
 */
export async function startStack(label: string): Promise<RunningStack> {
  const backends = await ownBackends(label);
  const { env } = backends;
  const webhookSecretsKey = randomBytes(32);
  // Endpoints on loopback and plain http: the tests' receivers run on this machine.
  const endpoints = { ENDPOINT_SECRETS_KEY: randomBytes(32).toString('base64'), ENDPOINT_ALLOW_PRIVATE_NETWORKS: 'true', ENDPOINT_ALLOW_HTTP: 'true' };
  const logger = silentLogger();
  const worker = await startWorker(workerConfigSchema.parse({ ...env, WORKER_PORT: '0', WORKER_HOST: '127.0.0.1', WORKER_CONCURRENCY: '4', CONTEXT_CACHE_MS: '600000' }), logger);
  const ingest = await startIngestApi(ingestConfigSchema.parse({ ...env, WEBHOOK_SECRETS_KEY: webhookSecretsKey.toString('base64'), INGEST_PORT: '0', INGEST_HOST: '127.0.0.1', SECRET_CACHE_SECONDS: '0' }), logger);
  const moderation = await startModerationApi(moderationConfigSchema.parse({ ...env, ...endpoints, MODERATION_PORT: '0', MODERATION_HOST: '127.0.0.1' }), logger);
  const dispatcher = await startDispatcher(dispatcherConfigSchema.parse({ ...env, ...endpoints, DISPATCHER_PORT: '0', DISPATCHER_HOST: '127.0.0.1', DELIVERY_RETRY_SCHEDULE_MS: '200,400,800' }), logger);
  const storage = await openStorage(env.MONGODB_URI, { webhookSecretsKey });
  return {
    ingestUrl: `http://127.0.0.1:${ingest.port}`,
    moderationUrl: `http://127.0.0.1:${moderation.port}`,
    workerUrl: `http://127.0.0.1:${worker.port}`,
    dispatcherUrl: `http://127.0.0.1:${dispatcher.port}`,
    storage,
    queueName: env.COMMENT_QUEUE,
    stop: async () => {
      await ingest.stop();
      await worker.stop();
      await moderation.stop();
      await dispatcher.stop();
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
