import { Decimal128, Long, type Document } from 'bson';
import { CommandError, ErrorCode, badValue, unsupported } from './errors.js';
import { formatDocument, formatValue, getPath, isPlainObject, keyString, type Value } from './values.js';
import { bsonTypeAlias } from './bson-types.js';

const NUMERIC_OPERATORS = new Set(['$inc', '$mul']);
const APPENDING_OPERATORS = new Set(['$push', '$addToSet']);
const REMOVING_OPERATORS = new Set(['$pull', '$pullAll', '$pop']);
const PATH_NOT_VIABLE = 28;

function isNumeric(value: Value): boolean {
  return typeof value === 'number' || value instanceof Long || value instanceof Decimal128;
}

/**
 * mingo leaves a document unchanged when an operator does not apply (e.g. $inc on a string); mongod fails the
 * write. These checks restore mongod's errors for plain (non-positional) paths before mingo runs.
 */
export function checkOperatorTargets(current: Document, modifier: Document): void {
  for (const [operator, fields] of Object.entries(modifier)) {
    for (const [path, operand] of Object.entries(fields as Document)) {
      if (path.includes('$')) continue;
      checkPathViable(current, path);
      const existing = getPath(current, path);
      if (NUMERIC_OPERATORS.has(operator)) checkNumeric(current, operator, path, operand, existing);
      if (APPENDING_OPERATORS.has(operator) && existing !== undefined && !Array.isArray(existing)) {
        throw badValue(`The field '${path}' must be an array but is of type ${bsonTypeAlias(existing)} in document {_id: ${formatValue(current._id)}}`);
      }
      if (REMOVING_OPERATORS.has(operator) && existing !== undefined && !Array.isArray(existing)) {
        throw badValue(`Cannot apply ${operator} to a non-array value`);
      }
    }
  }
}

function checkNumeric(current: Document, operator: string, path: string, operand: Value, existing: Value): void {
  const verb = operator === '$inc' ? 'increment' : 'multiply';
  if (operand instanceof Decimal128 || existing instanceof Decimal128) throw unsupported(`${operator} on a Decimal128 value`);
  if (!isNumeric(operand)) {
    throw new CommandError(ErrorCode.TypeMismatch, `Cannot ${verb} with non-numeric argument: ${formatDocument({ [path]: operand })}`);
  }
  if (existing !== undefined && !isNumeric(existing)) {
    throw new CommandError(ErrorCode.TypeMismatch, `Cannot apply ${operator} to a value of non-numeric type. {_id: ${formatValue(current._id)}} has the field '${path.split('.').pop() ?? path}' of non-numeric type ${bsonTypeAlias(existing)}`);
  }
}

/** Writing `a.b` needs `a` to be missing, an object, or an array indexed by number. */
function checkPathViable(current: Document, path: string): void {
  const parts = path.split('.');
  let value: Value = current;
  for (const [i, part] of parts.slice(0, -1).entries()) {
    value = Array.isArray(value) ? value[Number(part)] : (value as Document)[part];
    if (value === undefined) return;
    const next = parts[i + 1] as string;
    if (isPlainObject(value) || (Array.isArray(value) && /^\d+$/.test(next))) continue;
    throw new CommandError(PATH_NOT_VIABLE, `Cannot create field '${next}' in element {${part}: ${formatValue(value)}}`);
  }
}

/**
 * Removes `$set: { _id: <same value> }` (allowed by mongod, refused by mingo) and refuses any real change of `_id`.
 * On insert (upsert), `_id` from `$set`/`$setOnInsert` is applied to the seed directly.
 */
export function extractIdUpdate(current: Document, modifier: Document, inserting: boolean): Document {
  const cleaned: Document = {};
  for (const [operator, fields] of Object.entries(modifier)) {
    const kept: Document = {};
    for (const [path, operand] of Object.entries(fields as Document)) {
      if (path !== '_id' && !path.startsWith('_id.')) {
        kept[path] = operand;
        continue;
      }
      if (operator === '$set' && path === '_id' && (inserting || keyString(operand) === keyString(current._id))) {
        current._id = operand;
        continue;
      }
      throw new CommandError(ErrorCode.ImmutableField, `Performing an update on the path '_id' would modify the immutable field '_id'`);
    }
    cleaned[operator] = kept;
  }
  return cleaned;
}
