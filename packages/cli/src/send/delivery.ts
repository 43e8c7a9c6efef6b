import { signedHeaders } from '@moderato/webhooks';
import { readAnswer, type AttemptOutcome, type ItemResult } from './answer.js';
import { backoffDelayMs, retryAfterMs, type RetryPolicy } from './retry.js';

/** Where and as whom comments are sent. */
export interface IngestTarget {
  /** The full URL of POST /v1/comments. */
  commentsUrl: string;
  publisherId: string;
  /** The publisher's `whsec_…` webhook secret. */
  secret: string;
}

export interface RetryNotice {
  attempt: number;
  maxAttempts: number;
  reason: string;
  delayMs: number;
}

export interface DeliveryHooks {
  /** Waits between attempts; tests pass one that records the wait and returns at once. */
  sleep(ms: number): Promise<void>;
  onRetry(notice: RetryNotice): void;
  random?: () => number;
}

export type BatchOutcome = { delivered: true; results: ItemResult[] } | { delivered: false; reason: string };

/**
 * Posts one batch, signed, and retries it on a rate limit (after its Retry-After), an unavailable service and a
 * network error, each time under the same webhook-id: the ingest API answers a redelivery with the first answer
 * and queues nothing again, so a batch that got through before its answer was lost is not sent twice.
 */
export async function deliverBatch(target: IngestTarget, body: string, webhookId: string, policy: RetryPolicy, hooks: DeliveryHooks): Promise<BatchOutcome> {
  for (let attempt = 1; ; attempt++) {
    const outcome = await attemptDelivery(target, body, webhookId, policy);
    if (outcome.kind === 'answered') return { delivered: true, results: outcome.results };
    if (outcome.kind === 'failed') return { delivered: false, reason: outcome.reason };
    if (attempt >= policy.maxAttempts) return { delivered: false, reason: `${outcome.reason} (gave up after ${attempt} attempts)` };
    const delayMs = retryAfterMs(outcome.retryAfter, policy) ?? backoffDelayMs(attempt, policy, hooks.random);
    hooks.onRetry({ attempt, maxAttempts: policy.maxAttempts, reason: outcome.reason, delayMs });
    await hooks.sleep(delayMs);
  }
}

async function attemptDelivery(target: IngestTarget, body: string, webhookId: string, policy: RetryPolicy): Promise<AttemptOutcome> {
  try {
    // Signed anew each attempt: the timestamp must be recent, while the id stays the batch's.
    const response = await fetch(target.commentsUrl, {
      method: 'POST',
      headers: { ...signedHeaders(target.secret, webhookId, body), 'content-type': 'application/json', 'x-moderato-publisher': target.publisherId },
      body,
      // A redirect is reported, not followed: the signed comments go only where they were sent.
      redirect: 'manual',
      signal: AbortSignal.timeout(policy.timeoutMs),
    });
    return readAnswer(response.status, response.headers.get('retry-after'), await response.text());
  } catch (error) {
    return { kind: 'retry', reason: networkErrorReason(error, policy), retryAfter: null };
  }
}

function networkErrorReason(error: unknown, policy: RetryPolicy): string {
  if (error instanceof Error && error.name === 'TimeoutError') return `no answer within ${policy.timeoutMs / 1000} s`;
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  return `network error: ${cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error))}`;
}
