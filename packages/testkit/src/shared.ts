import { startMongo, type MongoHandle } from './mongo.js';
import { startRedis, type RedisHandle } from './redis.js';

// One server of each kind per test process: tests isolate themselves by database and queue name.
let mongo: Promise<MongoHandle> | undefined;
let redis: Promise<RedisHandle> | undefined;

export function sharedMongo(): Promise<MongoHandle> {
  mongo ??= startMongo().then((handle) => {
    process.stderr.write(`[testkit] MongoDB backend: ${handle.backend} (${handle.uri})\n`);
    return handle;
  });
  return mongo;
}

export function sharedRedis(): Promise<RedisHandle> {
  redis ??= startRedis().then((handle) => {
    process.stderr.write(`[testkit] Redis: ${handle.origin} server at ${handle.url}\n`);
    return handle;
  });
  return redis;
}

/** Stops whatever servers this process started; mocha's global teardown calls it. */
export async function stopSharedServers(): Promise<void> {
  const handles = await Promise.all([mongo, redis]);
  mongo = undefined;
  redis = undefined;
  await Promise.all(handles.map((handle) => handle?.stop()));
}
