import type { PolicyOverrides } from '@moderato/analysis';
import type { QueryFilter, UpdateQuery } from 'mongoose';
import { RecordNotFoundError } from '../errors.js';
import type { PublisherDocument } from '../models/publisher.js';
import type { Storage } from '../storage.js';
import { CLI_ACTOR, keyActor, recordAuditEntry, type AuditActor } from './audit.js';
import { storedPolicyOverrides } from './publishers.js';

/** Who changed a policy: an API key (its id, never the key itself), or the `moderato` command line. */
export type PolicyChangedBy = { keyId: string; label?: string } | { cli: true };

export interface PublisherPolicy {
  /** 0 while the policy was never set; raised by one with every change. */
  version: number;
  overrides: PolicyOverrides;
  updatedAt: Date | null;
  updatedBy: PolicyChangedBy | null;
}

export interface PolicyChangeRecord {
  version: number;
  /** The full overrides after the change. */
  policy: PolicyOverrides;
  changedBy: PolicyChangedBy;
  changedAt: Date;
  summary: string;
  fields: string[];
  reason?: string;
}

/** A policy write that named the version it expected to replace, while another version is current. */
export class PolicyVersionConflictError extends Error {
  constructor(readonly expectedVersion: number, readonly currentVersion: number) {
    super(`policy version ${expectedVersion} was expected, but version ${currentVersion} is current`);
    this.name = 'PolicyVersionConflictError';
  }
}

/** Trusted and banned authors are kept in the publisher's document, so each list has a cap (the API's limit too). */
export const MAX_AUTHORS_PER_LIST = 10_000;

/** An author could not be added to a list that already holds MAX_AUTHORS_PER_LIST ids. */
export class AuthorListFullError extends Error {
  constructor(readonly list: 'trusted' | 'banned') {
    super(`the ${list} authors list already holds ${MAX_AUTHORS_PER_LIST} ids`);
    this.name = 'AuthorListFullError';
  }
}

export type AuthorStanding = 'trusted' | 'banned' | 'none';

const POLICY_FIELDS = { policy: 1, policyVersion: 1, policyUpdatedAt: 1, policyUpdatedBy: 1 } as const;

export async function findPublisherPolicy(storage: Storage, publisherId: string): Promise<PublisherPolicy | null> {
  const doc = await storage.models.publishers.findOne({ publisherId: { $eq: publisherId } }, POLICY_FIELDS).lean();
  if (!doc) return null;
  return {
    version: doc.policyVersion ?? 0,
    overrides: storedPolicyOverrides(doc.policy),
    updatedAt: doc.policyUpdatedAt ?? null,
    updatedBy: doc.policyUpdatedBy ? toChangedBy(doc.policyUpdatedBy) : null,
  };
}

export interface ReplacePublisherPolicyInput {
  publisherId: string;
  overrides: PolicyOverrides;
  /** When given, the write applies only if this is still the current version (else PolicyVersionConflictError). */
  expectedVersion?: number;
  changedBy: PolicyChangedBy;
  /** Who the audit log names; by default the one `changedBy` names. */
  actor?: AuditActor;
  now?: Date;
}

/**
 * Replaces the publisher's overrides and raises the version by one, in one conditional update: two writers never get
 * the same version, and a writer that named the version it read never overwrites a newer one. Then records the
 * change in policy_changes and then in the audit log. (Without transactions, a crash between the writes leaves a
 * version without its history record or audit entry; the policy itself is never wrong.)
 */
export async function replacePublisherPolicy(storage: Storage, input: ReplacePublisherPolicyInput): Promise<PublisherPolicy> {
  const now = input.now ?? new Date();
  const overrides = storedPolicyOverrides(input.overrides);
  const before = await storage.models.publishers
    .findOneAndUpdate(
      { publisherId: { $eq: input.publisherId }, ...versionFilter(input.expectedVersion) } as QueryFilter<PublisherDocument>,
      { $set: { policy: overrides, ...updatedMarks(input.changedBy, now) }, $inc: { policyVersion: 1 } },
      { returnDocument: 'before', projection: { policy: 1, policyVersion: 1 } },
    )
    .lean();
  if (!before) throw await missingOrConflict(storage, input.publisherId, input.expectedVersion ?? 0);
  const version = (before.policyVersion ?? 0) + 1;
  const previous = storedPolicyOverrides(before.policy);
  await recordChange(storage, input.publisherId, {
    version, policy: overrides, changedBy: input.changedBy, changedAt: now, ...describeChange(previous, overrides),
  });
  await recordAuditEntry(storage, {
    publisherId: input.publisherId, at: now, actor: auditActor(input), action: 'policy.replaced', target: { type: 'policy', id: input.publisherId },
    before: { version: version - 1, overrides: previous }, after: { version, overrides },
  });
  return { version, overrides, updatedAt: now, updatedBy: input.changedBy };
}

