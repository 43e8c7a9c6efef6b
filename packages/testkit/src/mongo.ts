import { MongoClient } from 'mongodb';
import { uniqueName } from './names.js';

export type MongoBackend = 'external' | 'memory-server' | 'double';

export interface MongoHandle {
  /** Base URI of the server, without a database name. */
  uri: string;
  backend: MongoBackend;
  stop(): Promise<void>;
}

export interface TestDatabase {
  name: string;
  /** URI that selects this database, for mongoose.connect and for services under test. */
  uri: string;
  drop(): Promise<void>;
}

/**
 * Picks the MongoDB the tests run against, in this order: MONGODB_URI (a real server);
 * mongodb-memory-server (a real mongod, when one can be downloaded or is installed);
 * the wire-protocol double. MONGO_TEST_BACKEND=double skips straight to the double.
 */
export async function startMongo(env: NodeJS.ProcessEnv = process.env): Promise<MongoHandle> {
  if (env.MONGODB_URI) {
    return { uri: env.MONGODB_URI, backend: 'external', stop: async () => {} };
  }
  if (env.MONGO_TEST_BACKEND !== 'double') {
    const memory = await tryMemoryServer();
    if (memory) return memory;
  }
  const { startMongoDouble } = await import('@moderato/mongo-double');
  const server = await startMongoDouble({ port: 0 });
  return { uri: server.uri, backend: 'double', stop: () => server.close() };
}

async function tryMemoryServer(): Promise<MongoHandle | undefined> {
  try {
    const { MongoBinary, MongoMemoryServer } = await import('mongodb-memory-server-core');
    // Find or fetch the binary first, once: offline this fails in milliseconds, where create() retries the download
    // three times and prints each failure's stack trace.
    process.env.MONGOMS_MAX_RETRIES ??= '1';
    await MongoBinary.getPath();
    const server = await withTimeout(MongoMemoryServer.create(), 60_000);
    return { uri: server.getUri(), backend: 'memory-server', stop: async () => void (await server.stop()) };
  } catch {
    // No mongod binary here and none can be fetched: fall through to the double.
    return undefined;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A database of its own for one test file; `drop()` removes it afterwards. */
export function createTestDatabase(mongo: MongoHandle, label: string): TestDatabase {
  const name = uniqueName(label);
  return {
    name,
    uri: withDatabase(mongo.uri, name),
    drop: async () => {
      const client = new MongoClient(mongo.uri, { serverSelectionTimeoutMS: 5_000 });
      try {
        await client.connect();
        await client.db(name).dropDatabase();
      } finally {
        await client.close();
      }
    },
  };
}

/** Replaces or adds the database path of a mongodb:// URI, keeping its query string. */
export function withDatabase(uri: string, database: string): string {
  const url = new URL(uri);
  url.pathname = `/${database}`;
  return url.toString();
}
