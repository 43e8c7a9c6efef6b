import { randomBytes } from 'node:crypto';
import { calculateObjectSize, Long, type Document } from 'bson';
import { CommandError, ErrorCode, typeMismatch } from './errors.js';
import { isNumeric, toNumber } from './numbers.js';
import { MAX_BSON_OBJECT_SIZE } from './wire.js';

const DEFAULT_FIRST_BATCH = 101;
/** Leaves room for the reply envelope around a batch, as mongod does. */
const MAX_BATCH_BYTES = MAX_BSON_OBJECT_SIZE - 16 * 1024;

interface OpenCursor {
  id: Long;
  namespace: string;
  documents: Document[];
  position: number;
}

export interface KillCursorsResult {
  cursorsKilled: Long[];
  cursorsNotFound: Long[];
  cursorsAlive: Long[];
  cursorsUnknown: Long[];
}

/** Server-side cursors: results are materialised when the command runs and handed out batch by batch. */
export class CursorRegistry {
  readonly #open = new Map<string, OpenCursor>();

  /** Builds the `cursor` field of a find/aggregate/list* reply, keeping a cursor open if documents remain. */
  firstBatch(namespace: string, documents: Document[], options: { batchSize?: unknown; singleBatch?: boolean } = {}): Document {
    const batchSize = readBatchSize(options.batchSize) ?? DEFAULT_FIRST_BATCH;
    const batch = takeBatch(documents, 0, batchSize);
    let id = Long.ZERO;
    if (batch.length < documents.length && !options.singleBatch) {
      id = newCursorId();
      this.#open.set(id.toString(), { id, namespace, documents, position: batch.length });
    }
    return { firstBatch: batch, id, ns: namespace };
  }

  getMore(cursorId: unknown, namespace: string, batchSize: unknown): Document {
    if (!Long.isLong(cursorId) && typeof cursorId !== 'number') throw typeMismatch("field 'getMore' must be of type long");
    const key = String(cursorId);
    const cursor = this.#open.get(key);
    if (!cursor) throw new CommandError(ErrorCode.CursorNotFound, `cursor id ${key} not found`);
    if (cursor.namespace !== namespace) {
      throw new CommandError(ErrorCode.Unauthorized, `Requested getMore on namespace '${namespace}', but cursor belongs to a different namespace ${cursor.namespace}`);
    }
    // For getMore, a missing or zero batchSize means "as many as fit".
    const batch = takeBatch(cursor.documents, cursor.position, readBatchSize(batchSize) || Number.POSITIVE_INFINITY);
    cursor.position += batch.length;
    const exhausted = cursor.position >= cursor.documents.length;
    if (exhausted) this.#open.delete(key);
    return { nextBatch: batch, id: exhausted ? Long.ZERO : cursor.id, ns: namespace };
  }

  kill(namespace: string, ids: unknown[]): KillCursorsResult {
    const result: KillCursorsResult = { cursorsKilled: [], cursorsNotFound: [], cursorsAlive: [], cursorsUnknown: [] };
    for (const raw of ids) {
      const id = Long.isLong(raw) ? raw : Long.fromValue(raw as number);
      const cursor = this.#open.get(id.toString());
      if (cursor && cursor.namespace === namespace) {
        this.#open.delete(id.toString());
        result.cursorsKilled.push(id);
      } else {
        result.cursorsNotFound.push(id);
      }
    }
    return result;
  }

  get openCount(): number {
    return this.#open.size;
  }
}

function readBatchSize(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  const size = isNumeric(value) ? toNumber(value) : Number.NaN;
  if (!Number.isInteger(size) || size < 0) {
    throw new CommandError(ErrorCode.BadValue, `BatchSize value must be non-negative, but received: ${String(value)}`);
  }
  return size;
}

/** Splits off the next batch: at most `size` documents and at most ~16MB, but always at least one if any remain. */
function takeBatch(documents: Document[], start: number, size: number): Document[] {
  let bytes = 0;
  let end = start;
  while (end < documents.length && end - start < size) {
    bytes += calculateObjectSize(documents[end] as Document);
    if (end > start && bytes > MAX_BATCH_BYTES) break;
    end += 1;
  }
  return documents.slice(start, end);
}

function newCursorId(): Long {
  // Positive, non-zero 63-bit ids like mongod's.
  const id = randomBytes(8).readBigUInt64LE() & 0x7fffffffffffffffn;
  return id === 0n ? newCursorId() : Long.fromBigInt(id);
}
