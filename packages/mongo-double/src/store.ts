import { CommandError, ErrorCode } from './errors.js';
import { Collection, type CollectionOptions } from './collection.js';

/** All data of one server: database name → collection name → collection. */
export class Store {
  readonly #databases = new Map<string, Map<string, Collection>>();

  databaseNames(): string[] {
    return [...this.#databases.keys()];
  }

  collections(database: string): Collection[] {
    return [...(this.#databases.get(database)?.values() ?? [])];
  }

  get(database: string, name: string): Collection | undefined {
    return this.#databases.get(database)?.get(name);
  }

  /** The collection, created implicitly as a write or createIndexes does on mongod. */
  getOrCreate(database: string, name: string): Collection {
    return this.get(database, name) ?? this.create(database, name);
  }

  create(database: string, name: string, options: CollectionOptions = {}): Collection {
    assertValidNames(database, name);
    let collections = this.#databases.get(database);
    if (!collections) {
      collections = new Map();
      this.#databases.set(database, collections);
    }
    if (collections.has(name)) {
      throw new CommandError(ErrorCode.NamespaceExists, `Collection ${database}.${name} already exists.`);
    }
    const collection = new Collection(database, name, options);
    collections.set(name, collection);
    return collection;
  }

  drop(database: string, name: string): Collection | undefined {
    const collections = this.#databases.get(database);
    const collection = collections?.get(name);
    collections?.delete(name);
    if (collections && collections.size === 0) this.#databases.delete(database);
    return collection;
  }

  dropDatabase(database: string): void {
    this.#databases.delete(database);
  }
}

function assertValidNames(database: string, name: string): void {
  if (!database || /[/\\. "$]/.test(database)) {
    throw new CommandError(ErrorCode.InvalidNamespace, `Invalid database name: '${database}'`);
  }
  if (!name || name.includes('$') || name.startsWith('.') || name.includes('\0') || name.startsWith('system.')) {
    throw new CommandError(ErrorCode.InvalidNamespace, `Invalid collection name: ${name}`);
  }
}
