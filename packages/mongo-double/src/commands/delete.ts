import type { CommandDefinition } from '../context.js';
import { failedToParse, typeMismatch, unsupported } from '../errors.js';
import { assertHint, assertSimpleCollation, collectionName } from '../options.js';
import { compileFilter } from '../query.js';
import { isPlainObject } from '../values.js';
import { matchingDocuments } from './matching.js';
import { runWriteBatch, statementsOf, withWriteErrors } from './write-batch.js';

const STATEMENT_FIELDS = new Set(['q', 'limit', 'hint', 'collation']);

export const deleteCommand: CommandDefinition = {
  accepts: ['deletes', 'ordered', 'let'],
  handler(command, context) {
    const name = collectionName('delete', command);
    const statements = statementsOf(command, 'deletes');
    if (command.let !== undefined) throw unsupported("delete option 'let'");
    const collection = context.store.get(context.database, name);
    let deleted = 0;
    const writeErrors = runWriteBatch(command, statements, (statement) => {
      for (const field of Object.keys(statement)) {
        if (!STATEMENT_FIELDS.has(field)) throw failedToParse(`BSON field 'delete.deletes.${field}' is an unknown field.`);
      }
      const filter = statement.q;
      if (!isPlainObject(filter)) throw typeMismatch("BSON field 'delete.deletes.q' is the wrong type, expected an object");
      const limit = statement.limit;
      if (limit !== 0 && limit !== 1) throw failedToParse(`The limit field in delete objects must be 0 or 1. Got ${String(limit)}`);
      assertSimpleCollation(statement.collation);
      assertHint(collection?.indexSpecs(), statement.hint);
      if (!collection) return;
      const targets = matchingDocuments(collection, compileFilter(filter), filter, limit === 1 ? 1 : undefined);
      for (const document of targets) collection.remove(document);
      deleted += targets.length;
    });
    return withWriteErrors({ n: deleted }, writeErrors);
  },
};
