import type { Document } from 'bson';
import { badValue, CommandError, ErrorCode, unsupported } from './errors.js';
import { compileFilter, type Predicate } from './query.js';
import { prefixKeys, type PrefixKey } from './index-keys.js';
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

/** An index key field with a numeric component (`a.0`) selects array positions, which the lookup does not model. */
const POSITIONAL_FIELD = /(^|\.)\d+(\.|$)/;

/**
 * One index of a collection. For every prefix of its fields it maps each encoded key to the `_id` keys of the
 * documents having it: the full-length map enforces uniqueness, and every length answers equality lookups.
 */
export class Index {
  readonly spec: IndexSpec;
  readonly fields: readonly string[];
  /** Whether the planner may answer queries from this index (see the constructor for what rules it out). */
  readonly queryable: boolean;
  readonly #partial: Predicate | undefined;
  /** Element k-1: encoded key of the first k fields → `_id` keys of the owning documents. */
  readonly #entries: Map<string, Set<string>>[];

  constructor(spec: IndexSpec) {
    this.spec = spec;
    this.fields = Object.keys(spec.key);
    this.#partial = spec.partialFilterExpression ? compileFilter(spec.partialFilterExpression) : undefined;
    this.#entries = this.fields.map(() => new Map());
    // A partial index lacks documents the query may match; a hidden one is not for queries, as on mongod.
    this.queryable = !this.#partial && spec.hidden !== true && !this.fields.some((field) => POSITIONAL_FIELD.test(field));
  }

  get unique(): boolean {
    return this.spec.unique === true;
  }

  /** `_id` keys of the documents whose first `prefixLength` fields have the encoded key (see `encodePrefix`). */
  owners(prefixLength: number, encoded: string): ReadonlySet<string> | undefined {
    return this.#entries[prefixLength - 1]?.get(encoded);
  }

  /** The first key of `document` already owned by another document, if any. */
  findConflict(document: Document, ownerId: string): DuplicateKey | undefined {
    if (!this.unique) return undefined;
    const full = this.#entries[this.fields.length - 1];
    for (const key of this.#keys(document).at(-1) ?? []) {
      const owners = full?.get(key.encoded);
      if (owners && [...owners].some((owner) => owner !== ownerId)) return { index: this.spec, keyValue: this.#keyValue(key.values) };
    }
    return undefined;
  }

  add(document: Document, ownerId: string): void {
    this.#keys(document).forEach((keys, level) => {
      const entries = this.#entries[level] as Map<string, Set<string>>;
      for (const { encoded } of keys) {
        const owners = entries.get(encoded);
        if (owners) owners.add(ownerId);
        else entries.set(encoded, new Set([ownerId]));
      }
    });
  }

  remove(document: Document, ownerId: string): void {
    this.#keys(document).forEach((keys, level) => {
      const entries = this.#entries[level] as Map<string, Set<string>>;
      for (const { encoded } of keys) {
        const owners = entries.get(encoded);
        owners?.delete(ownerId);
        if (owners?.size === 0) entries.delete(encoded);
      }
    });
  }

  /** Index keys of a document per prefix length; none when sparse/partial exclude it. */
  #keys(document: Document): PrefixKey[][] {
    if (this.#partial && !this.#partial(document)) return [];
    if (this.spec.sparse && this.fields.every((field) => valuesAtPath(document, field).missing)) return [];
    return prefixKeys(document, this.fields);
  }

  #keyValue(values: Value[]): Document {
    return Object.fromEntries(this.fields.map((field, i) => [field, values[i] ?? null]));
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