export interface SetAuthorStandingInput {
  publisherId: string;
  authorId: string;
  standing: AuthorStanding;
  reason?: string;
  changedBy: PolicyChangedBy;
  /** Who the audit log names; by default the one `changedBy` names. */
  actor?: AuditActor;
  now?: Date;
}

export interface AuthorStandingResult {
  authorId: string;
  standing: AuthorStanding;
  policyVersion: number;
  /** False when the author already had that standing: nothing was written and the version stayed. */
  changed: boolean;
}

const TRUSTED = 'policy.authors.trusted';
const BANNED = 'policy.authors.banned';

/**
 * Moves an author between the trusted and banned lists ('none': off both) with $addToSet/$pull in one conditional
 * update that also raises the version, so concurrent changes to other authors (or to the rest of the policy) are all
 * kept; then records the change. An author who already has the standing is left alone.
 */
export async function setAuthorStanding(storage: Storage, input: SetAuthorStandingInput): Promise<AuthorStandingResult> {
  const now = input.now ?? new Date();
  const { authorId, standing } = input;
  const before = await storage.models.publishers
    .findOneAndUpdate(
      { publisherId: { $eq: input.publisherId }, ...standingChangeFilter(standing, authorId) } as QueryFilter<PublisherDocument>,
      { ...standingUpdate(standing, authorId), $set: updatedMarks(input.changedBy, now), $inc: { policyVersion: 1 } } as UpdateQuery<PublisherDocument>,
      { returnDocument: 'before', projection: { policy: 1, policyVersion: 1 } },
    )
    .lean();
  if (!before) return unchangedStanding(storage, input);
  const version = (before.policyVersion ?? 0) + 1;
  const previous = storedPolicyOverrides(before.policy);
  const after = withStanding(previous, authorId, standing);
  await recordChange(storage, input.publisherId, {
    version,
    policy: after,
    changedBy: input.changedBy,
    changedAt: now,
    summary: `author "${authorId}": ${standing} (was ${standingIn(previous, authorId)})`,
    fields: describeChange(previous, after).fields,
    ...(input.reason !== undefined && { reason: input.reason }),
  });
  await recordAuditEntry(storage, {
    publisherId: input.publisherId, at: now, actor: auditActor(input), action: 'author.standing_changed', target: { type: 'author', id: authorId },
    before: { standing: standingIn(previous, authorId), policyVersion: version - 1 },
    after: { standing, policyVersion: version, reason: input.reason ?? null },
  });
  return { authorId, standing, policyVersion: version, changed: true };
}

/** Newest first; `beforeVersion` pages back from there. */
export async function listPolicyChanges(storage: Storage, publisherId: string, page: { limit: number; beforeVersion?: number }): Promise<PolicyChangeRecord[]> {
  const filter = { publisherId: { $eq: publisherId }, ...(page.beforeVersion !== undefined && { version: { $lt: page.beforeVersion } }) };
  const docs = await storage.models.policyChanges.find(filter).sort({ version: -1 }).limit(page.limit).lean();
  return docs.map((doc) => ({
    version: doc.version,
    policy: storedPolicyOverrides(doc.policy),
    changedBy: toChangedBy(doc.changedBy),
    changedAt: doc.changedAt,
    summary: doc.summary,
    fields: [...doc.fields],
    ...(typeof doc.reason === 'string' && { reason: doc.reason }),
  }));
}

function auditActor(input: { actor?: AuditActor; changedBy: PolicyChangedBy }): AuditActor {
  if (input.actor) return input.actor;
  if ('cli' in input.changedBy) return CLI_ACTOR;
  return { ...keyActor(input.changedBy.keyId), label: input.changedBy.label ?? null };
}

async function recordChange(storage: Storage, publisherId: string, change: PolicyChangeRecord): Promise<void> {
  await storage.models.policyChanges.create({ publisherId, ...change });
}

function updatedMarks(changedBy: PolicyChangedBy, now: Date): Record<string, unknown> {
  return { policyUpdatedAt: now, policyUpdatedBy: changedBy };
}

/** Publishers stored before versions existed have no policyVersion: they are at version 0. */
function versionFilter(expectedVersion: number | undefined): Record<string, unknown> {
  if (expectedVersion === undefined) return {};
  return { policyVersion: expectedVersion === 0 ? { $in: [0, null] } : { $eq: expectedVersion } };
}

async function missingOrConflict(storage: Storage, publisherId: string, expectedVersion: number): Promise<Error> {
  const current = await storage.models.publishers.findOne({ publisherId: { $eq: publisherId } }, { policyVersion: 1 }).lean();
  if (!current) return new RecordNotFoundError(`publisher ${publisherId}`);
  return new PolicyVersionConflictError(expectedVersion, current.policyVersion ?? 0);
}

