import { calculateObjectSize, type Document } from 'bson';
import type { Collection } from '../collection.js';
import type { CommandDefinition } from '../context.js';
import { CommandError, ErrorCode, unsupported } from '../errors.js';
import { collectionName, optionalBoolean, optionalObject } from '../options.js';
import { runFind } from '../query.js';
import { ID_INDEX_SPEC } from '../indexes.js';
import { isPlainObject } from '../values.js';

const CREATE_OPTIONS_REFUSED = [
  'capped', 'size', 'max', 'validationLevel', 'validationAction', 'viewOn', 'pipeline', 'collation', 'timeseries',
  'clusteredIndex', 'changeStreamPreAndPostImages', 'expireAfterSeconds', 'storageEngine', 'indexOptionDefaults',
  'autoIndexId', 'idIndex', 'encryptedFields', 'recordPreImages', 'flags',
];

export const createCommand: CommandDefinition = {
  accepts: ['validator'],
  refuses: CREATE_OPTIONS_REFUSED,
  handler(command, context) {
    const name = collectionName('create', command);
    const validator = command.validator;
    // An empty validator is what some ODMs send by default; any real rule would be silently unenforced.
    if (validator !== undefined && !(isPlainObject(validator) && Object.keys(validator).length === 0)) {
      throw unsupported("'create' option 'validator' (document validation)");
    }
    context.store.create(context.database, name);
    return { ok: 1 };
  },
};

export const dropCommand: CommandDefinition = {
  accepts: [],
  handler(command, context) {
    const name = collectionName('drop', command);
    const dropped = context.store.drop(context.database, name);
    // mongod 7.0 answers ok for a collection that does not exist.
    if (!dropped) return { ok: 1 };
    return { nIndexesWas: dropped.indexSpecs().length, ns: dropped.namespace, ok: 1 };
  },
};

export const dropDatabaseCommand: CommandDefinition = {
  accepts: [],
  handler(_command, context) {
    context.store.dropDatabase(context.database);
    return { dropped: context.database, ok: 1 };
  },
};

export const listCollectionsCommand: CommandDefinition = {
  accepts: ['filter', 'nameOnly', 'authorizedCollections', 'cursor'],
  handler(command, context) {
    const nameOnly = optionalBoolean(command, 'nameOnly');
    const entries = context.store.collections(context.database).map((collection) => describe(collection, nameOnly));
    const filtered = runFind(entries, { filter: optionalObject(command, 'filter') ?? {} });
    const cursor = context.cursors.firstBatch(`${context.database}.$cmd.listCollections`, filtered, {
      batchSize: optionalObject(command, 'cursor')?.batchSize,
    });
    return { cursor, ok: 1 };
  },
};

function describe(collection: Collection, nameOnly: boolean): Document {
  if (nameOnly) return { name: collection.name, type: 'collection' };
  return {
    name: collection.name,
    type: 'collection',
    options: collection.options,
    info: { readOnly: false, uuid: collection.uuid },
    idIndex: ID_INDEX_SPEC,
  };
}

export const listDatabasesCommand: CommandDefinition = {
  accepts: ['filter', 'nameOnly', 'authorizedDatabases'],
  handler(command, context) {
    if (context.database !== 'admin') {
      throw new CommandError(ErrorCode.Unauthorized, 'listDatabases may only be run against the admin database.');
    }
    const nameOnly = optionalBoolean(command, 'nameOnly');
    const databases = context.store.databaseNames().map((name) => {
      const sizeOnDisk = context.store.collections(name).reduce((total, collection) => total + collectionBytes(collection), 0);
      return nameOnly ? { name } : { name, sizeOnDisk, empty: sizeOnDisk === 0 };
    });
    const filtered = runFind(databases, { filter: optionalObject(command, 'filter') ?? {} });
    if (nameOnly) return { databases: filtered, ok: 1 };
    const totalSize = filtered.reduce((total, database) => total + Number(database.sizeOnDisk), 0);
    return { databases: filtered, totalSize, totalSizeMb: Math.floor(totalSize / (1024 * 1024)), ok: 1 };
  },
};

function collectionBytes(collection: Collection): number {
  let bytes = 0;
  for (const document of collection.documents()) bytes += calculateObjectSize(document);
  return bytes;
}
