import { TooManyRequestsError } from '@moderato/service-kit';
import type { NextFunction, Request, Response } from 'express';
import type { Admission, IntakeLimits, IntakeStore } from '../redis/intake-store.js';
import { BlockedAddresses } from './blocked-addresses.js';
import { withDeadline } from './deadline.js';

/** Signed deliveries per publisher per minute (each holds up to 500 comments) and failed authentications per address. */
export type IngestRateLimits = IntakeLimits;

export const DEFAULT_RATE_LIMITS: IngestRateLimits = { requestsPerMinute: 600, authFailuresPerMinute: 30 };

/**
 * Both counters are fixed windows in Redis, so every ingest instance shares them. The publisher's budget is consumed
 * in its delivery's one round trip (`IntakeStore.deliver` or `begin`), which also refuses an address over the failure limit.
 * Before authentication an address is refused from memory: each failure's count comes back from Redis, and the
 * instance that sees an address reach the limit refuses it unread, with no round trip, until the window ends.
 * Another instance lets at most one more attempt through to authentication before it learns the same.
 */
export class IngestRateLimiter {
  private readonly blocked = new BlockedAddresses();

  constructor(
    private readonly store: IntakeStore,
    private readonly limits: IngestRateLimits,
  ) {}

  /** Before authentication: an address that failed it too often this minute is refused without a secret lookup. */
  refuseRepeatedFailures() {
    return (req: Request, _res: Response, next: NextFunction): void => {
      const remainingMs = this.blocked.remainingMs(clientAddress(req));
      if (remainingMs > 0) throw addressBlocked(remainingMs);
      next();
    };
  }

  /** After authentication, for routes that need nothing else from Redis: counts the delivery against its budget. */
  limitPublisher() {
    return async (req: Request, _res: Response, next: NextFunction): Promise<void> => {
      const publisherId = req.webhook?.publisherId ?? '';
      this.enforce(req, await withDeadline('Redis', () => this.store.begin(clientAddress(req), publisherId)));
      next();
    };
  }

  /** Turns a refusal from Redis into the 429 the caller answers; returns what an admitted delivery read. */
  enforce(req: Request, admission: Admission): Extract<Admission, { outcome: 'admitted' }> {
    if (admission.outcome === 'address-blocked') {
      this.blocked.block(clientAddress(req), admission.retryAfterMs);
      throw addressBlocked(admission.retryAfterMs);
    }
    if (admission.outcome === 'over-budget') {
      const publisherId = req.webhook?.publisherId ?? '';
      throw new TooManyRequestsError(`Publisher ${publisherId} sent more than ${this.limits.requestsPerMinute} deliveries this minute; nothing was accepted.`, admission.retryAfterMs / 1000);
    }
    return admission;
  }

  /** Counts a failed authentication; never fails the request for its own sake. */
  async recordFailure(req: Request): Promise<void> {
    const address = clientAddress(req);
    try {
      const { failures, retryAfterMs } = await withDeadline('Redis', () => this.store.countFailure(address));
      if (failures >= this.limits.authFailuresPerMinute) this.blocked.block(address, retryAfterMs);
    } catch (error) {
      req.log.warn({ err: String(error) }, 'could not count a failed authentication');
    }
  }
}

function addressBlocked(remainingMs: number): TooManyRequestsError {
  return new TooManyRequestsError('Too many failed authentications from this address; nothing was read.', remainingMs / 1000);
}

export function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}
