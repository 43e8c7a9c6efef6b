import type { PolicyOverrides } from '@moderato/analysis';
import { AlreadyExistsError, RecordNotFoundError, isDuplicateKeyError } from '../errors.js';
import { SecretsKeyError, isSealed, openSecret, sealSecret } from '../secret-box.js';
import type { Storage } from '../storage.js';
import { rotatedSecrets, stillValid } from './secret-rotation.js';

export type { PolicyOverrides };

export interface PublisherRecord {
  publisherId: string;
  name?: string;
  policy: PolicyOverrides;
  /** The version of `policy` (repositories/policies.ts); 0 while it was never set. */
  policyVersion: number;
}

export async function createPublisher(storage: Storage, input: { publisherId: string; name?: string; secret: string; now?: Date }): Promise<PublisherRecord> {
  const now = input.now ?? new Date();
  try {
    await storage.models.publishers.create({
      publisherId: input.publisherId,
      name: input.name,
      webhookSecrets: [{ secret: sealed(storage, input.publisherId, input.secret), createdAt: now, expiresAt: null }],
    });
  } catch (error) {
    if (isDuplicateKeyError(error)) throw new AlreadyExistsError(`publisher ${input.publisherId}`);
    throw error;
  }
  return { publisherId: input.publisherId, ...(input.name ? { name: input.name } : {}), policy: {}, policyVersion: 0 };
}

export async function findPublisher(storage: Storage, publisherId: string): Promise<PublisherRecord | null> {
  const doc = await storage.models.publishers.findOne({ publisherId: { $eq: publisherId } }, { publisherId: 1, name: 1, policy: 1, policyVersion: 1 }).lean();
  if (!doc) return null;
  return {
    publisherId: doc.publisherId,
    ...(doc.name ? { name: doc.name } : {}),
    policy: storedPolicyOverrides(doc.policy),
    policyVersion: doc.policyVersion ?? 0,
  };
}

/** The secrets a webhook may be signed with right now: the current one and any still in their grace period. */
export async function findActiveWebhookSecrets(storage: Storage, publisherId: string, now = new Date()): Promise<string[] | null> {
  const doc = await storage.models.publishers.findOne({ publisherId: { $eq: publisherId } }, { webhookSecrets: 1 }).lean();
  if (!doc) return null;
  return doc.webhookSecrets
    .filter((entry) => stillValid(entry, now))
    .map((entry) => openSecret(entry.secret, storage.webhookSecretsKey, publisherId));
}

/**
 * Makes `secret` the current one; the previous current secret stays valid for `graceSeconds`, so publishers can switch
 * without dropping deliveries. Secrets whose grace has ended are removed.
 */
export async function rotateWebhookSecret(storage: Storage, input: { publisherId: string; secret: string; graceSeconds: number; now?: Date }): Promise<void> {
  const now = input.now ?? new Date();
  const doc = await storage.models.publishers.findOne({ publisherId: { $eq: input.publisherId } });
  if (!doc) throw new RecordNotFoundError(`publisher ${input.publisherId}`);
  doc.set('webhookSecrets', rotatedSecrets(doc.webhookSecrets, sealed(storage, input.publisherId, input.secret), now, input.graceSeconds));
  await doc.save();
}

/** Unversioned and unrecorded: `replacePublisherPolicy` (repositories/policies.ts) is what the API and CLI use. */
export async function setPublisherPolicy(storage: Storage, publisherId: string, policy: PolicyOverrides): Promise<void> {
  const result = await storage.models.publishers.updateOne({ publisherId: { $eq: publisherId } }, { $set: { policy } });
  if (result.matchedCount === 0) throw new RecordNotFoundError(`publisher ${publisherId}`);
}

/**
 * Seals the publisher's secrets stored before WEBHOOK_SECRETS_KEY was set; returns how many were sealed. Secrets
 * already sealed are left as they are.
 */
export async function sealStoredWebhookSecrets(storage: Storage): Promise<number> {
  const key = storage.webhookSecretsKey;
  if (!key) throw new SecretsKeyError('WEBHOOK_SECRETS_KEY is required to seal stored webhook secrets');
  let count = 0;
  for await (const doc of storage.models.publishers.find({}, { publisherId: 1, webhookSecrets: 1 })) {
    const plain = doc.webhookSecrets.filter((entry) => !isSealed(entry.secret));
    if (plain.length === 0) continue;
    for (const entry of plain) entry.secret = sealSecret(entry.secret, key, doc.publisherId);
    await doc.save();
    count += plain.length;
  }
  return count;
}

function sealed(storage: Storage, publisherId: string, secret: string): string {
  return storage.webhookSecretsKey ? sealSecret(secret, storage.webhookSecretsKey, publisherId) : secret;
}

/** A publisher's stored policy as overrides: unset (null) fields left out, so the defaults apply to them. */
export function storedPolicyOverrides(policy: unknown): PolicyOverrides {
  return stripNulls(policy ?? {}) as PolicyOverrides;
}

function stripNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripNulls);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => [k, stripNulls(v)]));
  }
  return value;
}
