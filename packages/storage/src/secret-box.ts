import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Webhook secrets at rest: AES-256-GCM under WEBHOOK_SECRETS_KEY, bound to the publisher (its id is the additional
 * authenticated data, so a sealed secret copied onto another publisher does not open). HMAC verification needs the
 * secret itself, so it is sealed rather than hashed; a database dump without the key holds no usable secret.
 */
const PREFIX = 'enc:v1:';
const KEY_BYTES = 32;
const IV_BYTES = 12;

export class SecretsKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretsKeyError';
  }
}

/** The key from its base64 form (e.g. `openssl rand -base64 32`). */
export function parseSecretsKey(text: string): Buffer {
  // 32 bytes are 43 base64 characters and one "=" of padding; Buffer.from alone would skip stray characters.
  if (!/^[A-Za-z0-9+/]{43}=$/.test(text.trim())) {
    throw new SecretsKeyError(`must be ${KEY_BYTES} bytes in base64 (generate one with: openssl rand -base64 32)`);
  }
  return Buffer.from(text.trim(), 'base64');
}

export function isSealed(stored: string): boolean {
  return stored.startsWith(PREFIX);
}

export function sealSecret(secret: string, key: Buffer, publisherId: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(publisherId, 'utf8'));
  const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return `${PREFIX}${iv.toString('base64url')}:${cipher.getAuthTag().toString('base64url')}:${sealed.toString('base64url')}`;
}

/** The secret as stored: sealed ones are opened with `key`; plain ones (stored before sealing was on) as they are. */
export function openSecret(stored: string, key: Buffer | undefined, publisherId: string): string {
  if (!isSealed(stored)) return stored;
  if (!key) throw new SecretsKeyError(`a webhook secret of publisher ${publisherId} is sealed and WEBHOOK_SECRETS_KEY is not set`);
  const [iv, tag, sealed] = stored.slice(PREFIX.length).split(':');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv ?? '', 'base64url'));
    decipher.setAAD(Buffer.from(publisherId, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag ?? '', 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(sealed ?? '', 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretsKeyError(`a webhook secret of publisher ${publisherId} does not open with WEBHOOK_SECRETS_KEY (another key, or altered)`);
  }
}
