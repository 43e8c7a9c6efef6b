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
  const { values, missing } = candidates(document, path);
  if (expected === null) return missing || values.some((value) => value === null || value === undefined);
  return values.some((value) => equalBson(value, expected));
}

function matchesIn(document: Value, path: readonly string[], list: Value[]): boolean {
  return list.some((expected) => {
    if (expected instanceof RegExp) {
      return candidates(document, path).values.some((value) => typeof value === 'string' && expected.test(value));
    }
    return matchesEquality(document, path, expected);
  });
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
  $in: (selector: string, list: unknown) => {
    const [path, values] = [selector.split('.'), requireArray('$in', list)];
    return (document: unknown) => matchesIn(document, path, values);
  },
  $nin: (selector: string, list: unknown) => {
    const [path, values] = [selector.split('.'), requireArray('$nin', list)];
    return (document: unknown) => !matchesIn(document, path, values);
  },
} satisfies Record<string, (selector: string, value: unknown) => (document: Document) => boolean>;
