import { ObjectId, UUID, type Document } from 'bson';
import { CommandError, ErrorCode, badValue } from './errors.js';
import { duplicateKeyError, ID_INDEX_SPEC, Index, normalizeIndexSpec, sameKey, sameOptions, type IndexSpec } from './indexes.js';
import { cloneValue, formatDocument, formatValue, isPlainObject, keyString } from './values.js';

/** Options recorded from `create` and echoed by listCollections. */
export type CollectionOptions = Document;

/**
 * One collection: documents in natural (insertion) order keyed by encoded `_id`, and its indexes. Each document
 * also has a position in that order, so candidates found through an index can be put back in natural order.
 */
export class Collection {
  readonly database: string;
  readonly name: string;
  readonly uuid = new UUID();
  readonly options: CollectionOptions;
  readonly #documents = new Map<string, Document>();
  readonly #positions = new Map<string, number>();
  #nextPosition = 0;
  readonly #indexes: Index[] = [];

  constructor(database: string, name: string, options: CollectionOptions = {}) {
    this.database = database;
    this.name = name;
    this.options = options;
    this.#indexes.push(new Index(ID_INDEX_SPEC));
  }

  get namespace(): string {
    return `${this.database}.${this.name}`;
  }

  get size(): number {
    return this.#documents.size;
  }

  documents(): IterableIterator<Document> {
    return this.#documents.values();
  }

  findById(id: unknown): Document | undefined {
    return this.#documents.get(keyString(id));
  }

  /** The indexes, `_id_` first, for the query planner. */
  indexes(): readonly Index[] {
    return this.#indexes;
  }

  /** The stored documents with the given encoded `_id`s, in natural order. */
  inNaturalOrder(idKeys: ReadonlySet<string>): Document[] {
    // Sorting pays off for a few candidates; for many, walking the natural order is cheaper.
    if (idKeys.size * 8 > this.#documents.size) {
      return [...this.#documents].filter(([idKey]) => idKeys.has(idKey)).map(([, document]) => document);
    }
    const positioned = [...idKeys].flatMap((idKey) => {
      const position = this.#positions.get(idKey);
      return position === undefined ? [] : [{ idKey, position }];
    });
    positioned.sort((a, b) => a.position - b.position);
    return positioned.map(({ idKey }) => this.#documents.get(idKey) as Document);
  }

  /** Stores a copy of `document` (given an `_id` if it has none, placed first as mongod does); returns the copy. */
  insert(input: Document): Document {
    const document = withIdFirst(cloneValue(input));
    const idKey = keyString(document._id);
    if (this.#documents.has(idKey)) throw this.#duplicateId(document._id);
    this.#assertNoConflicts(document, idKey);
    this.#documents.set(idKey, document);
    this.#positions.set(idKey, this.#nextPosition++);
    for (const index of this.#indexes) index.add(document, idKey);
    return document;
  }

  /** Replaces a stored document by a new version with the same `_id`, keeping its natural position. */
  replace(current: Document, next: Document): void {
    const idKey = keyString(current._id);
    if (keyString(next._id) !== idKey) {
      throw new CommandError(ErrorCode.ImmutableField, `After applying the update, the (immutable) field '_id' was found to have been altered to _id: ${formatValue(next._id)}`);
    }
    this.#assertNoConflicts(next, idKey);
    for (const index of this.#indexes) index.remove(current, idKey);
    this.#documents.set(idKey, next);
    for (const index of this.#indexes) index.add(next, idKey);
  }

  remove(document: Document): void {
    const idKey = keyString(document._id);
    for (const index of this.#indexes) index.remove(document, idKey);
    this.#documents.delete(idKey);
    this.#positions.delete(idKey);
  }

  indexSpecs(): IndexSpec[] {
    return this.#indexes.map((index) => index.spec);
  }

  /** Adds an index unless an identical one exists (returns false then); conflicting specs fail like mongod. */
  createIndex(raw: unknown): boolean {
    const spec = normalizeIndexSpec(raw);
    const byName = this.#indexes.find((index) => index.spec.name === spec.name);
    if (byName) {
      // mongod reports a different key and different options under one name alike.
      if (!sameKey(byName.spec, spec) || !sameOptions(byName.spec, spec)) {
        throw new CommandError(ErrorCode.IndexKeySpecsConflict, `An existing index has the same name as the requested index. When index names are not specified, they are auto generated and can cause conflicts. Please refer to our documentation. Requested index: ${formatDocument(spec)}, existing index: ${formatDocument(byName.spec)}`);
      }
      return false;
    }
    const byKey = this.#indexes.find((index) => sameKey(index.spec, spec) && keyString(index.spec.partialFilterExpression ?? null) === keyString(spec.partialFilterExpression ?? null));
    if (byKey) {
      throw new CommandError(ErrorCode.IndexOptionsConflict, `Index already exists with a different name: ${byKey.spec.name}`);
    }
    const index = new Index(spec);
    for (const [idKey, document] of this.#documents) {
      const conflict = index.findConflict(document, idKey);
      if (conflict) throw duplicateKeyError(this.namespace, conflict);
      index.add(document, idKey);
    }
    this.#indexes.push(index);
    return true;
  }

  /** Drops indexes selected by name, key pattern, a list of names, or '*' (all but `_id_`). */
  dropIndexes(selector: unknown): void {
    if (selector === '*') {
      this.#indexes.splice(1);
      return;
    }
    const names = Array.isArray(selector) ? selector : [selector];
    const targets = names.map((one) => this.#findIndex(one));
    for (const target of targets) {
      if (target.spec.name === ID_INDEX_SPEC.name) throw new CommandError(ErrorCode.InvalidOptions, 'cannot drop _id index');
    }
    for (const target of targets) this.#indexes.splice(this.#indexes.indexOf(target), 1);
  }

  #findIndex(selector: unknown): Index {
    if (typeof selector === 'string') {
      const found = this.#indexes.find((index) => index.spec.name === selector);
      if (!found) throw new CommandError(ErrorCode.IndexNotFound, `index not found with name [${selector}]`);
      return found;
    }
    if (isPlainObject(selector)) {
      const matches = this.#indexes.filter((index) => keyString(index.spec.key) === keyString(selector));
      if (matches.length === 0) throw new CommandError(ErrorCode.IndexNotFound, `can't find index with key: ${formatDocument(selector)}`);
      if (matches.length > 1) throw new CommandError(ErrorCode.IndexNotFound, `${matches.length} indexes found for key: ${formatDocument(selector)}, identify by name instead.`);
      return matches[0] as Index;
    }
    throw new CommandError(ErrorCode.TypeMismatch, "'index' must be a string, an object or an array of strings");
  }

  #assertNoConflicts(document: Document, idKey: string): void {
    for (const index of this.#indexes.slice(1)) {
      const conflict = index.findConflict(document, idKey);
      if (conflict) throw duplicateKeyError(this.namespace, conflict);
    }
  }

  #duplicateId(id: unknown): CommandError {
    return duplicateKeyError(this.namespace, { index: ID_INDEX_SPEC, keyValue: { _id: id } });
  }
}

function withIdFirst(document: Document): Document {
  if (Array.isArray(document._id)) throw badValue(`can't use an array for _id`);
  if (Object.keys(document)[0] === '_id' && document._id !== undefined) return document;
  const { _id, ...rest } = document;
  return { _id: _id === undefined ? new ObjectId() : _id, ...rest };
}
