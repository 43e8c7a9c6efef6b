import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeStorage, openStorage, type Storage } from '@moderato/storage';
import { createTestDatabase, sharedMongo, type TestDatabase } from '@moderato/testkit';

export interface CliDatabase {
  /** The suite's database, as the commands under test read it through MONGODB_URI. */
  storage(): Storage;
  /** A folder of the suite's own for files the commands read or write, removed after it. */
  dir(): string;
}

/**
 * For a describe block of CLI commands that read MONGODB_URI: a database of its own named after `label`, pointed to by
 * MONGODB_URI while the block runs (restored after), opened for the test's own reads and writes, and a temp folder.
 */
export function useCliDatabase(label: string): CliDatabase {
  let database: TestDatabase | undefined;
  let storage: Storage | undefined;
  let dir: string | undefined;
  const savedUri = process.env.MONGODB_URI;
  before(async () => {
    database = createTestDatabase(await sharedMongo(), label);
    process.env.MONGODB_URI = database.uri;
    storage = await openStorage(database.uri);
    dir = mkdtempSync(join(tmpdir(), `moderato-${label}-`));
  });
  after(async () => {
    if (savedUri === undefined) delete process.env.MONGODB_URI;
    else process.env.MONGODB_URI = savedUri;
    if (dir) rmSync(dir, { recursive: true, force: true });
    if (storage) await closeStorage(storage);
    await database?.drop();
  });
  return { storage: () => storage!, dir: () => dir! };
}
