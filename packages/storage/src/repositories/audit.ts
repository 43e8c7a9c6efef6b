import type { PolicyOverrides } from '@moderato/analysis';
import type { ApiKeyRole } from '../models/api-key.js';
import type { AuditAction, AuditActor, AuditEntry, AuditTargetType } from './audit-entry.js';
import type { Storage } from '../storage.js';
import { strictlyAfter, type SortOrder } from './keyset.js';
import { flushPendingPolicyRecords, retentionDaysOf } from './policy-records.js';

export { AUDIT_ACTIONS, AUDIT_TARGET_TYPES, type AuditAction, type AuditActor, type AuditEntry, type AuditTargetType, type NewAuditEntry } from './audit-entry.js';
export const MAX_AUDIT_PAGE_SIZE = 100;

/** The actor the command line acts as. */
export const CLI_ACTOR: AuditActor = { keyId: null, label: 'moderato command line', role: null };

/** An actor known only by its key id (a caller that did not say more). */
export function keyActor(keyId: string): AuditActor {
  return { keyId, label: null, role: null };
}

export async function auditRetentionDays(storage: Storage, publisherId: string): Promise<number> {
  // Only this field: the policy's author lists can hold thousands of ids.
  const doc = await storage.models.publishers.findOne({ publisherId: { $eq: publisherId } }, { 'policy.audit.retentionDays': 1 }).lean<{ policy?: Pick<PolicyOverrides, 'audit'> }>();
  return retentionDaysOf(doc?.policy ?? {});
}

/** Where a page ended: the next page starts strictly after this entry. */
export interface AuditPosition {
  at: Date;
  entryId: string;
}

export interface AuditQuery {
  action?: AuditAction;
  actorKeyId?: string;
  targetId?: string;
  /** at >= from. */
  from?: Date;
  /** at < to. */
  to?: Date;
  limit: number;
  after?: AuditPosition;
}

export interface AuditPage {
  items: AuditEntry[];
  next: AuditPosition | null;
}

const NEWEST_FIRST: SortOrder<keyof AuditPosition> = [['at', -1], ['entryId', -1]];

/** One page of the publisher's audit log, newest first; keyset pages, so entries written meanwhile shift nothing. */
export async function listAuditEntries(storage: Storage, publisherId: string, query: AuditQuery): Promise<AuditPage> {
  if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > MAX_AUDIT_PAGE_SIZE) {
    throw new RangeError(`audit page limit must be an integer in 1..${MAX_AUDIT_PAGE_SIZE}, got ${query.limit}`);
  }
  await flushPendingPolicyRecords(storage, publisherId);
  const docs = await storage.models.auditEntries
    .find(auditFilter(publisherId, query), { _id: 0, expiresAt: 0, __v: 0 })
    .sort(Object.fromEntries(NEWEST_FIRST))
    .limit(query.limit + 1)
    .lean();
  const items = docs.slice(0, query.limit).map(toAuditEntry);
  const last = items.at(-1);
  return { items, next: docs.length > query.limit && last ? { at: last.at, entryId: last.entryId } : null };
}

function auditFilter(publisherId: string, query: AuditQuery): Record<string, unknown> {
  const filter: Record<string, unknown> = { publisherId: { $eq: publisherId } };
  if (query.action !== undefined) filter.action = { $eq: query.action };
  if (query.actorKeyId !== undefined) filter['actor.keyId'] = { $eq: query.actorKeyId };
  if (query.targetId !== undefined) filter['target.id'] = { $eq: query.targetId };
  if (query.from || query.to) filter.at = { ...(query.from && { $gte: query.from }), ...(query.to && { $lt: query.to }) };
  if (query.after) filter.$or = strictlyAfter(NEWEST_FIRST, query.after);
  return filter;
}

interface StoredAuditEntry {
  entryId: string;
  publisherId: string;
  at: Date;
  actor?: { keyId?: string | null; label?: string | null; role?: string | null } | null;
  action: string;
  target?: { type?: string | null; id?: string | null } | null;
  before?: unknown;
  after?: unknown;
}

function toAuditEntry(doc: StoredAuditEntry): AuditEntry {
  return {
    entryId: doc.entryId,
    publisherId: doc.publisherId,
    at: doc.at,
    actor: { keyId: doc.actor?.keyId ?? null, label: doc.actor?.label ?? null, role: (doc.actor?.role ?? null) as ApiKeyRole | null },
    action: doc.action as AuditAction,
    target: { type: (doc.target?.type ?? 'comment') as AuditTargetType, id: doc.target?.id ?? '' },
    before: (doc.before ?? null) as Record<string, unknown> | null,
    after: (doc.after ?? null) as Record<string, unknown> | null,
  };
}
