import type { PolicyOverrides } from '@moderato/analysis';
import type { QueryFilter, UpdateQuery } from 'mongoose';
import { RecordNotFoundError } from '../errors.js';
import type { PublisherDocument } from '../models/publisher.js';
import type { Storage } from '../storage.js';
import { CLI_ACTOR, keyActor, type AuditActor, type NewAuditEntry } from './audit.js';
import { flushPendingPolicyRecords, pendingPolicyRecord, retentionDaysOf, storePendingPolicyRecords } from './policy-records.js';
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
 * Replaces the publisher's overrides and raises the version by one, in one update conditional on the version read
 * just before: two writers never get the same version, and a writer that named the version it read never overwrites
 * a newer one (one that named none tries again on the newer version). The same update carries the change's history
 * record and audit entry, stored right after (see policy-records.ts).
 */
export async function replacePublisherPolicy(storage: Storage, input: ReplacePublisherPolicyInput): Promise<PublisherPolicy> {
  const now = input.now ?? new Date();
  const overrides = storedPolicyOverrides(input.overrides);
  const { version } = await applyPolicyChange(storage, input.publisherId, input.expectedVersion, (current) => {
    if (input.expectedVersion !== undefined && current.version !== input.expectedVersion) {
      throw new PolicyVersionConflictError(input.expectedVersion, current.version);
    }
    const version = current.version + 1;
    return {
      update: { $set: { policy: overrides, ...updatedMarks(input.changedBy, now) } },
      after: overrides,
      change: { version, policy: overrides, changedBy: input.changedBy, changedAt: now, ...describeChange(current.overrides, overrides) },
      audit: {
        publisherId: input.publisherId, at: now, actor: auditActor(input), action: 'policy.replaced', target: { type: 'policy', id: input.publisherId },
        before: { version: current.version, overrides: current.overrides }, after: { version, overrides },
      },
    };
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
 * Moves an author between the trusted and banned lists ('none': off both) with $addToSet/$pull, in an update
 * conditional on the version read just before (a concurrent change to another author makes it read and try again, so
 * every change is kept), carrying its history record and audit entry. An author who already has the standing is left
 * alone; a full list refuses one more.
 */
export async function setAuthorStanding(storage: Storage, input: SetAuthorStandingInput): Promise<AuthorStandingResult> {
  const now = input.now ?? new Date();
  const { authorId, standing } = input;
  const { version, changed } = await applyPolicyChange(storage, input.publisherId, undefined, (current) => {
    const was = standingIn(current.overrides, authorId);
    if (was === standing) return null;
    if (standing !== 'none' && (current.overrides.authors?.[standing]?.length ?? 0) >= MAX_AUTHORS_PER_LIST) throw new AuthorListFullError(standing);
    const version = current.version + 1;
    const after = withStanding(current.overrides, authorId, standing);
    return {
      update: { ...standingUpdate(standing, authorId), $set: updatedMarks(input.changedBy, now) },
      after,
      change: {
        version, policy: after, changedBy: input.changedBy, changedAt: now,
        summary: `author "${authorId}": ${standing} (was ${was})`,
        fields: describeChange(current.overrides, after).fields,
        ...(input.reason !== undefined && { reason: input.reason }),
      },
      audit: {
        publisherId: input.publisherId, at: now, actor: auditActor(input), action: 'author.standing_changed', target: { type: 'author', id: authorId },
        before: { standing: was, policyVersion: current.version },
        after: { standing, policyVersion: version, reason: input.reason ?? null },
      },
    };
  });
  return { authorId, standing, policyVersion: version, changed };
}

interface CurrentPolicy {
  version: number;
  overrides: PolicyOverrides;
}

/** A change planned on the current policy: the update that makes it, the overrides after it, and its records. */
interface PlannedPolicyChange {
  update: Record<string, unknown>;
  after: PolicyOverrides;
  change: PolicyChangeRecord;
  audit: NewAuditEntry;
}

/** A policy that changes this often between a read and a write is being written in a loop; give up rather than spin. */
const MAX_POLICY_WRITE_ATTEMPTS = 50;

/**
 * Reads the current policy, lets `plan` decide the change (null: none; throwing refuses it), and applies it only if
 * the version is still the one read, with the version raised and the records pending; then stores the records.
 * Returns the version after it, and whether it changed. A version moved meanwhile means another writer
 * won: with `expectedVersion` that is a conflict, else plan again on the newer policy.
 */
function applyPolicyChange(
  storage: Storage, publisherId: string, expectedVersion: number | undefined, plan: (current: CurrentPolicy) => PlannedPolicyChange | null,
): Promise<{ version: number; changed: boolean }> {
  return oneAtATime(storage, publisherId, () => applyPolicyChangeNow(storage, publisherId, expectedVersion, plan));
}

/** Per storage, the tail of each publisher's chain of policy writes in this process. */
const policyWriteChains = new WeakMap<Storage, Map<string, Promise<void>>>();

/**
 * Runs a publisher's policy writes from this process one after another: at once, all but one would lose the version
 * race and read again, over and over (a hundred bans sent together failed a quarter of them that way). Writers in
 * other processes still race, and back off at random when they lose.
 */
function oneAtATime<T>(storage: Storage, publisherId: string, write: () => Promise<T>): Promise<T> {
  const chains = policyWriteChains.get(storage) ?? new Map<string, Promise<void>>();
  policyWriteChains.set(storage, chains);
  const result = (chains.get(publisherId) ?? Promise.resolve()).then(write);
  const tail = result.then(() => undefined, () => undefined);
  chains.set(publisherId, tail);
  void tail.then(() => {
    if (chains.get(publisherId) === tail) chains.delete(publisherId);
  });
  return result;
}

async function applyPolicyChangeNow(
  storage: Storage, publisherId: string, expectedVersion: number | undefined, plan: (current: CurrentPolicy) => PlannedPolicyChange | null,
): Promise<{ version: number; changed: boolean }> {
  for (let attempt = 1; ; attempt++) {
    const current = await findPublisherPolicy(storage, publisherId);
    if (!current) throw new RecordNotFoundError(`publisher ${publisherId}`);
    const planned = plan(current);
    if (!planned) return { version: current.version, changed: false };
    const record = pendingPolicyRecord({ publisherId, ...planned.change }, planned.audit, retentionDaysOf(planned.after));
    const applied = await storage.models.publishers.updateOne(
      { publisherId: { $eq: publisherId }, ...versionFilter(current.version) } as QueryFilter<PublisherDocument>,
      { ...planned.update, $inc: { policyVersion: 1 }, $push: { pendingRecords: record } } as UpdateQuery<PublisherDocument>,
    );
    if (applied.modifiedCount === 1) {
      await storePendingPolicyRecords(storage, publisherId, [record]);
      return { version: planned.change.version, changed: true };
    }
    if (expectedVersion !== undefined) throw await missingOrConflict(storage, publisherId, expectedVersion);
    if (attempt >= MAX_POLICY_WRITE_ATTEMPTS) throw new Error(`the policy of ${publisherId} changed under ${attempt} attempts to write it`);
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
  }
}

/** Newest first; `beforeVersion` pages back from there. */
export async function listPolicyChanges(storage: Storage, publisherId: string, page: { limit: number; beforeVersion?: number }): Promise<PolicyChangeRecord[]> {
  await flushPendingPolicyRecords(storage, publisherId);
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

function updatedMarks(changedBy: PolicyChangedBy, now: Date): Record<string, unknown> {
  return { policyUpdatedAt: now, policyUpdatedBy: changedBy };
}

/** Publishers stored before versions existed have no policyVersion: they are at version 0. */
function versionFilter(version: number): Record<string, unknown> {
  return { policyVersion: version === 0 ? { $in: [0, null] } : { $eq: version } };
}

async function missingOrConflict(storage: Storage, publisherId: string, expectedVersion: number): Promise<Error> {
  const current = await storage.models.publishers.findOne({ publisherId: { $eq: publisherId } }, { policyVersion: 1 }).lean();
  if (!current) return new RecordNotFoundError(`publisher ${publisherId}`);
  return new PolicyVersionConflictError(expectedVersion, current.policyVersion ?? 0);
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
