import type { CommandDefinition } from '../context.js';
import { typeMismatch } from '../errors.js';
import { assertHint, assertSimpleCollation, collectionName, optionalObject } from '../options.js';
import { compileFilter } from '../query.js';
import { isNumeric, toNumber } from '../numbers.js';
import { keyString, valuesAtPath } from '../values.js';
import { matchingDocuments } from './matching.js';

export const countCommand: CommandDefinition = {
  accepts: ['query', 'limit', 'skip', 'hint', 'collation', 'fields'],
  handler(command, context) {
    const name = collectionName('count', command);
    const filter = optionalObject(command, 'query') ?? {};
    assertSimpleCollation(command.collation);
    const collection = context.store.get(context.database, name);
    assertHint(collection?.indexSpecs(), command.hint);
    const matched = collection ? matchingDocuments(collection, compileFilter(filter), filter).length : 0;
    const skip = numberOr(command.skip, 0, 'skip');
    const limit = Math.abs(numberOr(command.limit, 0, 'limit'));
    const afterSkip = Math.max(0, matched - skip);
    return { n: limit > 0 ? Math.min(limit, afterSkip) : afterSkip, ok: 1 };
  },
};

export const distinctCommand: CommandDefinition = {
  accepts: ['key', 'query', 'collation', 'hint'],
  handler(command, context) {
    const name = collectionName('distinct', command);
    if (typeof command.key !== 'string') throw typeMismatch("BSON field 'distinct.key' is missing but a required field");
    const key = command.key;
    const filter = optionalObject(command, 'query') ?? {};
    assertSimpleCollation(command.collation);
    const collection = context.store.get(context.database, name);
    assertHint(collection?.indexSpecs(), command.hint);
    const seen = new Map<string, unknown>();
    for (const document of collection ? matchingDocuments(collection, compileFilter(filter), filter) : []) {
      const { values } = valuesAtPath(document, key);
      for (const value of values) {
        if (value === undefined) continue;
        const encoded = keyString(value);
        if (!seen.has(encoded)) seen.set(encoded, value);
      }
    }
    return { values: [...seen.values()], ok: 1 };
  },
};

function numberOr(value: unknown, fallback: number, field: string): number {
  if (value === undefined || value === null) return fallback;
  if (!isNumeric(value)) throw typeMismatch(`'${field}' must be a number`);
  return Math.trunc(toNumber(value));
}
