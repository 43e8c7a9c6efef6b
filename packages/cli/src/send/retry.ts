/** How a batch is retried: every attempt carries the same webhook-id, so the ingest API queues it at most once. */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** The wait before the second attempt; it doubles for each later one, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** The longest Retry-After honoured as given; a longer one is waited for this long, then tried again. */
  maxRetryAfterMs: number;
  /** How long one attempt may take before it counts as a network error. */
  timeoutMs: number;
}

/** Eight attempts over about a minute: a Redis failover or a restart of the ingest API is ridden out. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 8,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 5 * 60_000,
  timeoutMs: 30_000,
};

/**
 * The wait after the `attempt`-th failed attempt: exponential, with half of it random so that many senders that
 * failed together do not all come back in the same instant.
 */
export function backoffDelayMs(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** A Retry-After header (seconds, or an HTTP date) in milliseconds from `now`; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, policy: RetryPolicy, now = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const text = header.trim();
  const milliseconds = /^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(text) - now;
  if (Number.isNaN(milliseconds)) return undefined;
  return Math.min(Math.max(milliseconds, 0), policy.maxRetryAfterMs);
}
