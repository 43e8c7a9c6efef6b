import type { Document } from 'bson';
import { badValue, CommandError, ErrorCode, unsupported } from './errors.js';
import { compileFilter, type Predicate } from './query.js';
import { formatDocument, isPlainObject, keyString, valuesAtPath, type Value } from './values.js';

/** An index as listIndexes reports it. */
export interface IndexSpec extends Document {
  v: number;
  key: Document;
  name: string;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: Document;
  expireAfterSeconds?: number;
  hidden?: boolean;
}

const SPEC_FIELDS = new Set([
  'v', 'key', 'name', 'unique', 'sparse', 'partialFilterExpression', 'expireAfterSeconds', 'background', 'hidden', 'ns',
]);
/** Fields that make two specs with the same key and name the same index (others, like `background`, are build hints). */
const IDENTITY_FIELDS = ['unique', 'sparse', 'partialFilterExpression', 'expireAfterSeconds', 'hidden'] as const;

export const ID_INDEX_SPEC: IndexSpec = { v: 2, key: { _id: 1 }, name: '_id_' };

/** Checks a createIndexes entry and returns it in the shape listIndexes reports. */
export function normalizeIndexSpec(raw: unknown): IndexSpec {
  if (!isPlainObject(raw)) throw new CommandError(ErrorCode.TypeMismatch, "'indexes' must contain objects");
  for (const field of Object.keys(raw)) {
    if (field === 'collation') throw unsupported("index option 'collation'");
    if (!SPEC_FIELDS.has(field)) {
      throw new CommandError(ErrorCode.InvalidIndexSpecificationOption, `The field '${field}' is not valid for an index specification. Specification: ${formatDocument(raw)}`);
    }
  }
  const key = raw.key;
  if (!isPlainObject(key) || Object.keys(key).length === 0) {
    throw new CommandError(ErrorCode.CannotCreateIndex, `Index keys cannot be empty. Specification: ${formatDocument(raw)}`);
  }
  for (const [field, direction] of Object.entries(key)) {
    if (typeof direction === 'string') throw unsupported(`index type '${direction}' (on field '${field}')`);
    if (typeof direction !== 'number' || direction === 0 || Number.isNaN(direction)) {
      throw new CommandError(ErrorCode.CannotCreateIndex, `Values in the index key pattern can only be numbers or strings: ${formatDocument(key)}`);
    }
    if (field.includes('$**')) throw unsupported(`wildcard index '${field}'`);
  }
  if (typeof raw.name !== 'string' || raw.name.length === 0) {
    throw new CommandError(ErrorCode.FailedToParse, `The 'name' field is a required property of an index specification`);
  }
  const spec: IndexSpec = { v: 2, key, name: raw.name };
  if (raw.unique === true) spec.unique = true;
  if (raw.sparse === true) spec.sparse = true;
  if (raw.hidden === true) spec.hidden = true;
  if (raw.partialFilterExpression !== undefined) {
    if (!isPlainObject(raw.partialFilterExpression)) throw badValue('partialFilterExpression must be an object');
    spec.partialFilterExpression = raw.partialFilterExpression;
  }
  if (raw.expireAfterSeconds !== undefined) {
    if (typeof raw.expireAfterSeconds !== 'number' || raw.expireAfterSeconds < 0) {
      throw new CommandError(ErrorCode.CannotCreateIndex, 'TTL index \'expireAfterSeconds\' option must be a non-negative number');
    }
    spec.expireAfterSeconds = raw.expireAfterSeconds;
  }
  return spec;
}

export function sameKey(a: IndexSpec, b: IndexSpec): boolean {
  return keyString(a.key) === keyString(b.key);
}

export function sameOptions(a: IndexSpec, b: IndexSpec): boolean {
  return IDENTITY_FIELDS.every((field) => keyString(a[field] ?? null) === keyString(b[field] ?? null));
}

/** What a write conflicts with: the index and the key both documents share. */
export interface DuplicateKey {
  index: IndexSpec;
  keyValue: Document;
}

/**
 * One index of a collection. Only unique indexes keep entries (a hash map from encoded key to the owning
 * document's `_id` key), since queries scan and only uniqueness needs the keys.
 */
export class Index {
  readonly spec: IndexSpec;
  readonly #fields: string[];
  readonly #partial: Predicate | undefined;
  readonly #owners = new Map<string, string>();

  constructor(spec: IndexSpec) {
    this.spec = spec;
    this.#fields = Object.keys(spec.key);
    this.#partial = spec.partialFilterExpression ? compileFilter(spec.partialFilterExpression) : undefined;
  }

  get unique(): boolean {
    return this.spec.unique === true;
  }

  /** The first key of `document` already owned by another document, if any. */
  findConflict(document: Document, ownerId: string): DuplicateKey | undefined {
    if (!this.unique) return undefined;
    for (const [encoded, values] of this.#keys(document)) {
      const owner = this.#owners.get(encoded);
      if (owner !== undefined && owner !== ownerId) return { index: this.spec, keyValue: this.#keyValue(values) };
    }
    return undefined;
  }

  add(document: Document, ownerId: string): void {
    if (!this.unique) return;
    for (const [encoded] of this.#keys(document)) this.#owners.set(encoded, ownerId);
  }

  remove(document: Document, ownerId: string): void {
    if (!this.unique) return;
    for (const [encoded] of this.#keys(document)) {
      if (this.#owners.get(encoded) === ownerId) this.#owners.delete(encoded);
    }
  }

  /** Index keys of a document, encoded: one per combination of array elements; none when sparse/partial exclude it. */
  #keys(document: Document): Map<string, Value[]> {
    const keys = new Map<string, Value[]>();
    if (this.#partial && !this.#partial(document)) return keys;
    const perField = this.#fields.map((field) => valuesAtPath(document, field));
    if (this.spec.sparse && perField.every((found) => found.missing)) return keys;
    let combinations: Value[][] = [[]];
    for (const found of perField) {
      const values = found.missing ? [null] : found.values;
      combinations = combinations.flatMap((prefix) => values.map((value) => [...prefix, value ?? null]));
    }
    for (const combination of combinations) keys.set(keyString(combination), combination);
    return keys;
  }

  #keyValue(values: Value[]): Document {
    return Object.fromEntries(this.#fields.map((field, i) => [field, values[i] ?? null]));
  }
}

export function duplicateKeyError(namespace: string, duplicate: DuplicateKey): CommandError {
  const { index, keyValue } = duplicate;
  return new CommandError(
    ErrorCode.DuplicateKey,
    `E11000 duplicate key error collection: ${namespace} index: ${index.name} dup key: ${formatDocument(keyValue)}`,
    { keyPattern: index.key, keyValue },
  );
}
