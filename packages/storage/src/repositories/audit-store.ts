import { randomUUID } from 'node:crypto';
import { isDuplicateKeyError } from '../errors.js';
import type { Storage } from '../storage.js';
import type { AuditEntry, NewAuditEntry } from './audit-entry.js';

/** An audit entry as stored: with its id fixed before it is written, and when MongoDB's TTL monitor deletes it. */
export type AuditDocument = AuditEntry & { expiresAt: Date };

/**
 * The entry with its id and expiry, made before the change it records is written, so that the same entry can ride
 * along with the change (in the publisher's pending records, or in the comment's outbox event) and be stored by
 * whoever comes first: the writer right after its change, or a later sweep.
 */
export function auditDocument(entry: NewAuditEntry, retentionDays: number): AuditDocument {
  return { entryId: randomUUID(), ...entry, expiresAt: new Date(entry.at.getTime() + retentionDays * 86_400_000) };
}

/** Stores each entry unless it is stored already (unique publisherId + entryId), so stores may repeat or race. */
export async function storeAuditDocuments(storage: Storage, entries: readonly AuditDocument[]): Promise<void> {
  for (const entry of entries) await insertOnce(() => storage.models.auditEntries.collection.insertOne({ ...entry }, { ignoreUndefined: true }));
}

export async function insertOnce(insert: () => Promise<unknown>): Promise<void> {
  try {
    await insert();
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
}
