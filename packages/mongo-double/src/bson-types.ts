import { Binary, BSONRegExp, Code, Decimal128, Double, Int32, Long, MaxKey, MinKey, ObjectId, Timestamp } from 'bson';
import type { Value } from './values.js';
import { isPlainObject } from './values.js';

const ALIASES_BY_CODE: Record<number, string> = {
  1: 'double', 2: 'string', 3: 'object', 4: 'array', 5: 'binData', 6: 'undefined', 7: 'objectId', 8: 'bool',
  9: 'date', 10: 'null', 11: 'regex', 13: 'javascript', 16: 'int', 17: 'timestamp', 18: 'long', 19: 'decimal',
  [-1]: 'minKey', 127: 'maxKey',
};
const KNOWN_ALIASES = new Set([...Object.values(ALIASES_BY_CODE), 'number']);

/**
 * The BSON type alias of an in-memory value, as it will be serialised back to the client: a JS number is an int
 * when it is an integer in int32 range and a double otherwise (how the bson serializer writes it).
 */
export function bsonTypeAlias(value: Value): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  switch (typeof value) {
    case 'number':
      return Number.isInteger(value) && value >= -(2 ** 31) && value < 2 ** 31 ? 'int' : 'double';
    case 'bigint':
      return 'long';
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
  }
  if (Array.isArray(value)) return 'array';
  if (value instanceof Date) return 'date';
  if (value instanceof RegExp || value instanceof BSONRegExp) return 'regex';
  if (isPlainObject(value)) return 'object';
  if (value instanceof ObjectId) return 'objectId';
  if (value instanceof Long) return 'long';
  if (value instanceof Double) return 'double';
  if (value instanceof Int32) return 'int';
  if (value instanceof Decimal128) return 'decimal';
  if (value instanceof Binary) return 'binData';
  if (value instanceof Timestamp) return 'timestamp';
  if (value instanceof Code) return 'javascript';
  if (value instanceof MinKey) return 'minKey';
  if (value instanceof MaxKey) return 'maxKey';
  return 'object';
}

/** Normalises a `$type` argument (alias or numeric code) to an alias, refusing unknown ones as mongod does. */
export function typeAliasOf(spec: Value): string {
  if (typeof spec === 'number') {
    const alias = ALIASES_BY_CODE[spec];
    if (alias) return alias;
    throw new Error(`Invalid numerical type code: ${spec}`);
  }
  if (typeof spec === 'string' && KNOWN_ALIASES.has(spec)) return spec;
  throw new Error(`Unknown type name alias: ${String(spec)}`);
}

export function matchesTypeAlias(value: Value, alias: string): boolean {
  const actual = bsonTypeAlias(value);
  if (alias === 'number') return actual === 'int' || actual === 'double' || actual === 'long' || actual === 'decimal';
  return actual === alias;
}
