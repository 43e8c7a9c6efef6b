import type { Document } from 'bson';
import type { CommandDefinition } from '../context.js';
import { failedToParse, unsupported } from '../errors.js';
import { assertHint, assertSimpleCollation, collectionName, optionalBoolean, optionalObject } from '../options.js';
import { runFind } from '../query.js';
import { applyUpdate, classifyUpdate, ensureId, upsertSeed } from '../update-apply.js';
import { candidateDocuments } from './matching.js';
import { readArrayFilters } from './update.js';

export const findAndModifyCommand: CommandDefinition = {
  accepts: [
    'query', 'sort', 'remove', 'update', 'new', 'fields', 'upsert', 'arrayFilters', 'bypassDocumentValidation',
    'hint', 'collation', 'let',
  ],
  handler(command, context) {
    const name = collectionName(Object.keys(command)[0] ?? 'findAndModify', command);
    const filter = optionalObject(command, 'query') ?? {};
    const remove = optionalBoolean(command, 'remove');
    const upsertRequested = optionalBoolean(command, 'upsert');
    const returnNew = optionalBoolean(command, 'new');
    const fields = optionalObject(command, 'fields');
    if (command.let !== undefined) throw unsupported("findAndModify option 'let'");
    assertSimpleCollation(command.collation);
    if (remove && command.update !== undefined) throw failedToParse('Cannot specify both an update and remove=true');
    if (!remove && command.update === undefined) throw failedToParse('Either an update or remove=true must be specified');
    if (remove && (upsertRequested || returnNew)) throw failedToParse('Cannot specify both upsert=true and remove=true, or new=true and remove=true');

    const project = (document: Document | undefined): Document | null =>
      document ? (runFind([document], { projection: fields })[0] ?? null) : null;
    const existing = context.store.get(context.database, name);
    assertHint(existing?.indexSpecs(), command.hint);
    const source = existing ? candidateDocuments(existing, filter) : [];
    const current = runFind(source, { filter, sort: command.sort, limit: 1 })[0];

    if (remove) {
      if (current) existing?.remove(current);
      return { lastErrorObject: { n: current ? 1 : 0 }, value: project(current), ok: 1 };
    }
    const kind = classifyUpdate(command.update);
    const arrayFilters = readArrayFilters(command.arrayFilters);
    if (current && existing) {
      const next = applyUpdate(current, command.update, { kind, filter, arrayFilters, inserting: false });
      existing.replace(current, next);
      return { lastErrorObject: { n: 1, updatedExisting: true }, value: project(returnNew ? next : current), ok: 1 };
    }
    if (!upsertRequested) return { lastErrorObject: { n: 0, updatedExisting: false }, value: null, ok: 1 };
    const collection = existing ?? context.store.getOrCreate(context.database, name);
    const created = ensureId(applyUpdate(upsertSeed(filter, kind), command.update, { kind, filter, arrayFilters, inserting: true }));
    const stored = collection.insert(created);
    return {
      lastErrorObject: { n: 1, updatedExisting: false, upserted: stored._id },
      value: returnNew ? project(stored) : null,
      ok: 1,
    };
  },
};
