import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApiKeyRole } from '../models/api-key.js';
import { RecordNotFoundError } from '../errors.js';
import type { Storage } from '../storage.js';

/** A key's prefix names its role, so a key found in a log or a config file says what it can do. */
export const API_KEY_PREFIXES: Readonly<Record<ApiKeyRole, string>> = { moderator: 'mod', analyst: 'ana', admin: 'adm' };
/** Every key issued before the prefixes named roles starts with `mod_`, whatever its role. */
const LEGACY_PREFIX = 'mod';
const KEY_FORMAT = /^(mod|ana|adm)_([A-Za-z0-9]{16})_([A-Za-z0-9_-]{43})$/;

export interface ApiKeyPrincipal {
  keyId: string;
  publisherId: string;
  role: ApiKeyRole;
  /** The key's label when it was given one (the audit log names the actor by it). */
  label?: string;
}

/** Creates a key for one publisher and role. The full key is returned once; only its hash is stored. */
export async function createApiKey(storage: Storage, input: { publisherId: string; role: ApiKeyRole; label?: string }): Promise<{ key: string; keyId: string }> {
  const publisher = await storage.models.publishers.exists({ publisherId: { $eq: input.publisherId } });
  if (!publisher) throw new RecordNotFoundError(`publisher ${input.publisherId}`);
  const keyId = randomBytes(12).toString('base64url').replace(/[-_]/g, 'x').slice(0, 16);
  const secret = randomBytes(32).toString('base64url');
  await storage.models.apiKeys.create({ keyId, secretHash: hashSecret(secret), publisherId: input.publisherId, role: input.role, label: input.label });
  return { key: `${API_KEY_PREFIXES[input.role]}_${keyId}_${secret}`, keyId };
}

/**
 * Resolves a presented key to its publisher and role, or null when it is malformed, unknown, revoked or wrong.
 * The key is found by its id and checked by its secret's hash; the prefix must be its role's, or `mod_` (any key
 * issued before prefixes named roles), so a prefix never claims a role its key does not have.
 */
export async function authenticateApiKey(storage: Storage, presented: string): Promise<ApiKeyPrincipal | null> {
  const match = KEY_FORMAT.exec(presented);
  if (!match) return null;
  const [, prefix, keyId, secret] = match as unknown as [string, string, string, string];
  const doc = await storage.models.apiKeys.findOne({ keyId: { $eq: keyId } }).lean();
  if (!doc || doc.revokedAt) return null;
  const expected = Buffer.from(doc.secretHash, 'hex');
  const actual = Buffer.from(hashSecret(secret), 'hex');
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null;
  const role = doc.role as ApiKeyRole;
  if (prefix !== API_KEY_PREFIXES[role] && prefix !== LEGACY_PREFIX) return null;
  return { keyId: doc.keyId, publisherId: doc.publisherId, role, ...(doc.label ? { label: doc.label } : {}) };
}

export async function revokeApiKey(storage: Storage, keyId: string, now = new Date()): Promise<void> {
  const result = await storage.models.apiKeys.updateOne({ keyId: { $eq: keyId }, revokedAt: null }, { $set: { revokedAt: now } });
  if (result.matchedCount === 0) throw new RecordNotFoundError(`active API key ${keyId}`);
}

// The secret is 256 random bits, so a fast hash is enough: there is nothing to brute-force.
function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
