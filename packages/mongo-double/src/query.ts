import type { Document } from 'bson';
import { Aggregator } from 'mingo/aggregator';
import { Context, OpType, ProcessingMode } from 'mingo/core';
import * as accumulatorOperators from 'mingo/operators/accumulator';
import * as expressionOperators from 'mingo/operators/expression';
import * as pipelineOperators from 'mingo/operators/pipeline';
import * as projectionOperators from 'mingo/operators/projection';
import * as queryOperators from 'mingo/operators/query';
import * as windowOperators from 'mingo/operators/window';
import { Query } from 'mingo/query';
import type { CollectionResolver, Options } from 'mingo/types';
import { Lazy, type Iterator } from 'mingo/lazy';
import { resolve } from 'mingo/util';
import { sortDocuments } from './bson-order.js';
import { plainNumbers, restoreNumberTypes } from './numbers.js';
import { comparisonOperators } from './query-comparison.js';
import { matchesTypeAlias, typeAliasOf } from './bson-types.js';
import { badValue, CommandError, ErrorCode, toCommandError } from './errors.js';
import { isPlainObject } from './values.js';

/** mingo's own $type knows only JS types; this one knows objectId, binData, decimal, long, int vs double. */
const $type = (selector: string, value: unknown): ((document: unknown) => boolean) => {
  const aliases = (Array.isArray(value) ? value : [value]).map(typeAliasOf);
  return (document: unknown) => {
    const found = resolve(document as Document, selector);
    const candidates = Array.isArray(found) ? [found, ...found] : [found];
    return found !== undefined && candidates.some((item) => aliases.some((alias) => matchesTypeAlias(item, alias)));
  };
};

/** mingo's $sort places types it does not know (ObjectId, Decimal128) last; this one follows BSON order. */
const $sort = (collection: Iterator, spec: unknown): Iterator => {
  const validated = validateSort(spec);
  if (!validated || '$natural' in validated) throw new CommandError(15976, '$sort stage must have at least one sort key');
  return collection.transform((documents: Document[]) => Lazy(sortDocuments(documents, validated)));
};

/** mingo's $count emits `{ name: 0 }` for no input; mongod emits nothing. */
const $count = (collection: Iterator, field: unknown, options: Options): Iterator => {
  if (typeof field !== 'string' || field.length === 0 || field.startsWith('$') || field.includes('.')) {
    throw new CommandError(40156, 'the count field must be a non-empty string that does not start with $ or contain a .');
  }
  const grouped = pipelineOperators.$group(collection, { _id: null, count: { $sum: 1 } }, options);
  return pipelineOperators.$project(grouped, { _id: 0, [field]: '$count' }, options);
};

/** mingo's $project appends `_id` after the computed fields; mongod keeps `_id` first. */
const $project = (collection: Iterator, spec: unknown, options: Options): Iterator =>
  pipelineOperators.$project(collection, spec as Document, options).map((document: Document) => {
    if (!('_id' in document) || Object.keys(document)[0] === '_id') return document;
    const { _id, ...rest } = document;
    return { _id, ...rest };
  });

// $out and $merge write to other collections; the double refuses them by name instead (see aggregate).
const { $out: _out, $merge: _merge, ...readOnlyStages } = pipelineOperators;

const CONTEXT = Context.init({
  accumulator: accumulatorOperators,
  expression: expressionOperators,
  pipeline: {
    ...readOnlyStages,
    $sort: $sort as typeof pipelineOperators.$sort,
    $count: $count as typeof pipelineOperators.$count,
    $project: $project as typeof pipelineOperators.$project,
  },
  projection: projectionOperators,
  query: { ...queryOperators, ...(comparisonOperators as Partial<typeof queryOperators>), $type: $type as typeof queryOperators.$type },
  window: windowOperators,
});

/**
 * For update operators: mingo copies the whole context on every update call and adds the query operators it
 * needs itself (keeping ones already present), so this context carries only our $type — much cheaper per write.
 */
export const UPDATE_QUERY_OPTIONS: Partial<Options> = {
  context: Context.init({ query: { ...(comparisonOperators as Partial<typeof queryOperators>), $type: $type as typeof queryOperators.$type } }),
  scriptEnabled: false,
  useStrictMode: true,
};

