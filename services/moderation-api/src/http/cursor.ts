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

/** Opaque to clients: base64url of JSON. Not signed, since any position it can express lies in the caller's own queue. */
export function encodeCursor(sort: ReviewQueueSort, position: ReviewQueuePosition): string {
  const payload: z.input<typeof cursorSchema> = { sort, createdAt: position.createdAt.toISOString(), severity: position.severity, commentId: position.commentId };
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

export function decodeCursor(cursor: string, sort: ReviewQueueSort): ReviewQueuePosition {
  const decoded = cursorSchema.safeParse(parseJson(Buffer.from(cursor, 'base64url').toString('utf8')));
  if (!decoded.success) throw invalidCursor('is not a cursor this API issued');
  if (decoded.data.sort !== sort) throw invalidCursor(`was issued for sort=${decoded.data.sort}; start again without a cursor to change the order`);
  return { createdAt: new Date(decoded.data.createdAt), severity: decoded.data.severity, commentId: decoded.data.commentId };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function invalidCursor(message: string): ValidationError {
  return new ValidationError('Invalid query.', [{ path: 'query.cursor', message }]);
}
