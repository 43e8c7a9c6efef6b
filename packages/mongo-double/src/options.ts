import type { Document } from 'bson';
import { CommandError, ErrorCode, badValue, typeMismatch, unsupported } from './errors.js';
import type { CommandContext } from './context.js';
import { isNumeric, toNumber } from './numbers.js';
import { isPlainObject } from './values.js';

/** Fields drivers attach to any command; accepted everywhere. */
const GENERIC_FIELDS = new Set([
  '$db', 'lsid', '$clusterTime', '$readPreference', 'writeConcern', 'readConcern', 'comment', 'maxTimeMS',
  'apiVersion', 'apiStrict', 'apiDeprecationErrors', '$client', '$audit', 'mayBypassWriteBlocking',
]);
const TRANSACTION_FIELDS = ['txnNumber', 'autocommit', 'startTransaction'];
const READ_CONCERN_LEVELS = new Set(['local', 'majority', 'available']);

/** Rejects what the double cannot honour: transactions, unknown fields, unsupported read/write concerns. */
export function validateCommandFields(name: string, command: Document, accepts: readonly string[], refuses: readonly string[] = []): void {
  for (const field of TRANSACTION_FIELDS) {
    if (field in command) {
      throw new CommandError(ErrorCode.IllegalOperation, 'Transaction numbers are only allowed on a replica set member or mongos');
    }
  }
  const fields = Object.keys(command);
  for (const field of fields.slice(1)) {
    if (GENERIC_FIELDS.has(field) || accepts.includes(field)) continue;
    if (refuses.includes(field)) throw unsupported(`'${name}' option '${field}'`);
    throw new CommandError(ErrorCode.UnknownField, `BSON field '${name}.${field}' is an unknown field.`);
  }
  validateReadConcern(command.readConcern);
  validateWriteConcern(command.writeConcern);
}

function validateReadConcern(readConcern: unknown): void {
  if (readConcern === undefined) return;
  if (!isPlainObject(readConcern)) throw typeMismatch("'readConcern' must be an object");
  for (const field of Object.keys(readConcern)) {
    if (field !== 'level' && field !== 'afterClusterTime') throw unsupported(`readConcern field '${field}'`);
  }
  const level = readConcern.level;
  if (level !== undefined && !READ_CONCERN_LEVELS.has(String(level))) throw unsupported(`readConcern level '${String(level)}'`);
}

function validateWriteConcern(writeConcern: unknown): void {
  if (writeConcern === undefined) return;
  if (!isPlainObject(writeConcern)) throw typeMismatch("'writeConcern' must be an object");
  const { w } = writeConcern;
  if (w === undefined || w === 0 || w === 1 || w === 'majority') return;
  if (typeof w === 'number' && w > 1) throw badValue(`cannot use 'w' > 1 on a standalone mongod`);
  throw unsupported(`writeConcern w: ${JSON.stringify(w)}`);
}

/** The collection a command names in its first field, checked like mongod does. */
export function collectionName(name: string, command: Document): string {
  const value = command[name];
  if (typeof value !== 'string' || value.length === 0) {
    throw new CommandError(ErrorCode.InvalidNamespace, `collection name has invalid type ${typeof value}`);
  }
  return value;
}

export function namespaceOf(context: CommandContext, collection: string): string {
  return `${context.database}.${collection}`;
}

/** `collation` is accepted only as the simple (binary) collation, which is what the double compares with. */
export function assertSimpleCollation(collation: unknown): void {
  if (collation === undefined) return;
  if (isPlainObject(collation) && collation.locale === 'simple' && Object.keys(collation).length === 1) return;
  throw unsupported('collation');
}

export function optionalObject(command: Document, field: string): Document | undefined {
  const value = command[field];
  if (value === undefined || value === null) return undefined;
  if (!isPlainObject(value)) throw typeMismatch(`'${field}' must be an object`);
  return value;
}

export function optionalNonNegative(command: Document, field: string): number | undefined {
  const value = command[field];
  if (value === undefined || value === null) return undefined;
  if (!isNumeric(value) || !Number.isFinite(toNumber(value))) throw typeMismatch(`'${field}' must be a number`);
  const number = toNumber(value);
  if (number < 0) throw new CommandError(51024, `BSON field '${field}' value must be >= 0, actual value '${number}'`);
  return Math.trunc(number);
}

export function optionalBoolean(command: Document, field: string): boolean {
  const value = command[field];
  if (value === undefined || value === null) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  throw typeMismatch(`'${field}' must be a boolean`);
}

/** A hint must name an existing index (by name or key pattern) or be `{ $natural: ±1 }`. */
export function assertHint(indexes: readonly { name: string; key: Document }[] | undefined, hint: unknown): void {
  if (hint === undefined || hint === null || indexes === undefined) return;
  if (typeof hint === 'string' && indexes.some((index) => index.name === hint)) return;
  if (isPlainObject(hint)) {
    const keys = Object.keys(hint);
    if (keys.length === 1 && keys[0] === '$natural') return;
    const wanted = JSON.stringify(Object.entries(hint).map(([k, v]) => [k, Number(v)]));
    if (indexes.some((index) => JSON.stringify(Object.entries(index.key).map(([k, v]) => [k, Number(v)])) === wanted)) return;
  }
  throw badValue(`hint provided does not correspond to an existing index: ${JSON.stringify(hint)}`);
}
