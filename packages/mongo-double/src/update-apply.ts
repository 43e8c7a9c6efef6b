import { ObjectId, type Document } from 'bson';
import { update as applyOperators } from 'mingo/updater';
import type { Modifier } from 'mingo/updater';
import { CommandError, ErrorCode, failedToParse, toCommandError } from './errors.js';
import { plainNumbers, restoreNumberTypes } from './numbers.js';
import { runPipeline, UPDATE_QUERY_OPTIONS } from './query.js';
import { checkOperatorTargets, extractIdUpdate } from './update-checks.js';
import { cloneValue, isPlainObject, setPath } from './values.js';

const UPDATE_OPERATORS = new Set([
  '$set', '$unset', '$inc', '$mul', '$rename', '$min', '$max', '$currentDate', '$addToSet', '$pop', '$pull',
  '$pullAll', '$push', '$bit', '$setOnInsert',
]);
const PIPELINE_UPDATE_STAGES = new Set(['$addFields', '$set', '$project', '$unset', '$replaceRoot', '$replaceWith']);

export type UpdateKind = 'operators' | 'replacement' | 'pipeline';

/** Classifies and validates the `u` of an update statement as mongod does. */
export function classifyUpdate(update: unknown): UpdateKind {
  if (Array.isArray(update)) {
    for (const stage of update) {
      const name = isPlainObject(stage) ? Object.keys(stage)[0] : undefined;
      if (!name || !PIPELINE_UPDATE_STAGES.has(name)) {
        throw new CommandError(ErrorCode.InvalidOptions, `${name ?? 'stage'} is not allowed to be used within an update`);
      }
    }
    return 'pipeline';
  }
  if (!isPlainObject(update)) throw failedToParse('Update argument must be either an object or an array');
  const keys = Object.keys(update);
  if (keys.length === 0 || !keys[0]?.startsWith('$')) {
    const dollar = keys.find((key) => key.startsWith('$'));
    if (dollar) throw new CommandError(52, `The dollar ($) prefixed field '${dollar}' in '${dollar}' is not allowed in the context of an update's replacement document. Consider using an aggregation pipeline with $replaceWith.`);
    return 'replacement';
  }
  for (const key of keys) {
    if (!UPDATE_OPERATORS.has(key)) {
      throw failedToParse(`Unknown modifier: ${key}. Expected a valid update modifier or pipeline-style update specified as an array`);
    }
    if (!isPlainObject(update[key])) {
      throw failedToParse(`Modifiers operate on fields but we found type ${typeof update[key]} instead. For example: {$mod: {<field>: ...}} not {${key}: ${JSON.stringify(update[key])}}`);
    }
  }
  return 'operators';
}

export interface ApplyOptions {
  kind: UpdateKind;
  /** The statement's filter, which positional `$` updates refer to. */
  filter: Document;
  arrayFilters?: Document[];
  /** True when the document is being created by an upsert ($setOnInsert applies). */
  inserting: boolean;
}

/** Returns the updated copy of `current`; `current` itself is never modified. */
export function applyUpdate(current: Document, update: Document | Document[], options: ApplyOptions): Document {
  try {
    switch (options.kind) {
      case 'replacement':
        return withId(current._id, cloneValue(update as Document));
      case 'pipeline':
        return restoreNumberTypes(current, runPipeline([current], update as Document[])[0] ?? {}) as Document;
      case 'operators':
        return applyOperatorUpdate(current, update as Document, options);
    }
  } catch (error) {
    throw toCommandError(error);
  }
}

/** Operators whose operands mingo needs as plain JS numbers. */
const ARITHMETIC_OPERATORS = new Set(['$inc', '$mul', '$min', '$max', '$bit']);

function applyOperatorUpdate(current: Document, update: Document, options: ApplyOptions): Document {
  const { $setOnInsert, ...rest } = update;
  const modifier: Document = { ...rest };
  if (options.inserting && isPlainObject($setOnInsert)) modifier.$set = { ...(rest.$set as Document | undefined), ...$setOnInsert };
  // A plain-number copy for mingo's arithmetic; the BSON number types are put back afterwards.
  const next = plainNumbers(current);
  if (Object.keys(modifier).length === 0) return cloneValue(current);
  const operators = extractIdUpdate(next, modifier, options.inserting);
  for (const operator of Object.keys(operators)) {
    if (ARITHMETIC_OPERATORS.has(operator)) operators[operator] = plainNumbers(operators[operator]);
  }
  checkOperatorTargets(next, operators);
  // The filter is only needed to resolve a positional `$`; mingo also skips the update when it does not match,
  // and an upsert seed need not match its filter.
  const positional = Object.values(operators).some((fields) => Object.keys(fields as Document).some(isPositionalPath));
  const condition = positional && !options.inserting ? options.filter : undefined;
  applyOperators(next, operators as Modifier<Document>, options.arrayFilters, condition, { queryOptions: UPDATE_QUERY_OPTIONS });
  return restoreNumberTypes(current, next) as Document;
}

function isPositionalPath(path: string): boolean {
  return path === '$' || path.startsWith('$.') || path.includes('.$.') || path.endsWith('.$');
}

function withId(id: unknown, replacement: Document): Document {
  const { _id, ...rest } = replacement;
  const kept = _id === undefined ? id : _id;
  return kept === undefined ? rest : { _id: kept, ...rest };
}

/**
 * The document an upsert starts from: equality conditions of the filter (`field: value`, `$eq`, inside `$and`),
 * as mongod seeds it. Replacement upserts take only `_id` from the filter.
 */
export function upsertSeed(filter: Document, kind: UpdateKind): Document {
  const seed: Document = {};
  collectEqualities(filter, seed);
  if (kind === 'replacement') return seed._id === undefined ? {} : { _id: seed._id };
  return seed;
}

function collectEqualities(filter: Document, seed: Document): void {
  for (const [field, condition] of Object.entries(filter)) {
    if (field === '$and' && Array.isArray(condition)) {
      for (const part of condition) if (isPlainObject(part)) collectEqualities(part, seed);
      continue;
    }
    if (field.startsWith('$')) continue;
    if (isPlainObject(condition) && Object.keys(condition).some((key) => key.startsWith('$'))) {
      if ('$eq' in condition) setPath(seed, field, cloneValue(condition.$eq));
      continue;
    }
    if (condition instanceof RegExp) continue;
    setPath(seed, field, cloneValue(condition));
  }
}

/** Gives an upserted document an `_id` if neither the filter nor the update supplied one, placed first. */
export function ensureId(document: Document): Document {
  if (document._id !== undefined) return document;
  const { _id: _missing, ...rest } = document;
  return { _id: new ObjectId(), ...rest };
}
