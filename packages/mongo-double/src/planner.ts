import type { Document } from 'bson';
import { encodePrefix } from './index-keys.js';
import type { Index } from './indexes.js';
import { combineConstraints, readConstraints, type Constraints } from './query-constraints.js';

/** Most keys one index lookup may expand `$in` lists into; above it the index is not used. */
export const MAX_LOOKUP_KEYS = 1000;

/** Keys looked up in one index over its first `prefixLength` fields; `cost` counts the entries they hold. */
export interface IndexLookup {
  index: Index;
  prefixLength: number;
  keys: string[];
  cost: number;
}

/** Lookups whose union holds every document the filter can match (and maybe more). */
export interface LookupPlan {
  lookups: IndexLookup[];
  cost: number;
}

/**
 * The cheapest way to find a superset of the filter's matches through indexes: one lookup from the equality and
 * `$in` conditions that hold for every match, or, for an `$or`, one lookup per branch (each combined with those
 * conditions) when every branch has one. Undefined when no index applies, and the collection must be scanned.
 */
export function planLookup(indexes: readonly Index[], filter: Document): LookupPlan | undefined {
  const { fields, disjunctions } = readConstraints(filter);
  const single = cheapestLookup(indexes, fields);
  let best: LookupPlan | undefined = single && { lookups: [single], cost: single.cost };
  for (const branches of disjunctions) {
    const union = unionPlan(indexes, fields, branches);
    if (union && (!best || union.cost < best.cost)) best = union;
  }
  return best;
}

/** `_id` keys of the documents a plan finds. */
export function candidateIds(plan: LookupPlan): Set<string> {
  const ids = new Set<string>();
  for (const { index, prefixLength, keys } of plan.lookups) {
    for (const key of keys) for (const id of index.owners(prefixLength, key) ?? []) ids.add(id);
  }
  return ids;
}

function unionPlan(indexes: readonly Index[], outer: Constraints, branches: Document[]): LookupPlan | undefined {
  const lookups: IndexLookup[] = [];
  for (const branch of branches) {
    // Only the branch's own fields: an $or nested in it would need a union of its own.
    const lookup = cheapestLookup(indexes, combineConstraints(outer, readConstraints(branch).fields));
    if (!lookup) return undefined;
    lookups.push(lookup);
  }
  return { lookups, cost: lookups.reduce((sum, lookup) => sum + lookup.cost, 0) };
}

function cheapestLookup(indexes: readonly Index[], constraints: Constraints): IndexLookup | undefined {
  let best: IndexLookup | undefined;
  if (constraints.size === 0) return undefined;
  for (const index of indexes) {
    const lookup = index.queryable ? lookupIn(index, constraints) : undefined;
    if (lookup && (!best || lookup.cost < best.cost)) best = lookup;
  }
  return best;
}

/** A lookup over the longest prefix of the index's fields that are all constrained, if its keys stay few enough. */
function lookupIn(index: Index, constraints: Constraints): IndexLookup | undefined {
  const perField: (readonly string[])[] = [];
  let combinations = 1;
  for (const field of index.fields) {
    const values = constraints.get(field);
    if (values === undefined) break;
    combinations *= values.length;
    if (combinations > MAX_LOOKUP_KEYS) break;
    perField.push(values);
  }
  if (perField.length === 0) return undefined;
  const keys = crossProduct(perField).map(encodePrefix);
  const cost = keys.reduce((sum, key) => sum + (index.owners(perField.length, key)?.size ?? 0), 0);
  return { index, prefixLength: perField.length, keys, cost };
}

function crossProduct(lists: (readonly string[])[]): string[][] {
  let products: string[][] = [[]];
  for (const list of lists) products = products.flatMap((prefix) => list.map((part) => [...prefix, part]));
  return products;
}
