import { Decimal128, Double, Int32, Long, ObjectId, Timestamp, type Document } from 'bson';
import { isPlainObject, keyString, type Value } from './values.js';

/**
 * Equality constraints a filter puts on fields, as an index can answer them: field path → the encoded values
 * (`keyString`) of which the field must equal one. Each is necessary for a match, never sufficient.
 */
export type Constraints = ReadonlyMap<string, readonly string[]>;

export interface FilterConstraints {
  /** Constraints that hold for every matching document. */
  fields: Constraints;
  /** The branches of each `$or` that is a conjunct of the filter: a match satisfies one branch of each. */
  disjunctions: Document[][];
}

/**
 * Reads the conjuncts of a filter: its top-level fields and the elements of a top-level `$and` (recursively).
 * Anything else (operators it does not know, malformed parts) only adds no constraint, so the result stays safe.
 */
export function readConstraints(filter: Document): FilterConstraints {
  const fields = new Map<string, readonly string[]>();
  const disjunctions: Document[][] = [];
  const visit = (conjunct: Document): void => {
    for (const [field, condition] of Object.entries(conjunct)) {
      if (field === '$and' && Array.isArray(condition)) condition.filter(isPlainObject).forEach(visit);
      else if (field === '$or' && Array.isArray(condition) && condition.length > 0 && condition.every(isPlainObject)) disjunctions.push(condition);
      else if (!field.startsWith('$')) keepNarrowest(fields, field, equalityValues(condition));
    }
  };
  visit(filter);
  return { fields, disjunctions };
}

/** Both sets of constraints at once; for a field constrained twice, the narrower list. */
export function combineConstraints(outer: Constraints, inner: Constraints): Constraints {
  const combined = new Map(outer);
  for (const [field, values] of inner) keepNarrowest(combined, field, values);
  return combined;
}

// Two lists for one field are not intersected: through an array, a document can match `a: 1` and `a: 2` at once.
function keepNarrowest(fields: Map<string, readonly string[]>, field: string, values: readonly string[] | undefined): void {
  if (values === undefined) return;
  const current = fields.get(field);
  if (current === undefined || values.length < current.length) fields.set(field, values);
}

/** The encoded values a condition requires a field to equal one of, or undefined when it is not such a condition. */
function equalityValues(condition: Value): readonly string[] | undefined {
  if (isIndexableScalar(condition)) return [keyString(condition)];
  if (!isPlainObject(condition)) return undefined;
  const operators = Object.keys(condition);
  // An object with a non-operator key is a literal subdocument, compared as a whole.
  if (operators.length === 0 || !operators.every((operator) => operator.startsWith('$'))) return undefined;
  const fromEq = isIndexableScalar(condition.$eq) ? [keyString(condition.$eq)] : undefined;
  const list: unknown = condition.$in;
  const fromIn = Array.isArray(list) && list.every(isIndexableScalar) ? [...new Set(list.map(keyString))] : undefined;
  if (fromEq && fromIn) return fromEq.length <= fromIn.length ? fromEq : fromIn;
  return fromEq ?? fromIn;
}

/**
 * Values whose index key equals a stored value's key exactly when the scan's equality matches them. Null, arrays,
 * objects and regular expressions match more than their own key (missing fields, whole arrays, patterns); Binary
 * and Timestamp compare differently in the scan than their keys do, so they are left to it too.
 */
export function isIndexableScalar(value: Value): boolean {
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return true;
  }
  if (value instanceof Timestamp) return false;
  return value instanceof Date || value instanceof ObjectId || value instanceof Long || value instanceof Double
    || value instanceof Int32 || value instanceof Decimal128;
}
