import { randomBytes } from 'node:crypto';
import { ConfigError, parseConfig, silentLogger } from '@moderato/service-kit';
import { closeStorage, openStorage } from '@moderato/storage';
import { createTestDatabase, freePort, sharedMongo, sharedRedis, uniqueName, type TestDatabase } from '@moderato/testkit';
import { expect } from 'chai';
import { moderationConfigSchema, startModerationApi } from '../src/main.js';
import { createTenant, type Tenant } from './harness.js';

const KEY = randomBytes(32).toString('base64');

describe('moderation API process', () => {
  let database: TestDatabase;
  let tenant: Tenant;

  before(async () => {
    database = createTestDatabase(await sharedMongo(), 'modapi-main');
    const storage = await openStorage(database.uri);
    tenant = await createTenant(storage);
    await closeStorage(storage);
  });

  after(() => database.drop());

  const configFor = async (env: Record<string, string>) =>
    parseConfig(moderationConfigSchema, { MONGODB_URI: database.uri, ENDPOINT_SECRETS_KEY: KEY, MODERATION_PORT: '0', COMMENT_QUEUE: uniqueName('modapi-main'), ...env });

  it('fails fast naming a missing or malformed variable', () => {
    expect(() => parseConfig(moderationConfigSchema, {})).to.throw(ConfigError, /MONGODB_URI/);
    expect(() => parseConfig(moderationConfigSchema, { MONGODB_URI: 'mongodb://x/db', ENDPOINT_SECRETS_KEY: KEY, MODERATION_PORT: '' })).to.throw(ConfigError, /MODERATION_PORT/);
    expect(() => parseConfig(moderationConfigSchema, { MONGODB_URI: 'mongodb://x/db' })).to.throw(ConfigError, /ENDPOINT_SECRETS_KEY: is required/);
    expect(() => parseConfig(moderationConfigSchema, { MONGODB_URI: 'mongodb://x/db', ENDPOINT_SECRETS_KEY: 'short' })).to.throw(ConfigError, /ENDPOINT_SECRETS_KEY: must be 32 bytes/);
    expect(() => parseConfig(moderationConfigSchema, { MONGODB_URI: 'mongodb://x/db', ENDPOINT_SECRETS_KEY: KEY, ENDPOINT_ALLOW_HTTP: 'yes' })).to.throw(ConfigError, /ENDPOINT_ALLOW_HTTP/);
    expect(parseConfig(moderationConfigSchema, { MONGODB_URI: 'mongodb://x/db', ENDPOINT_SECRETS_KEY: KEY })).to.include({
      REDIS_URL: 'redis://127.0.0.1:6379', MODERATION_PORT: 8081, COMMENT_QUEUE: 'moderato-comments', ENDPOINT_ALLOW_PRIVATE_NETWORKS: false, ENDPOINT_ALLOW_HTTP: false,
    });
  });

  it('starts, reports ready with MongoDB and Redis up, and stops', async () => {
    const api = await startModerationApi(await configFor({ REDIS_URL: (await sharedRedis()).url }), silentLogger());
    try {
      const ready = await fetch(`http://127.0.0.1:${api.port}/readyz`);
      expect(ready.status).to.equal(200);
      const queue = await fetch(`http://127.0.0.1:${api.port}/v1/queue`, { headers: { authorization: tenant.auth.moderator } });
      expect(await queue.json()).to.deep.equal({ items: [], nextCursor: null });
    } finally {
      await api.stop();
    }
  });

  it('answers 503 on /readyz and on queue-backed routes when Redis is unreachable, instead of hanging', async () => {
    const api = await startModerationApi(await configFor({ REDIS_URL: `redis://127.0.0.1:${await freePort()}` }), silentLogger());
    try {
      const ready = await fetch(`http://127.0.0.1:${api.port}/readyz`);
      expect(ready.status).to.equal(503);
      expect(((await ready.json()) as { checks: Record<string, string> }).checks).to.include({ mongodb: 'ok' }).and.not.include({ redis: 'ok' });
      const failed = await fetch(`http://127.0.0.1:${api.port}/v1/admin/failed`, { headers: { authorization: tenant.auth.admin } });
      expect(failed.status).to.equal(503);
      expect(failed.headers.get('content-type')).to.match(/^application\/problem\+json/);
      expect(await failed.json()).to.include({ code: 'dependency_unavailable' });
      // MongoDB-only routes keep working.
      const queue = await fetch(`http://127.0.0.1:${api.port}/v1/queue`, { headers: { authorization: tenant.auth.moderator } });
      expect(queue.status).to.equal(200);
    } finally {
      await api.stop();
    }
  });
});
