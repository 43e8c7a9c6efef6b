import { createHmac, timingSafeEqual } from 'node:crypto';
import { secretKey } from './secret.js';

export const DEFAULT_TOLERANCE_SECONDS = 5 * 60;

export interface WebhookHeaders {
  id: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
}

export type VerifyFailure = 'missing_headers' | 'bad_timestamp' | 'stale_timestamp' | 'bad_signature';

export type VerifyResult = { ok: true; id: string; timestamp: number } | { ok: false; reason: VerifyFailure };

/** `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`. */
export function signPayload(secret: string, id: string, timestamp: number, body: Buffer | string): string {
  return `v1,${hmac(secretKey(secret), id, String(timestamp), body).toString('base64')}`;
}

/** Headers a sender attaches; used by our tests, our docs' examples and any publisher SDK. */
export function signedHeaders(secret: string, id: string, body: Buffer | string, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signPayload(secret, id, timestamp, body),
  };
}

/**
 * Verifies a Standard Webhooks signature over the raw body against any of the given secrets (several are valid
 * during a rotation's grace period). Several space-separated signatures are accepted; comparison is constant-time.
 */
export function verifyWebhook(
  secrets: readonly string[],
  headers: WebhookHeaders,
  body: Buffer,
  options: { now?: number; toleranceSeconds?: number } = {},
): VerifyResult {
  const { id, timestamp, signature } = headers;
  if (!id || !timestamp || !signature) return { ok: false, reason: 'missing_headers' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'bad_timestamp' };
  const seconds = Number(timestamp);
  const now = options.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - seconds) > (options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS)) {
    return { ok: false, reason: 'stale_timestamp' };
  }
  const offered = parseSignatures(signature);
  for (const secret of secrets) {
    const expected = hmac(secretKey(secret), id, timestamp, body);
    if (offered.some((candidate) => candidate.length === expected.length && timingSafeEqual(candidate, expected))) {
      return { ok: true, id, timestamp: seconds };
    }
  }
  return { ok: false, reason: 'bad_signature' };
}

function parseSignatures(header: string): Buffer[] {
  return header
    .split(' ')
    .filter((part) => part.startsWith('v1,'))
    .map((part) => Buffer.from(part.slice(3), 'base64'));
}

function hmac(key: Buffer, id: string, timestamp: string, body: Buffer | string): Buffer {
  return createHmac('sha256', key).update(`${id}.${timestamp}.`).update(body).digest();
}
