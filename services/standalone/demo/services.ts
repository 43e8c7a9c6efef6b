import { randomBytes } from 'node:crypto';
import { issueApiKey, provisionPublisher } from '@moderato/cli';
import type { RunningService } from '@moderato/service-kit';
import { closeStorage, openStorage } from '@moderato/storage';
import { pino } from 'pino';
import { standaloneConfigSchema } from '../src/config.js';
import { startAll } from '../src/main.js';

export interface DemoServices extends RunningService {
  ingestUrl: string;
  moderationUrl: string;
  webhookSecretsKey: Buffer;
}

export interface DemoPublisher {
  publisherId: string;
  secret: string;
  moderatorKey: string;
}

/**
 * The four services in this process (as `npm start` runs them) on free loopback ports, with fresh secrets keys. Their
 * logs go to stderr at LOG_LEVEL, by default only errors (the demo's polling for comments not yet analyzed draws
 * a warning per 404), so the report on stdout stays readable.
 */
export async function startDemoServices(backends: { mongoUri: string; redisUrl: string }, logLevel = 'error'): Promise<DemoServices> {
  const webhookSecretsKey = randomBytes(32);
  const config = standaloneConfigSchema.parse({
    MONGODB_URI: backends.mongoUri,
    REDIS_URL: backends.redisUrl,
    WEBHOOK_SECRETS_KEY: webhookSecretsKey.toString('base64'),
    ENDPOINT_SECRETS_KEY: randomBytes(32).toString('base64'),
    // Port 0: whatever is free, so the demo runs beside a Moderato already on 8080-8083.
    INGEST_PORT: '0',
    MODERATION_PORT: '0',
    WORKER_PORT: '0',
    DISPATCHER_PORT: '0',
    INGEST_HOST: '127.0.0.1',
    MODERATION_HOST: '127.0.0.1',
    WORKER_HOST: '127.0.0.1',
    DISPATCHER_HOST: '127.0.0.1',
    LOG_LEVEL: logLevel,
  });
  const logger = pino({ name: 'moderato-demo', level: config.LOG_LEVEL }, pino.destination(2));
  const running = await startAll(config, logger);
  return {
    ingestUrl: `http://127.0.0.1:${running.ports.ingest}`,
    moderationUrl: `http://127.0.0.1:${running.ports.moderation}`,
    webhookSecretsKey,
    stop: () => running.stop(),
  };
}

/** A publisher with its webhook secret and a moderator key, made with the same functions as `npx moderato publisher|key create`. */
export async function provisionDemoPublisher(mongoUri: string, webhookSecretsKey: Buffer, publisherId: string, name: string): Promise<DemoPublisher> {
  const storage = await openStorage(mongoUri, { webhookSecretsKey });
  try {
    const { secret } = await provisionPublisher(storage, publisherId, name);
    const { key } = await issueApiKey(storage, publisherId, 'moderator', 'demo');
    return { publisherId, secret, moderatorKey: key };
  } finally {
    await closeStorage(storage);
  }
}
