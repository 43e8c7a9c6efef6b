/**
 * What is kept of a delivery's answer for the redeliveries of its webhook-id (the DELIVER script stores it): a digest
 * of the body it answered, a space, and a letter per valid comment (q queued, d duplicate). A redelivery sends the
 * same bytes, so the rest of the answer (job ids, invalid items and their errors) is rebuilt from its body, byte for
 * byte what the first delivery got, from about 30 bytes instead of the whole answer. A sender that reuses a
 * webhook-id for another body (a bug on its side, or an attempt to slip comments past the dedupe) is refused with
 * 409, as Stripe refuses an idempotency key reused with other parameters, instead of getting the first answer while
 * its new comments are silently dropped.
 */
import { createHash } from 'node:crypto';
import { ConflictError } from '@moderato/service-kit';
import { resultsFromLetters, type DeliveryPlan, type ItemResult } from './intake.js';

/**
 * The results to replay for a redelivery of `body`; throws the 409 when the webhook-id first came with another body.
 * Undefined when the stored letters no longer fit the body's valid comments (the schema changed between the two
 * deliveries): the caller then treats the delivery as new, and the seen marks keep its comments from being queued twice.
 */
export function replayedResults(stored: string, body: Buffer, plan: DeliveryPlan | undefined, webhookId: string): ItemResult[] | undefined {
  const separator = stored.indexOf(' ');
  if (stored.slice(0, separator) !== digestOf(body)) {
    throw new ConflictError(
      `webhook-id "${webhookId}" was already used for a different body. Send new comments under a new webhook-id; a redelivery must repeat the same body.`,
      'webhook_id_reused',
    );
  }
  return plan && resultsFromLetters(plan, stored.slice(separator + 1));
}

/** 96 bits of SHA-256: enough to tell a resent body from another, and short enough to keep the answer in 24 bytes. */
export function digestOf(body: Buffer): string {
  return createHash('sha256').update(body).digest('base64url').slice(0, 16);
}
