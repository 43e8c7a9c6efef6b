import { startMongo, type MongoHandle } from './mongo.js';
import { startRedis, type RedisHandle } from './redis.js';

interface SharedServers {
  mongo?: Promise<MongoHandle>;
  redis?: Promise<RedisHandle>;
}

// One server of each kind per test process: tests isolate themselves by database and queue name. Kept on globalThis
// because a test run may load this module twice (through require and through import), and must still share one server.
const shared: SharedServers = ((globalThis as { [key: symbol]: SharedServers })[Symbol.for('moderato.testkit.servers')] ??= {});

export function sharedMongo(): Promise<MongoHandle> {
  shared.mongo ??= startMongo().then((handle) => {
    process.stderr.write(`[testkit] MongoDB backend: ${handle.backend} (${handle.uri})\n`);
    return handle;
  });
  return shared.mongo;
}

export function sharedRedis(): Promise<RedisHandle> {
  shared.redis ??= startRedis().then((handle) => {
    process.stderr.write(`[testkit] Redis: ${handle.origin} server at ${handle.url}\n`);
    return handle;
  });
  return shared.redis;
}

/** Stops whatever servers this process started; mocha's global teardown calls it. */
export async function stopSharedServers(): Promise<void> {
  const handles = await Promise.all([shared.mongo, shared.redis]);
  shared.mongo = undefined;
  shared.redis = undefined;
  await Promise.all(handles.filter((handle) => handle !== undefined).map((handle) => handle.stop()));
}
