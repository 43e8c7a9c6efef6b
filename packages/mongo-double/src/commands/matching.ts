import type { Document } from 'bson';
import type { Collection } from '../collection.js';
import type { Predicate } from '../query.js';
import { isPlainObject } from '../values.js';

/**
 * Stored documents matching a filter, in natural order, up to `limit`. An equality on `_id` is answered from the
 * `_id` map instead of a scan.
 */
export function matchingDocuments(collection: Collection, predicate: Predicate, filter: Document, limit?: number): Document[] {
  const id = idEquality(filter);
  if (id.found) {
    const document = collection.findById(id.value);
    return document && predicate(document) ? [document] : [];
  }
  const matches: Document[] = [];
  for (const document of collection.documents()) {
    if (!predicate(document)) continue;
    matches.push(document);
    if (limit !== undefined && matches.length >= limit) break;
  }
  return matches;
}

/** `{ _id: v }` or `{ _id: { $eq: v } }` with a scalar v (not a query object, not a regex). */
export function idEquality(filter: Document): { found: true; value: unknown } | { found: false } {
  if (!('_id' in filter)) return { found: false };
  const condition = filter._id;
  if (isPlainObject(condition)) {
    const keys = Object.keys(condition);
    if (keys.length === 1 && keys[0] === '$eq' && !isPlainObject(condition.$eq) && !Array.isArray(condition.$eq)) {
      return { found: true, value: condition.$eq };
    }
    return { found: false };
  }
  if (Array.isArray(condition) || condition instanceof RegExp || condition === null) return { found: false };
  return { found: true, value: condition };
}
