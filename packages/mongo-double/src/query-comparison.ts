import type { Document } from 'bson';
import { compareBson, typeRank } from './bson-order.js';
import { isPlainObject, type Value } from './values.js';

/**
 * Comparison query operators in mongod's terms, replacing mingo's: numbers compare by value whatever their BSON
 * type (int, long, double, Decimal128), values of different type classes never match a range, and a field
 * reached through arrays matches if any element (or the array itself) does.
 */

/** Every value a dotted path (given as its parts) reaches: the value itself and, if it is an array, each element. */
function candidates(document: Value, parts: readonly string[]): { values: Value[]; missing: boolean } {
  const values: Value[] = [];
  let missing = true;
  const walk = (current: Value, depth: number): void => {
    if (depth === parts.length) {
      missing = false;
      values.push(current);
      if (Array.isArray(current)) values.push(...current);
      return;
    }
    const head = parts[depth] as string;
    if (Array.isArray(current)) {
      if (/^\d+$/.test(head) && Number(head) < current.length) walk(current[Number(head)], depth + 1);
      for (const item of current) if (isPlainObject(item)) walk(item, depth);
      return;
    }
    if (isPlainObject(current) && Object.prototype.hasOwnProperty.call(current, head)) walk(current[head], depth + 1);
  };
  walk(document, 0);
  return { values, missing };
}

function equalBson(a: Value, b: Value): boolean {
  return typeRank(a) === typeRank(b) && compareBson(a, b) === 0;
}

function matchesEquality(document: Value, path: readonly string[], expected: Value): boolean {
  return equalsAny(candidates(document, path), expected);
}

/** Whether any value a path reached equals `expected`; null also matches a missing field, as on mongod. */
function equalsAny({ values, missing }: { values: Value[]; missing: boolean }, expected: Value): boolean {
  if (expected === null) return missing || values.some((value) => value === null || value === undefined);
  return values.some((value) => equalBson(value, expected));
}

/**
 * `$in`: the path's values are walked once per document, and strings (the common case: ids, keys, tags) are looked
 * up in a set made once per query, where comparing every value with every list item cost O(values × list).
 * Two strings are equal in BSON exactly when they are equal in JavaScript; other values compare as `$eq` does.
 */
function inMatcher(path: readonly string[], list: Value[]): (document: Value) => boolean {
  const strings = new Set<string>();
  const patterns: RegExp[] = [];
  const others: Value[] = [];
  for (const item of list) {
    if (typeof item === 'string') strings.add(item);
    else if (item instanceof RegExp) patterns.push(item);
    else others.push(item);
  }
  return (document) => {
    const found = candidates(document, path);
    return found.values.some((value) => typeof value === 'string' && (strings.has(value) || patterns.some((pattern) => pattern.test(value))))
      || others.some((expected) => equalsAny(found, expected));
  };
}

type Range = (order: number) => boolean;

function rangeOperator(accept: Range) {
  return (selector: string, expected: unknown) => {
    const path = selector.split('.');
    return (document: unknown) =>
      candidates(document, path).values.some(
        (value) => typeRank(value) === typeRank(expected) && accept(compareBson(value, expected)),
      );
  };
}

function requireArray(operator: string, value: unknown): Value[] {
  if (!Array.isArray(value)) throw new Error(`${operator} needs an array`);
  return value;
}

export const comparisonOperators = {
  $eq: (selector: string, expected: unknown) => {
    const path = selector.split('.');
    return (document: unknown) => matchesEquality(document, path, expected);
  },
  $ne: (selector: string, expected: unknown) => {
    const path = selector.split('.');
    return (document: unknown) => !matchesEquality(document, path, expected);
  },
  $gt: rangeOperator((order) => order > 0),
  $gte: rangeOperator((order) => order >= 0),
  $lt: rangeOperator((order) => order < 0),
  $lte: rangeOperator((order) => order <= 0),
  $in: (selector: string, list: unknown) => inMatcher(selector.split('.'), requireArray('$in', list)),
  $nin: (selector: string, list: unknown) => {
    const matches = inMatcher(selector.split('.'), requireArray('$nin', list));
    return (document: unknown) => !matches(document);
  },
} satisfies Record<string, (selector: string, value: unknown) => (document: Document) => boolean>;
