import { expect } from 'chai';
import { Long, MongoClient, MongoServerError, ObjectId, type Collection, type CommandStartedEvent, type Db } from 'mongodb';
import { createTestDatabase, sharedMongo, type MongoHandle, type TestDatabase } from '@moderato/testkit';

/** A document of any shape: conformance tests use numbers and strings as _id too. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests check shapes at run time
export type LooseDoc = { _id?: ObjectId | string | number; [field: string]: any };

/**
 * What a conformance test file works with. The server comes from the testkit, never from the
 * double directly, so the same expectations run against a real mongod when MONGODB_URI is set.
 */
export interface SuiteContext {
  readonly handle: MongoHandle;
  readonly database: TestDatabase;
  /** A client with command monitoring on; `commands` records what it sent. */
  readonly client: MongoClient;
  readonly db: Db;
  /** Every command the client started since the last `commands.length = 0`. */
  readonly commands: CommandStartedEvent[];
  /** A collection whose documents may have any shape and any type of _id, as raw tests need. */
  collection(name: string): Collection<LooseDoc>;
  /** A collection name no other test in this file uses. */
  freshName(prefix?: string): string;
  /** Another client on the same database, closed with the suite. */
  extraClient(options?: { maxPoolSize?: number }): Promise<MongoClient>;
}

/** Registers before/after hooks that give the calling test file its own database. */
export function useTestDatabase(label: string): SuiteContext {
  let state: { handle: MongoHandle; database: TestDatabase; client: MongoClient } | undefined;
  const extraClients: MongoClient[] = [];
  const commands: CommandStartedEvent[] = [];
  let counter = 0;

  before(async function () {
    const handle = await sharedMongo();
    const database = createTestDatabase(handle, label);
    const client = new MongoClient(database.uri, { monitorCommands: true, serverSelectionTimeoutMS: 5_000 });
    client.on('commandStarted', (event) => commands.push(event));
    await client.connect();
    state = { handle, database, client };
  });

  after(async function () {
    await Promise.all(extraClients.splice(0).map((client) => client.close()));
    if (!state) return;
    await state.client.close();
    await state.database.drop();
  });

  const current = () => {
    if (!state) throw new Error(`useTestDatabase(${label}): the database is used before its before() hook ran`);
    return state;
  };

  return {
    get handle() {
      return current().handle;
    },
    get database() {
      return current().database;
    },
    get client() {
      return current().client;
    },
    get db() {
      return current().client.db(current().database.name);
    },
    commands,
    collection(name) {
      return current().client.db(current().database.name).collection<LooseDoc>(name);
    },
    freshName(prefix = 'c') {
      counter += 1;
      return `${prefix}_${counter}`;
    },
    async extraClient(options = {}) {
      const client = new MongoClient(current().database.uri, { serverSelectionTimeoutMS: 5_000, ...options });
      extraClients.push(client);
      await client.connect();
      return client;
    },
  };
}

/** Awaits a promise that must reject with a MongoServerError, and returns that error. */
export async function rejection(promise: Promise<unknown>): Promise<MongoServerError> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  expect(caught, 'expected a MongoServerError').to.be.instanceOf(MongoServerError);
  return caught as MongoServerError;
}

/** Awaits a promise that must reject with a server error of the given code, and returns that error. */
export async function expectServerError(promise: Promise<unknown>, code: number): Promise<MongoServerError> {
  const error = await rejection(promise);
  expect(error.code, `error: ${error.message}`).to.equal(code);
  return error;
}

/**
 * A cursor id from a raw reply as the Long that getMore and killCursors require: the driver turns
 * small int64 values into JavaScript numbers, and a number would be sent back as the wrong BSON type.
 */
export function cursorId(value: unknown): Long {
  if (Long.isLong(value)) return value;
  if (typeof value === 'number' && Number.isInteger(value)) return Long.fromNumber(value);
  if (typeof value === 'bigint') return Long.fromBigInt(value);
  throw new Error(`not a cursor id: ${String(value)}`);
}

/** Names of the commands recorded in `commands`, in the order the client sent them. */
export function commandNames(commands: readonly CommandStartedEvent[]): string[] {
  return commands.map((event) => event.commandName);
}

export type CommentFixture = {
  _id: ObjectId;
  articleId: string;
  author: { name: string; country: string };
  text: string;
  score: number;
  tags: string[];
  flags: { kind: string; confidence: number }[];
  createdAt: Date;
};

const BASE_TIME = Date.UTC(2024, 4, 1, 9, 0, 0);

/** A reader comment as the service stores it; every field can be overridden. */
export function comment(overrides: Partial<CommentFixture> = {}): CommentFixture {
  return {
    _id: new ObjectId(),
    articleId: 'article-1',
    author: { name: 'reader', country: 'FR' },
    text: 'A thoughtful remark',
    score: 0,
    tags: [],
    flags: [],
    createdAt: new Date(BASE_TIME),
    ...overrides,
  };
}

/** A point in time `minutes` after the fixtures' base time, for ordering and bucketing tests. */
export function minutesAfterBase(minutes: number): Date {
  return new Date(BASE_TIME + minutes * 60_000);
}

/** `count` documents `{ _id: i, n: i }` for i in 0..count-1, so sort and paging results are easy to state. */
export function numberedDocs(count: number): { _id: number; n: number }[] {
  return Array.from({ length: count }, (_, n) => ({ _id: n, n }));
}
