import type { Document } from 'bson';
import { Binary, BSONRegExp, MaxKey, MinKey, ObjectId, Timestamp } from 'bson';
import { compareNumbers, isNumeric } from './numbers.js';
import { isPlainObject, valuesAtPath, type Value } from './values.js';

/** Rank of each type in BSON comparison order (null and missing rank alike; all numbers rank together). */
export function typeRank(value: Value): number {
  if (value instanceof MinKey) return 1;
  if (value === null || value === undefined) return 2;
  if (typeof value === 'bigint' || isNumeric(value)) return 3;
  if (typeof value === 'string') return 4;
  if (isPlainObject(value)) return 5;
  if (Array.isArray(value)) return 6;
  if (value instanceof Binary) return 7;
  if (value instanceof ObjectId) return 8;
  if (typeof value === 'boolean') return 9;
  if (value instanceof Date) return 10;
  if (value instanceof Timestamp) return 11;
  if (value instanceof RegExp || value instanceof BSONRegExp) return 12;
  if (value instanceof MaxKey) return 13;
  return 5;
}

function sign(difference: number): number {
  return difference < 0 ? -1 : difference > 0 ? 1 : 0;
}

/** Compares two values in BSON order, as mongod's sort and index do (numbers by value whatever their type). */
export function compareBson(a: Value, b: Value): number {
  const rankDifference = typeRank(a) - typeRank(b);
  if (rankDifference !== 0) return sign(rankDifference);
  switch (typeRank(a)) {
    case 3:
      return compareNumbers(a, b);
    case 4:
      return a === b ? 0 : (a as string) < (b as string) ? -1 : 1;
    case 5:
      return compareObjects(a as Document, b as Document);
    case 6:
      return compareArrays(a as Value[], b as Value[]);
    case 7:
      return Buffer.compare(Buffer.from((a as Binary).buffer), Buffer.from((b as Binary).buffer));
    case 8:
      return Buffer.compare(Buffer.from((a as ObjectId).id), Buffer.from((b as ObjectId).id));
    case 9:
      return sign(Number(a) - Number(b));
    case 10:
      return sign((a as Date).getTime() - (b as Date).getTime());
    case 11:
      return (a as Timestamp).compare(b as Timestamp);
    case 12:
      return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
    default:
      return 0;
  }
}

function compareObjects(a: Document, b: Document): number {
  const left = Object.entries(a);
  const right = Object.entries(b);
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const [ka, va] = left[i] as [string, Value];
    const [kb, vb] = right[i] as [string, Value];
    const byType = typeRank(va) - typeRank(vb);
    if (byType !== 0) return sign(byType);
    if (ka !== kb) return ka < kb ? -1 : 1;
    const byValue = compareBson(va, vb);
    if (byValue !== 0) return byValue;
  }
  return sign(left.length - right.length);
}

function compareArrays(a: Value[], b: Value[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const byValue = compareBson(a[i], b[i]);
    if (byValue !== 0) return byValue;
  }
  return sign(a.length - b.length);
}

/**
 * The value a document sorts by on one key: through arrays, the smallest reached value for an ascending sort and
 * the largest for a descending one, as mongod does.
 */
function sortKey(document: Document, path: string, direction: 1 | -1): Value {
  const { values, missing } = valuesAtPath(document, path);
  if (missing || values.length === 0) return null;
  let best = values[0];
  for (const value of values.slice(1)) {
    if (compareBson(value, best) * direction < 0) best = value;
  }
  return best;
}

/** Stable sort by a sort specification such as `{ score: -1, _id: 1 }`. */
export function sortDocuments<T extends Document>(documents: T[], spec: Record<string, 1 | -1>): T[] {
  const fields = Object.entries(spec);
  const keyed = documents.map((document) => ({ document, keys: fields.map(([path, direction]) => sortKey(document, path, direction)) }));
  keyed.sort((x, y) => {
    for (const [i, [, direction]] of fields.entries()) {
      const order = compareBson(x.keys[i], y.keys[i]) * direction;
      if (order !== 0) return order;
    }
    return 0;
  });
  return keyed.map((entry) => entry.document);
}
