import type { Document } from 'bson';
import { keyString, valuesAtPath, type Value } from './values.js';

/** One key of an index over its first k fields: the values, and their encoding (see `encodePrefix`). */
export interface PrefixKey {
  encoded: string;
  values: Value[];
}

/**
 * The encoding of a key from the encodings (`keyString`) of its values: equal to `keyString` of the list of
 * values, built from the parts so that stored keys and looked-up keys share one definition.
 */
export function encodePrefix(parts: readonly string[]): string {
  return `a[${parts.join(',')}]`;
}

/**
 * The keys a document has in an index on `fields`, for every prefix length: element k-1 lists the distinct keys
 * over the first k fields. Arrays reached on a path fan out (one key per element, crossed over the fields) and a
 * missing field or an empty array counts as null, as in mongod's index.
 */
export function prefixKeys(document: Document, fields: readonly string[]): PrefixKey[][] {
  const levels: PrefixKey[][] = [];
  let combinations: { parts: string[]; values: Value[] }[] = [{ parts: [], values: [] }];
  for (const field of fields) {
    const values = distinctValues(document, field);
    combinations = combinations.flatMap((prefix) =>
      values.map(({ part, value }) => ({ parts: [...prefix.parts, part], values: [...prefix.values, value] })),
    );
    levels.push(combinations.map(({ parts, values: prefixValues }) => ({ encoded: encodePrefix(parts), values: prefixValues })));
  }
  return levels;
}

/** The values of one field as index keys, each once (by encoding), null standing for missing and empty arrays. */
function distinctValues(document: Document, field: string): { part: string; value: Value }[] {
  const found = valuesAtPath(document, field);
  const byPart = new Map<string, Value>();
  for (const value of found.missing ? [null] : found.values) {
    const part = keyString(value);
    if (!byPart.has(part)) byPart.set(part, value ?? null);
  }
  return [...byPart].map(([part, value]) => ({ part, value }));
}
