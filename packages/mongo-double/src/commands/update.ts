import type { Document } from 'bson';
import type { Collection } from '../collection.js';
import type { CommandContext, CommandDefinition } from '../context.js';
import { failedToParse, typeMismatch, unsupported } from '../errors.js';
import { assertHint, assertSimpleCollation, collectionName } from '../options.js';
import { compileFilter } from '../query.js';
import { applyUpdate, classifyUpdate, ensureId, upsertSeed, type UpdateKind } from '../update-apply.js';
import { isPlainObject, keyString } from '../values.js';
import { matchingDocuments } from './matching.js';
import { runWriteBatch, statementsOf, withWriteErrors } from './write-batch.js';

const STATEMENT_FIELDS = new Set(['q', 'u', 'upsert', 'multi', 'arrayFilters', 'hint', 'collation', 'c', 'upsertSupplied']);

interface UpdateOutcome {
  matched: number;
  modified: number;
  upsertedId?: unknown;
}

export const updateCommand: CommandDefinition = {
  accepts: ['updates', 'ordered', 'bypassDocumentValidation', 'let'],
  handler(command, context) {
    const name = collectionName('update', command);
    const statements = statementsOf(command, 'updates');
    let matched = 0;
    let modified = 0;
    const upserted: Document[] = [];
    const writeErrors = runWriteBatch(command, statements, (statement, index) => {
      const outcome = runUpdateStatement(context, name, statement, command.let);
      matched += outcome.matched;
      modified += outcome.modified;
      if (outcome.upsertedId !== undefined) upserted.push({ index, _id: outcome.upsertedId });
    });
    const reply: Document = { n: matched + upserted.length, nModified: modified };
    if (upserted.length > 0) reply.upserted = upserted;
    return withWriteErrors(reply, writeErrors);
  },
};

function runUpdateStatement(context: CommandContext, name: string, statement: Document, variables: unknown): UpdateOutcome {
  for (const field of Object.keys(statement)) {
    if (!STATEMENT_FIELDS.has(field)) {
      if (field === 'sort') throw unsupported("update statement option 'sort'");
      throw failedToParse(`BSON field 'update.updates.${field}' is an unknown field.`);
    }
  }
  if (statement.c !== undefined || variables !== undefined) throw unsupported("update option 'let'/'c' (variables)");
  assertSimpleCollation(statement.collation);
  const filter = statement.q ?? {};
  if (!isPlainObject(filter)) throw typeMismatch("BSON field 'update.updates.q' is the wrong type, expected an object");
  const kind = classifyUpdate(statement.u);
  if (kind === 'replacement' && statement.multi === true) throw failedToParse('multi update is not supported for replacement-style update');
  const arrayFilters = readArrayFilters(statement.arrayFilters);
  const existing = context.store.get(context.database, name);
  assertHint(existing?.indexSpecs(), statement.hint);

  const collection = existing ?? (statement.upsert === true ? context.store.getOrCreate(context.database, name) : undefined);
  if (!collection) return { matched: 0, modified: 0 };
  const targets = matchingDocuments(collection, compileFilter(filter), filter, statement.multi === true ? undefined : 1);
  if (targets.length === 0 && statement.upsert === true) {
    return { matched: 0, modified: 0, upsertedId: upsert(collection, filter, statement.u, kind, arrayFilters) };
  }
  let modified = 0;
  for (const current of targets) {
    const next = applyUpdate(current, statement.u, { kind, filter, arrayFilters, inserting: false });
    if (keyString(next) === keyString(current)) continue;
    collection.replace(current, next);
    modified += 1;
  }
  return { matched: targets.length, modified };
}

function upsert(collection: Collection, filter: Document, update: Document | Document[], kind: UpdateKind, arrayFilters?: Document[]): unknown {
  const seed = upsertSeed(filter, kind);
  const created = ensureId(applyUpdate(seed, update, { kind, filter, arrayFilters, inserting: true }));
  return collection.insert(created)._id;
}

export function readArrayFilters(value: unknown): Document[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every(isPlainObject)) throw typeMismatch("'arrayFilters' must be an array of objects");
  return value;
}
