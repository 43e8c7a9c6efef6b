import type { Document } from 'bson';
import type { CommandDefinition } from '../context.js';
import { typeMismatch } from '../errors.js';
import {
  assertHint, assertSimpleCollation, collectionName, namespaceOf, optionalBoolean, optionalNonNegative, optionalObject,
} from '../options.js';
import { runFind } from '../query.js';
import { candidateDocuments } from './matching.js';

export const findCommand: CommandDefinition = {
  accepts: [
    'filter', 'sort', 'projection', 'hint', 'skip', 'limit', 'batchSize', 'singleBatch', 'collation', 'allowDiskUse',
    'noCursorTimeout', 'allowPartialResults',
  ],
  refuses: ['max', 'min', 'returnKey', 'showRecordId', 'tailable', 'awaitData', 'oplogReplay', 'let', 'readOnce'],
  handler(command, context) {
    const name = collectionName('find', command);
    const filter = optionalObject(command, 'filter') ?? {};
    const limit = optionalNonNegative(command, 'limit');
    const skip = optionalNonNegative(command, 'skip');
    assertSimpleCollation(command.collation);
    const collection = context.store.get(context.database, name);
    assertHint(collection?.indexSpecs(), command.hint);
    const source = collection ? candidateDocuments(collection, filter) : [];
    const results = runFind(source, { filter, sort: command.sort, projection: command.projection, skip, limit });
    const cursor = context.cursors.firstBatch(namespaceOf(context, name), results, {
      batchSize: command.batchSize,
      singleBatch: optionalBoolean(command, 'singleBatch'),
    });
    return { cursor, ok: 1 };
  },
};

export const getMoreCommand: CommandDefinition = {
  accepts: ['collection', 'batchSize', 'term', 'lastKnownCommittedOpTime'],
  handler(command, context) {
    if (typeof command.collection !== 'string') throw typeMismatch("BSON field 'getMore.collection' is missing but a required field");
    const cursor = context.cursors.getMore(command.getMore, namespaceOf(context, command.collection), command.batchSize);
    return { cursor, ok: 1 };
  },
};

export const killCursorsCommand: CommandDefinition = {
  accepts: ['cursors'],
  handler(command, context) {
    const name = collectionName('killCursors', command);
    const ids: unknown = command.cursors;
    if (!Array.isArray(ids)) throw typeMismatch("BSON field 'killCursors.cursors' must be an array");
    const result: Document = context.cursors.kill(namespaceOf(context, name), ids);
    return { ...result, ok: 1 };
  },
};
