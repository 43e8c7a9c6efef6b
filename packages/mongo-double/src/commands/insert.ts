import type { CommandDefinition } from '../context.js';
import { collectionName } from '../options.js';
import { runWriteBatch, statementsOf, withWriteErrors } from './write-batch.js';

export const insertCommand: CommandDefinition = {
  accepts: ['documents', 'ordered', 'bypassDocumentValidation', 'let'],
  handler(command, context) {
    const name = collectionName('insert', command);
    const documents = statementsOf(command, 'documents');
    const collection = context.store.getOrCreate(context.database, name);
    let inserted = 0;
    const writeErrors = runWriteBatch(command, documents, (document) => {
      collection.insert(document);
      inserted += 1;
    });
    return withWriteErrors({ n: inserted }, writeErrors);
  },
};
