import { externalId } from '@moderato/contracts';
import { parseInput } from '@moderato/service-kit';
import { AUDIT_ACTIONS, MAX_AUDIT_PAGE_SIZE, listAuditEntries, type AuditPosition, type Storage } from '@moderato/storage';
import { Router } from 'express';
import { z } from 'zod';
import { principalOf, requireRole } from './auth.js';
import { decodeOpaqueCursor, encodeOpaqueCursor } from './cursor.js';

const instant = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()], { error: 'must be an ISO 8601 date-time with a zone (2025-10-25T09:30:00Z) or a date (2025-10-25)' })
  .transform((value) => new Date(value))
  .refine((date) => !Number.isNaN(date.getTime()), 'is not a valid date');

const pageSize = z
  .string()
  .regex(/^\d{1,3}$/, `must be an integer from 1 to ${MAX_AUDIT_PAGE_SIZE}`)
  .transform(Number)
  .pipe(z.number().int().min(1, `must be an integer from 1 to ${MAX_AUDIT_PAGE_SIZE}`).max(MAX_AUDIT_PAGE_SIZE, `must be an integer from 1 to ${MAX_AUDIT_PAGE_SIZE}`));

export const auditQuerySchema = z
  .strictObject({
    action: z.enum(AUDIT_ACTIONS, { error: `must be one of ${AUDIT_ACTIONS.join(', ')}` }).optional(),
    actorKeyId: externalId.optional(),
    targetId: externalId.optional(),
    from: instant.optional(),
    to: instant.optional(),
    limit: pageSize.default(50),
    cursor: z.string().max(2_048).regex(/^[A-Za-z0-9_-]+$/, 'must be a cursor returned by this API').optional(),
  })
  .refine((query) => !query.from || !query.to || query.from < query.to, { path: ['to'], message: 'must be later than from' });

/** What an audit cursor holds: the last entry's time and id. */
const auditCursorSchema = z.strictObject({ at: z.iso.datetime(), entryId: z.uuid() });

export function encodeAuditCursor(position: AuditPosition): string {
  return encodeOpaqueCursor({ at: position.at.toISOString(), entryId: position.entryId } satisfies z.input<typeof auditCursorSchema>);
}

function decodeAuditCursor(cursor: string): AuditPosition {
  const decoded = decodeOpaqueCursor(cursor, auditCursorSchema, 'query.cursor');
  return { at: new Date(decoded.at), entryId: decoded.entryId };
}

/** The publisher's audit log, for admins only: who decided, undid, or changed the policy or an author's standing. */
export function auditRouter(storage: Storage): Router {
  const router = Router();
  router.get('/v1/audit', requireRole('admin'), async (req, res) => {
    const { cursor, ...query } = parseInput(auditQuerySchema, req.query, 'query');
    const after = cursor === undefined ? undefined : decodeAuditCursor(cursor);
    const page = await listAuditEntries(storage, principalOf(req).publisherId, { ...query, after });
    res.json({ items: page.items, nextCursor: page.next && encodeAuditCursor(page.next) });
  });
  return router;
}