/** Options for every mingo call: MongoDB-strict semantics, no server-side JavaScript, inputs never mutated by us. */
export function mingoOptions(collectionResolver?: CollectionResolver, mode = ProcessingMode.CLONE_OFF): Partial<Options> {
  return { context: CONTEXT, scriptEnabled: false, useStrictMode: true, processingMode: mode, collectionResolver };
}

export type Predicate = (document: Document) => boolean;

export function compileFilter(filter: unknown): Predicate {
  if (filter === undefined || filter === null) return () => true;
  if (!isPlainObject(filter)) throw new CommandError(ErrorCode.TypeMismatch, "'filter' must be an object");
  if (Object.keys(filter).length === 0) return () => true;
  try {
    const query = new Query(filter, mingoOptions());
    return (document) => query.test(document);
  } catch (error) {
    throw toCommandError(error);
  }
}

export interface FindShape {
  filter?: unknown;
  sort?: unknown;
  projection?: unknown;
  skip?: number;
  limit?: number;
}

/** Applies filter → sort → skip → limit → projection with mingo, on documents given in natural order. */
export function runFind(documents: Iterable<Document>, shape: FindShape): Document[] {
  const predicate = compileFilter(shape.filter);
  const sort = validateSort(shape.sort);
  // Without a sort, natural order is final, so the scan can stop once skip + limit documents matched.
  const enough = !sort && shape.limit ? (shape.skip ?? 0) + shape.limit : Number.POSITIVE_INFINITY;
  let matched: Document[] = [];
  for (const document of documents) {
    if (matched.length >= enough) break;
    if (predicate(document)) matched.push(document);
  }
  if (sort && '$natural' in sort) {
    if (sort.$natural === -1) matched.reverse();
  } else if (sort) {
    matched = sortDocuments(matched, sort);
  }
  if (shape.skip) matched = matched.slice(shape.skip);
  if (shape.limit) matched = matched.slice(0, shape.limit);
  const projection = shape.projection;
  if (projection === undefined || projection === null) return matched;
  if (!isPlainObject(projection)) throw new CommandError(ErrorCode.TypeMismatch, "'projection' must be an object");
  if (Object.keys(projection).length === 0) return matched;
  // $project keeps order and count, so each result lines up with its source for restoring number types.
  const projected = runPipeline(matched, [{ $project: projection }]);
  return projected.map((document, i) => restoreNumberTypes(matched[i], document) as Document);
}

export function validateSort(sort: unknown): Record<string, 1 | -1> | undefined {
  if (sort === undefined || sort === null) return undefined;
  if (!isPlainObject(sort)) throw new CommandError(ErrorCode.TypeMismatch, "'sort' must be an object");
  if (Object.keys(sort).length === 0) return undefined;
  const out: Record<string, 1 | -1> = {};
  for (const [field, direction] of Object.entries(sort)) {
    if (isPlainObject(direction)) throw badValue(`sort by ${JSON.stringify(direction)} is not supported by mongo-double`);
    if (direction !== 1 && direction !== -1) {
      throw badValue(`$sort key ordering must be 1 (for ascending) or -1 (for descending)`);
    }
    out[field] = direction;
  }
  if ('$natural' in out && Object.keys(out).length > 1) throw badValue('$natural sort cannot be combined with other fields');
  return out;
}

/** True when mingo (as configured here) implements the named pipeline stage. */
export function isKnownStage(name: string): boolean {
  return CONTEXT.getOperator(OpType.PIPELINE, name) !== null;
}

/**
 * Runs an aggregation pipeline on copies of the given documents. Long and integral-Double values enter as plain
 * numbers, so pipeline output carries int32/double where mongod might keep int64 (see README).
 */
export function runPipeline(documents: Document[], pipeline: Document[], collectionResolver?: CollectionResolver): Document[] {
  try {
    // Leading $match stages see the stored BSON types (e.g. `$type: 'long'`, as countDocuments sends).
    let input = documents;
    let stages = pipeline;
    while (stages[0] && '$match' in stages[0]) {
      input = input.filter(compileFilter(stages[0].$match));
      stages = stages.slice(1);
    }
    // plainNumbers copies the input (mingo stages may mutate it) and gives mingo's arithmetic plain numbers.
    return new Aggregator(stages, mingoOptions(collectionResolver)).run(input.map(plainNumbers)) as Document[];
  } catch (error) {
    throw toCommandError(error);
  }
}
