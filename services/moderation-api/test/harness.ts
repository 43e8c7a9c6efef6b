import { randomBytes } from 'node:crypto';
import { defaultPolicy, type ModerationPolicy } from '@moderato/analysis';
import { queueKeyOptions, type CommentQueue, type ReanalyzeQueue } from '@moderato/contracts';
import { createServiceApp, silentLogger } from '@moderato/service-kit';
import { closeStorage, openStorage, type ApiKeyRole, type Storage } from '@moderato/storage';
import { createTestDatabase, sharedMongo, sharedRedis, uniqueName } from '@moderato/testkit';
import { Queue } from 'bullmq';
import express, { type Express } from 'express';
import { Redis } from 'ioredis';
import { createPublisherWithKeys } from '../../../packages/storage/test/builders.js';
import { createModerationApp } from '../src/app.js';
import { authenticate } from '../src/http/auth.js';
import { dependencyErrors } from '../src/http/dependency-errors.js';
import { exceptPolicyReplacement, policyRouter } from '../src/http/policy-routes.js';
import { reanalyzeRouter } from '../src/http/reanalyze-routes.js';

export { at, saveComments, type CommentSpec } from '../../../packages/storage/test/builders.js';

/** The app under test over real storage (its own database) and a real BullMQ queue (its own name). */
export interface Harness {
  app: Express;
  storage: Storage;
  queue: CommentQueue;
  redisUrl: string;
  stop(): Promise<void>;
}

export async function startHarness(label: string): Promise<Harness> {
  const [mongo, redis] = await Promise.all([sharedMongo(), sharedRedis()]);
  const database = createTestDatabase(mongo, label);
  const storage = await openStorage(database.uri, { endpointSecretsKey: randomBytes(32) });
  const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
  const name = uniqueName(label);
  const queue: CommentQueue = new Queue(name, { connection, ...queueKeyOptions(name) });
  return {
    app: createModerationApp({ storage, queue, logger: silentLogger() }),
    storage,
    queue,
    redisUrl: redis.url,
    stop: async () => {
      await queue.obliterate({ force: true });
      await queue.close();
      connection.disconnect();
      await closeStorage(storage);
      await database.drop();
    },
  };
}

/**
 * The policy routes in the frame the moderation app gives its routers (problem+json, the app's 16 kB JSON parser
 * leaving PUT /v1/policy to the router, API-key authentication on /v1), over the given defaults.
 */
export function policyApp(storage: Storage, defaults: ModerationPolicy = defaultPolicy): Express {
  const options = { service: 'moderation-api', logger: silentLogger(), readiness: {}, errorMappers: [dependencyErrors()] };
  return createServiceApp(options, (app) => {
    app.use(exceptPolicyReplacement(express.json({ limit: '16kb' })));
    app.use('/v1', authenticate(storage));
    app.use(policyRouter(storage, defaults));
  });
}

/** The re-analysis routes in the same frame (the app's 16 kB JSON parser, API-key authentication on /v1), over `queue`. */
export function reanalyzeApp(storage: Storage, queue: ReanalyzeQueue): Express {
  const options = { service: 'moderation-api', logger: silentLogger(), readiness: {}, errorMappers: [dependencyErrors()] };
  return createServiceApp(options, (app) => {
    app.use(express.json({ limit: '16kb' }));
    app.use('/v1', authenticate(storage));
    app.use(reanalyzeRouter(storage, queue));
  });
}

export interface Tenant {
  publisherId: string;
  /** `Authorization` header values, one per role. */
  auth: Record<ApiKeyRole, string>;
  keyIds: Record<ApiKeyRole, string>;
}

/** A publisher with one API key per role, as the `Authorization` headers a client sends. */
export async function createTenant(storage: Storage): Promise<Tenant> {
  const { publisherId, keys, keyIds } = await createPublisherWithKeys(storage);
  const auth = Object.fromEntries(Object.entries(keys).map(([role, key]) => [role, `Bearer ${key}`])) as Record<ApiKeyRole, string>;
  return { publisherId, auth, keyIds };
}