/** Matches only a publisher where the standing would change (and, when adding to a list, the list has room). */
function standingChangeFilter(standing: AuthorStanding, authorId: string): Record<string, unknown> {
  const roomIn = (list: string) => ({ [`${list}.${MAX_AUTHORS_PER_LIST - 1}`]: { $exists: false } });
  switch (standing) {
    case 'trusted':
      return { [TRUSTED]: { $ne: authorId }, ...roomIn(TRUSTED) };
    case 'banned':
      return { [BANNED]: { $ne: authorId }, ...roomIn(BANNED) };
    case 'none':
      return { $or: [{ [TRUSTED]: { $eq: authorId } }, { [BANNED]: { $eq: authorId } }] };
  }
}

function standingUpdate(standing: AuthorStanding, authorId: string): Record<string, unknown> {
  switch (standing) {
    case 'trusted':
      return { $addToSet: { [TRUSTED]: authorId }, $pull: { [BANNED]: authorId } };
    case 'banned':
      return { $addToSet: { [BANNED]: authorId }, $pull: { [TRUSTED]: authorId } };
    case 'none':
      return { $pull: { [TRUSTED]: authorId, [BANNED]: authorId } };
  }
}

/** Nothing matched: no such publisher, the author already has the standing, or the list is full. */
async function unchangedStanding(storage: Storage, input: SetAuthorStandingInput): Promise<AuthorStandingResult> {
  const current = await findPublisherPolicy(storage, input.publisherId);
  if (!current) throw new RecordNotFoundError(`publisher ${input.publisherId}`);
  const standing = standingIn(current.overrides, input.authorId);
  if (standing !== input.standing && input.standing !== 'none') throw new AuthorListFullError(input.standing);
  return { authorId: input.authorId, standing, policyVersion: current.version, changed: false };
}

function standingIn(overrides: PolicyOverrides, authorId: string): AuthorStanding {
  if (overrides.authors?.banned?.includes(authorId)) return 'banned';
  if (overrides.authors?.trusted?.includes(authorId)) return 'trusted';
  return 'none';
}

/** The overrides after a standing change, as the update above leaves them in the database. */
function withStanding(overrides: PolicyOverrides, authorId: string, standing: AuthorStanding): PolicyOverrides {
  const without = (list: string[] | undefined): string[] | undefined => list?.filter((id) => id !== authorId);
  const adding = (list: string[] | undefined): string[] => [...(without(list) ?? []), authorId];
  const authors = overrides.authors ?? {};
  const trusted = standing === 'trusted' ? adding(authors.trusted) : without(authors.trusted);
  const banned = standing === 'banned' ? adding(authors.banned) : without(authors.banned);
  return {
    ...overrides,
    authors: { ...authors, ...(trusted !== undefined && { trusted }), ...(banned !== undefined && { banned }) },
  };
}

/** What changed between two overrides, field by field: lists as added and removed counts, values as before → after. */
export function describeChange(before: PolicyOverrides, after: PolicyOverrides): { summary: string; fields: string[] } {
  const was = leaves(before);
  const now = leaves(after);
  const parts: string[] = [];
  const fields: string[] = [];
  for (const path of [...new Set([...was.keys(), ...now.keys()])].sort()) {
    const part = describeField(path, was.get(path), now.get(path));
    if (part === undefined) continue;
    fields.push(path);
    parts.push(part);
  }
  return { summary: parts.length > 0 ? parts.join('; ') : 'no change', fields };
}

function describeField(path: string, before: unknown, after: unknown): string | undefined {
  if (Array.isArray(before) || Array.isArray(after)) {
    const was = new Set((before as unknown[] | undefined) ?? []);
    const now = new Set((after as unknown[] | undefined) ?? []);
    const added = [...now].filter((item) => !was.has(item)).length;
    const removed = [...was].filter((item) => !now.has(item)).length;
    if (added === 0 && removed === 0 && (before === undefined) === (after === undefined)) return undefined;
    return `${path} +${added} −${removed}${after === undefined ? ' (default)' : ''}`;
  }
  if (before === after) return undefined;
  const shown = (value: unknown): string => (value === undefined ? 'default' : JSON.stringify(value));
  return `${path} ${shown(before)} → ${shown(after)}`;
}

/** Dotted path → value of every non-object value (lists count as values). */
function leaves(value: unknown, prefix = '', into = new Map<string, unknown>()): Map<string, unknown> {
  for (const [key, child] of Object.entries((value ?? {}) as Record<string, unknown>)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (child !== null && typeof child === 'object' && !Array.isArray(child)) leaves(child, path, into);
    else if (child !== undefined && child !== null) into.set(path, child);
  }
  return into;
}

function toChangedBy(stored: { keyId?: string | null; label?: string | null; cli?: boolean | null }): PolicyChangedBy {
  if (stored.cli) return { cli: true };
  return { keyId: stored.keyId ?? '', ...(stored.label ? { label: stored.label } : {}) };
}
