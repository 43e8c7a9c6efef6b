import type { Document } from 'bson';
import type { Collection } from '../collection.js';
import type { Predicate } from '../query.js';
import { candidateIds, planLookup } from '../planner.js';
import { isPlainObject } from '../values.js';

/**
 * Stored documents matching a filter, in natural order, up to `limit`. Only the candidates (see
 * `candidateDocuments`) are tested, so an indexed lookup costs what it finds, not what is stored.
 */
export function matchingDocuments(collection: Collection, predicate: Predicate, filter: Document, limit?: number): Document[] {
  const matches: Document[] = [];
  for (const document of candidateDocuments(collection, filter)) {
    if (!predicate(document)) continue;
    matches.push(document);
    if (limit !== undefined && matches.length >= limit) break;
  }
  return matches;
}

/**
 * A superset of the documents `filter` matches, in natural order, for callers to test with the full predicate: the
 * document of an `_id` equality, the union of index lookups when the planner finds some that narrow the
 * collection, or else every document.
 */
export function candidateDocuments(collection: Collection, filter: unknown): Iterable<Document> {
  if (!isPlainObject(filter)) return collection.documents();
  const id = idEquality(filter);
  if (id.found) {
    const document = collection.findById(id.value);
    return document ? [document] : [];
  }
  const plan = planLookup(collection.indexes(), filter);
  if (plan && plan.cost < collection.size) return collection.inNaturalOrder(candidateIds(plan));
  return collection.documents();
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
