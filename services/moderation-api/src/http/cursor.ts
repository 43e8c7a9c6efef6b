import { ValidationError } from '@moderato/service-kit';
import { REVIEW_QUEUE_SORTS, type ReviewQueuePosition, type ReviewQueueSort } from '@moderato/storage';
import { externalId } from '@moderato/contracts';
import { z } from 'zod';

/** The decoded cursor: the last item's sort keys, and the order they were issued for. */
const cursorSchema = z.strictObject({
  sort: z.enum(REVIEW_QUEUE_SORTS),
  createdAt: z.iso.datetime(),
  severity: z.number().finite(),
  commentId: externalId,
});

/** Opaque to clients: base64url of JSON. Not signed, since any position it can express lies in the caller's own data. */
export function encodeOpaqueCursor(payload: unknown): string {
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

/** What a cursor this API issued holds, as `schema` reads it; 400 naming `path` for anything else. */
export function decodeOpaqueCursor<T>(cursor: string, schema: z.ZodType<T>, path: string): T {
  const decoded = schema.safeParse(parseJson(Buffer.from(cursor, 'base64url').toString('utf8')));
  if (!decoded.success) throw invalidCursor(path, 'is not a cursor this API issued');
  return decoded.data;
}

export function encodeCursor(sort: ReviewQueueSort, position: ReviewQueuePosition): string {
  const payload: z.input<typeof cursorSchema> = { sort, createdAt: position.createdAt.toISOString(), severity: position.severity, commentId: position.commentId };
  return encodeOpaqueCursor(payload);
}

export function decodeCursor(cursor: string, sort: ReviewQueueSort): ReviewQueuePosition {
  const decoded = decodeOpaqueCursor(cursor, cursorSchema, 'query.cursor');
  if (decoded.sort !== sort) throw invalidCursor('query.cursor', `was issued for sort=${decoded.sort}; start again without a cursor to change the order`);
  return { createdAt: new Date(decoded.createdAt), severity: decoded.severity, commentId: decoded.commentId };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function invalidCursor(path: string, message: string): ValidationError {
  return new ValidationError('Invalid query.', [{ path, message }]);
}
