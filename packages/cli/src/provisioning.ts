import { generateWebhookSecret } from '@moderato/webhooks';
import { createApiKey, createPublisher, rotateWebhookSecret, type ApiKeyRole, type Storage } from '@moderato/storage';

export const PUBLISHER_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
export const DEFAULT_ROTATION_GRACE_HOURS = 24;

/** Registers a publisher with a fresh webhook secret; the secret is returned once and must be handed to the publisher. */
export async function provisionPublisher(storage: Storage, publisherId: string, name?: string): Promise<{ publisherId: string; secret: string }> {
  if (!PUBLISHER_ID_PATTERN.test(publisherId)) {
    throw new Error('publisher id must be 1-128 characters of letters, digits, ".", "_" or "-", starting with a letter or digit');
  }
  const secret = generateWebhookSecret();
  await createPublisher(storage, { publisherId, secret, ...(name ? { name } : {}) });
  return { publisherId, secret };
}

/** Issues a new webhook secret; the previous one keeps working for the grace period. */
export async function rotatePublisherSecret(storage: Storage, publisherId: string, graceHours = DEFAULT_ROTATION_GRACE_HOURS): Promise<{ secret: string; previousValidUntil: Date }> {
  const secret = generateWebhookSecret();
  const now = new Date();
  await rotateWebhookSecret(storage, { publisherId, secret, graceSeconds: graceHours * 3600, now });
  return { secret, previousValidUntil: new Date(now.getTime() + graceHours * 3600_000) };
}

/** Issues an API key for one publisher and role; only its hash is stored. */
export function issueApiKey(storage: Storage, publisherId: string, role: ApiKeyRole, label?: string): Promise<{ key: string; keyId: string }> {
  return createApiKey(storage, { publisherId, role, ...(label ? { label } : {}) });
}
