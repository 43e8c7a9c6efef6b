import { defaultPolicy, type PolicyOverrides } from '@moderato/analysis';
import { randomUUID } from 'node:crypto';
import type { Storage } from '../storage.js';
import type { NewAuditEntry } from './audit-entry.js';
import { auditDocument, insertOnce, storeAuditDocuments, type AuditDocument } from './audit-store.js';

/**
 * What a policy change leaves behind besides the policy: its history record (policy_changes) and its audit entry.
 * Both travel inside the publisher's document, in the very update that makes the change, and are copied out after
 * it; so a crash between the writes leaves them pending, never lost. Whoever reads the history or the audit log
 * first copies pending ones out (flushPendingPolicyRecords). Copies are idempotent (unique keys), so a writer and a
 * reader copying the same record at once store it once.
 */
export interface PendingPolicyRecord {
  recordId: string;
  change: StoredPolicyChange;
  audit: AuditDocument;
}

/** A policy_changes document as repositories/policies.ts writes it. */
export interface StoredPolicyChange {
  publisherId: string;
  version: number;
  policy: PolicyOverrides;
  changedBy: Record<string, unknown>;
  changedAt: Date;
  summary: string;
  fields: string[];
  reason?: string;
}

export function pendingPolicyRecord(change: StoredPolicyChange, audit: NewAuditEntry, retentionDays: number): PendingPolicyRecord {
  return { recordId: randomUUID(), change, audit: auditDocument(audit, retentionDays) };
}

/** The audit retention a policy sets (the default policy's when it sets none). */
export function retentionDaysOf(overrides: PolicyOverrides): number {
  return overrides.audit?.retentionDays ?? defaultPolicy.audit.retentionDays;
}

/** Stores the records and then drops them from the publisher's pending list. */
export async function storePendingPolicyRecords(storage: Storage, publisherId: string, records: readonly PendingPolicyRecord[]): Promise<void> {
  for (const record of records) {
    await insertOnce(() => storage.models.policyChanges.collection.insertOne({ ...record.change }, { ignoreUndefined: true }));
    await storeAuditDocuments(storage, [record.audit]);
  }
  if (records.length === 0) return;
  await storage.models.publishers.updateOne(
    { publisherId: { $eq: publisherId } },
    { $pull: { pendingRecords: { recordId: { $in: records.map((record) => record.recordId) } } } },
  );
}

/** Copies out the records of changes whose writer stopped before it stored them; one read when there are none. */
export async function flushPendingPolicyRecords(storage: Storage, publisherId: string): Promise<void> {
  const doc = await storage.models.publishers.collection.findOne<{ pendingRecords?: PendingPolicyRecord[] }>(
    { publisherId: { $eq: publisherId }, 'pendingRecords.0': { $exists: true } },
    { projection: { _id: 0, pendingRecords: 1 } },
  );
  if (doc?.pendingRecords?.length) await storePendingPolicyRecords(storage, publisherId, doc.pendingRecords);
}
