import { createHash } from 'node:crypto';
import { ConflictError } from '@moderato/service-kit';

/**
 * The answer kept for a webhook-id's redeliveries, with a digest of the body it answered: a sender that reuses a
 * webhook-id for another body (a bug on its side, or an attempt to slip comments past the dedupe) is refused with 409,
 * as Stripe refuses an idempotency key reused with other parameters, instead of getting the first answer while its
 * new comments are silently dropped. Redeliveries send the same bytes, so their digest matches.
 */
export function answerToStore(body: Buffer, answer: string): string {
  return `${digestOf(body)} ${answer}`;
}

/** The answer to replay for a redelivery of `body`; throws the 409 when the webhook-id first came with another body. */
export function replayableAnswer(stored: string, body: Buffer, webhookId: string): string {
  // Answers stored before the digest was kept are JSON objects: replayed as they are.
  if (stored.startsWith('{')) return stored;
  const separator = stored.indexOf(' ');
  if (stored.slice(0, separator) !== digestOf(body)) {
    throw new ConflictError(
      `webhook-id "${webhookId}" was already used for a different body. Send new comments under a new webhook-id; a redelivery must repeat the same body.`,
      'webhook_id_reused',
    );
  }
  return stored.slice(separator + 1);
}

function digestOf(body: Buffer): string {
  return createHash('sha256').update(body).digest('base64url');
}
