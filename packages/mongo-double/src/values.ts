import { Binary, Decimal128, Double, Long, ObjectId, Timestamp, type Document } from 'bson';
import { isNumeric, numericKey } from './numbers.js';

/** A BSON value as held in memory: JS primitives, Date, RegExp, arrays, plain objects, and bson classes. */
export type Value = unknown;

export function isPlainObject(value: Value): value is Document {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/**
 * A string that is equal for two values exactly when mongod's index would treat them as the same key:
 * numbers compare by value across int/long/double, objects compare field by field in order.
 * Used as the key of hash maps (the `_id` lookup and unique indexes).
 */
export function keyString(value: Value): string {
  if (value === null || value === undefined) return 'n';
  switch (typeof value) {
    case 'number':
      return numericKey(value);
    case 'bigint':
      return `d${value}`;
    case 'string':
      return `s${JSON.stringify(value)}`;
    case 'boolean':
      return value ? 'b1' : 'b0';
  }
  if (value instanceof Date) return `t${value.getTime()}`;
  if (value instanceof RegExp) return `r${JSON.stringify([value.source, value.flags])}`;
  if (Array.isArray(value)) return `a[${value.map(keyString).join(',')}]`;
  if (isPlainObject(value)) {
    return `o{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${keyString(v)}`).join(',')}}`;
  }
  if (value instanceof ObjectId) return `i${value.toHexString()}`;
  if (isNumeric(value)) return numericKey(value);
  if (value instanceof Binary) return `x${value.sub_type}:${Buffer.from(value.buffer).toString('base64')}`;
  const bsontype = (value as { _bsontype?: string })._bsontype ?? 'unknown';
  return `${bsontype}:${JSON.stringify(value)}`;
}

/** Formats a value the way mongod prints it in error messages, e.g. `{ name: "x", at: new Date(0) }`. */
export function formatValue(value: Value): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return `new Date(${value.getTime()})`;
  if (value instanceof RegExp) return `/${value.source}/${value.flags}`;
  if (Array.isArray(value)) return value.length ? `[ ${value.map(formatValue).join(', ')} ]` : '[]';
  if (isPlainObject(value)) return formatDocument(value);
  if (value instanceof ObjectId) return `ObjectId('${value.toHexString()}')`;
  if (value instanceof Long) return value.toString();
  if (value instanceof Double) return String(value.value);
  if (value instanceof Decimal128) return `NumberDecimal("${value.toString()}")`;
  if (value instanceof Timestamp) return `Timestamp(${value.high}, ${value.low})`;
  if (value instanceof Binary) return `BinData(${value.sub_type}, ${Buffer.from(value.buffer).toString('hex').toUpperCase()})`;
  return String(value);
}

export function formatDocument(document: Document): string {
  const entries = Object.entries(document);
  if (entries.length === 0) return '{}';
  return `{ ${entries.map(([k, v]) => `${k}: ${formatValue(v)}`).join(', ')} }`;
}

/** Deep copy of a document: containers and Dates are copied, immutable bson values are shared. */
export function cloneValue<T>(value: T): T {
  if (Array.isArray(value)) return value.map(cloneValue) as T;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (isPlainObject(value)) {
    const copy: Document = {};
    for (const [k, v] of Object.entries(value)) copy[k] = cloneValue(v);
    return copy as T;
  }
  return value;
}

/**
 * Reads a dotted path the way an index sees it: arrays along the path fan out, so the result lists every value
 * the path reaches (one per array element); `missing` is reported separately from null.
 */
export function valuesAtPath(document: Value, path: string): { values: Value[]; missing: boolean } {
  const values: Value[] = [];
  let missing = true;
  const walk = (current: Value, parts: string[]): void => {
    if (parts.length === 0) {
      missing = false;
      if (Array.isArray(current)) {
        if (current.length === 0) values.push(undefined);
        else values.push(...current);
      } else {
        values.push(current);
      }
      return;
    }
    const [head, ...rest] = parts as [string, ...string[]];
    if (Array.isArray(current)) {
      if (/^\d+$/.test(head) && Number(head) < current.length) walk(current[Number(head)], rest);
      else for (const item of current) if (isPlainObject(item)) walk(item, parts);
      return;
    }
    if (isPlainObject(current) && Object.prototype.hasOwnProperty.call(current, head)) walk(current[head], rest);
  };
  walk(document, path.split('.'));
  return { values, missing };
}

/** The value at a dotted path without array fan-out (used for `_id` and upsert seeds). */
export function getPath(document: Document, path: string): Value {
  let current: Value = document;
  for (const part of path.split('.')) {
    if (!isPlainObject(current) && !Array.isArray(current)) return undefined;
    current = (current as Record<string, Value>)[part];
  }
  return current;
}

/** Sets a dotted path, creating intermediate objects. */
export function setPath(document: Document, path: string, value: Value): void {
  const parts = path.split('.');
  let current: Document = document;
  for (const part of parts.slice(0, -1)) {
    const next = current[part];
    if (!isPlainObject(next)) current[part] = {};
    current = current[part] as Document;
  }
  current[parts[parts.length - 1] as string] = value;
}
