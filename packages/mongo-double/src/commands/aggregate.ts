import type { Document } from 'bson';
import type { CommandContext, CommandDefinition } from '../context.js';
import { CommandError, ErrorCode, failedToParse, typeMismatch, unsupported } from '../errors.js';
import { assertHint, assertSimpleCollation, optionalObject } from '../options.js';
import { isKnownStage, runPipeline } from '../query.js';
import { plainNumbers } from '../numbers.js';
import { isPlainObject } from '../values.js';
import { candidateDocuments } from './matching.js';

const WRITING_STAGES = new Set(['$out', '$merge']);

export const aggregateCommand: CommandDefinition = {
  accepts: ['pipeline', 'cursor', 'allowDiskUse', 'bypassDocumentValidation', 'collation', 'hint', 'let'],
  refuses: ['explain', 'exchange', 'isMapReduceCommand'],
  handler(command, context) {
    const target = command.aggregate;
    const pipeline = validatePipeline(command.pipeline);
    const cursorOptions = optionalObject(command, 'cursor');
    if (!cursorOptions) throw failedToParse("The 'cursor' option is required, except for aggregate with the explain argument");
    if (command.let !== undefined) throw unsupported("aggregate option 'let'");
    assertSimpleCollation(command.collation);

    let input: Document[];
    let namespace: string;
    if (target === 1) {
      if (Object.keys(pipeline[0] ?? {})[0] !== '$documents') {
        throw new CommandError(ErrorCode.InvalidNamespace, "{aggregate: 1} is not valid for this pipeline; a collection is required.");
      }
      input = [];
      namespace = `${context.database}.$cmd.aggregate`;
    } else if (typeof target === 'string' && target.length > 0) {
      const collection = context.store.get(context.database, target);
      assertHint(collection?.indexSpecs(), command.hint);
      // runPipeline applies a leading $match to its input, so candidates from the indexes are enough.
      input = collection ? [...candidateDocuments(collection, leadingMatch(pipeline))] : [];
      namespace = `${context.database}.${target}`;
    } else {
      throw new CommandError(ErrorCode.InvalidNamespace, `collection name has invalid type ${typeof target}`);
    }
    const results = runPipeline(input, pipeline, (name) => lookupSource(context, name));
    const cursor = context.cursors.firstBatch(namespace, results, { batchSize: cursorOptions.batchSize });
    return { cursor, ok: 1 };
  },
};

/** Other collections read by $lookup, $unionWith, $graphLookup: copies, so stages cannot alter stored data. */
function lookupSource(context: CommandContext, name: string): Document[] {
  return [...(context.store.get(context.database, name)?.documents() ?? [])].map(plainNumbers);
}

/** The filter of a first `$match` stage (an empty filter, selecting everything, when there is none). */
function leadingMatch(pipeline: Document[]): unknown {
  const first = pipeline[0];
  return first && '$match' in first ? first.$match : {};
}

function validatePipeline(pipeline: unknown): Document[] {
  if (!Array.isArray(pipeline)) throw typeMismatch("'pipeline' option must be specified as an array");
  pipeline.forEach((stage, position) => {
    if (!isPlainObject(stage) || Object.keys(stage).length !== 1) {
      throw new CommandError(40323, 'A pipeline stage specification object must contain exactly one field.');
    }
    const name = Object.keys(stage)[0] as string;
    if (name === '$changeStream') {
      throw new CommandError(ErrorCode.Location40573, 'The $changeStream stage is only supported on replica sets');
    }
    if (WRITING_STAGES.has(name)) throw unsupported(`aggregation stage ${name}`);
    if (!isKnownStage(name)) {
      throw new CommandError(ErrorCode.Location40324, `Unrecognized pipeline stage name: '${name}' (mongo-double implements the stages mingo provides)`);
    }
    if (name === '$documents' && position !== 0) throw badPosition(name);
  });
  return pipeline as Document[];
}

function badPosition(name: string): CommandError {
  return new CommandError(40602, `${name} is only valid as the first stage in a pipeline`);
}
