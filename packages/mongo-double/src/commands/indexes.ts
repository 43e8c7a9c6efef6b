import type { Document } from 'bson';
import type { Collection } from '../collection.js';
import type { CommandContext, CommandDefinition } from '../context.js';
import { CommandError, ErrorCode, typeMismatch } from '../errors.js';
import { collectionName, optionalObject } from '../options.js';

export const createIndexesCommand: CommandDefinition = {
  accepts: ['indexes', 'commitQuorum'],
  handler(command, context) {
    const name = collectionName('createIndexes', command);
    const specs: unknown = command.indexes;
    if (!Array.isArray(specs) || specs.length === 0) throw typeMismatch("BSON field 'createIndexes.indexes' must be a non-empty array");
    const createdCollectionAutomatically = context.store.get(context.database, name) === undefined;
    const collection = context.store.getOrCreate(context.database, name);
    const before = collection.indexSpecs().length;
    const created: string[] = [];
    try {
      for (const spec of specs) {
        if (collection.createIndex(spec)) created.push(String((spec as Document).name));
      }
    } catch (error) {
      // All or nothing, as mongod builds the indexes of one command together.
      if (created.length > 0) collection.dropIndexes(created);
      if (createdCollectionAutomatically) context.store.drop(context.database, name);
      throw error;
    }
    const reply: Document = { numIndexesBefore: before, numIndexesAfter: collection.indexSpecs().length, createdCollectionAutomatically };
    if (created.length === 0) reply.note = 'all indexes already exist';
    return { ...reply, ok: 1 };
  },
};

export const listIndexesCommand: CommandDefinition = {
  accepts: ['cursor'],
  handler(command, context) {
    const collection = existing(context, collectionName('listIndexes', command));
    const cursor = context.cursors.firstBatch(collection.namespace, collection.indexSpecs(), {
      batchSize: optionalObject(command, 'cursor')?.batchSize,
    });
    return { cursor, ok: 1 };
  },
};

export const dropIndexesCommand: CommandDefinition = {
  accepts: ['index'],
  handler(command, context) {
    const collection = existing(context, collectionName(Object.keys(command)[0] ?? 'dropIndexes', command));
    const before = collection.indexSpecs().length;
    if (command.index === undefined) throw typeMismatch("BSON field 'dropIndexes.index' is missing but a required field");
    collection.dropIndexes(command.index);
    const reply: Document = { nIndexesWas: before };
    if (command.index === '*') reply.msg = 'non-_id indexes dropped for collection';
    return { ...reply, ok: 1 };
  },
};

function existing(context: CommandContext, name: string): Collection {
  const collection = context.store.get(context.database, name);
  if (!collection) throw new CommandError(ErrorCode.NamespaceNotFound, `ns does not exist: ${context.database}.${name}`);
  return collection;
}
