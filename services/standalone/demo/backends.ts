import { createTestDatabase, startMongo, startRedis, type MongoHandle, type RedisHandle, type TestDatabase } from '@moderato/testkit';
import { MongoBinary, errors } from 'mongodb-memory-server-core';

/** A backend the demo started or connected to, with the line that tells the user which it is. */
export interface DemoRedis {
  handle: RedisHandle;
  description: string;
}

export interface DemoMongo {
  handle: MongoHandle;
  /** A database of the demo's own on that server, dropped on shutdown. */
  database: TestDatabase;
  description: string;
}

/** Always a private redis-server on a free port (REDIS_URL is ignored: the demo never writes into a Redis it did not start). */
export async function startDemoRedis(env: NodeJS.ProcessEnv): Promise<DemoRedis> {
  const { REDIS_URL: _ignored, ...rest } = env;
  const handle = await startRedis(rest);
  return { handle, description: `Redis    a private redis-server at ${handle.url}, stopped when the demo stops` };
}

/**
 * MongoDB in testkit's order: MONGODB_URI when set; else a real mongod through mongodb-memory-server when one is
 * installed or can be downloaded; else the project's wire double. The mongod is looked for first, quietly, so that a
 * machine without network falls back at once with one line instead of mongodb-memory-server's retries and stack trace.
 */
export async function startDemoMongo(env: NodeJS.ProcessEnv, onProgress: (line: string) => void): Promise<DemoMongo> {
  let whyNotMongod: string | undefined;
  if (!env.MONGODB_URI && env.MONGO_TEST_BACKEND !== 'double') {
    onProgress('MongoDB  looking for a mongod (mongodb-memory-server downloads one if it can)…');
    const failure = await mongodUnavailable();
    if (failure) whyNotMongod = `no mongod: ${failure}`;
  } else if (!env.MONGODB_URI) {
    whyNotMongod = 'MONGO_TEST_BACKEND=double asks for it';
  }
  const handle = await startMongo(whyNotMongod ? { ...env, MONGO_TEST_BACKEND: 'double' } : env);
  const database = createTestDatabase(handle, 'moderato-demo');
  return { handle, database, description: describeMongo(handle, database, whyNotMongod) };
}

/** Undefined when mongodb-memory-server has a mongod (found or just downloaded), else why not, on one line. */
async function mongodUnavailable(): Promise<string | undefined> {
  // One download attempt, not three with back-off (about 10 s offline): the double is a working fallback.
  process.env.MONGOMS_MAX_RETRIES ??= '1';
  try {
    await MongoBinary.getPath();
    return undefined;
  } catch (error) {
    if (error instanceof errors.DownloadError) return `could not download one from ${URL.canParse(error.url) ? new URL(error.url).host : error.url} (${error.msg})`;
    return error instanceof Error ? error.message.replace(/\s+/g, ' ').trim() : String(error);
  }
}

export function describeMongo(handle: MongoHandle, database: TestDatabase, whyNotMongod: string | undefined): string {
  switch (handle.backend) {
    case 'external':
      return `MongoDB  MONGODB_URI, in a database of the demo's own (${database.name}), dropped when the demo stops`;
    case 'memory-server':
      return `MongoDB  a real mongod from mongodb-memory-server at ${handle.uri}, removed when the demo stops`;
    case 'double':
      return [
        `MongoDB  the project's wire-protocol double (packages/mongo-double) at ${handle.uri}: it keeps data in memory only, gone when the demo stops`,
        `         (${whyNotMongod ?? 'mongodb-memory-server could not start a mongod'}; set MONGODB_URI to use a real server)`,
      ].join('\n');
  }
}
