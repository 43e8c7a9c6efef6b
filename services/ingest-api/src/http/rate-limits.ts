import { TooManyRequestsError } from '@moderato/service-kit';
import type { NextFunction, Request, Response } from 'express';
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { withDeadline } from './deadline.js';

export interface IngestRateLimits {
  /** Signed deliveries per publisher per minute (a delivery holds up to 500 comments). */
  requestsPerMinute: number;
  /** Failed authentications per client address per minute before its requests are refused unread. */
  authFailuresPerMinute: number;
}

export const DEFAULT_RATE_LIMITS: IngestRateLimits = { requestsPerMinute: 600, authFailuresPerMinute: 30 };

/**
 * Both counters live in Redis (rate-limiter-flexible's atomic fixed windows), so every ingest instance shares them.
 * `prefix` keeps deployments (and tests) sharing one Redis apart.
 */
export class IngestRateLimiter {
  private readonly deliveries: RateLimiterRedis;
  private readonly failures: RateLimiterRedis;

  constructor(redis: Redis, prefix: string, private readonly limits: IngestRateLimits) {
    this.deliveries = new RateLimiterRedis({ storeClient: redis, keyPrefix: `${prefix}:rate:deliveries`, points: limits.requestsPerMinute, duration: 60 });
    this.failures = new RateLimiterRedis({ storeClient: redis, keyPrefix: `${prefix}:rate:auth-failures`, points: limits.authFailuresPerMinute, duration: 60 });
  }

  /** After authentication: counts the delivery against its publisher's budget. */
  limitPublisher() {
    return async (req: Request, _res: Response, next: NextFunction): Promise<void> => {
      const publisherId = req.webhook?.publisherId ?? '';
      await withDeadline('Redis', () => this.deliveries.consume(publisherId).catch((rejection: unknown) => {
        if (rejection instanceof RateLimiterRes) {
          throw new TooManyRequestsError(`Publisher ${publisherId} sent more than ${this.limits.requestsPerMinute} deliveries this minute; nothing was accepted.`, rejection.msBeforeNext / 1000);
        }
        throw rejection;
      }));
      next();
    };
  }

  /** Before authentication: an address that failed it too often this minute is refused without a secret lookup. */
  refuseRepeatedFailures() {
    return async (req: Request, _res: Response, next: NextFunction): Promise<void> => {
      const seen = await withDeadline('Redis', () => this.failures.get(clientAddress(req)));
      if (seen && seen.consumedPoints >= this.limits.authFailuresPerMinute) {
        throw new TooManyRequestsError('Too many failed authentications from this address; nothing was read.', seen.msBeforeNext / 1000);
      }
      next();
    };
  }

  /** Counts a failed authentication; never fails the request for its own sake. */
  async recordFailure(req: Request): Promise<void> {
    await this.failures.penalty(clientAddress(req), 1).catch((error: unknown) => req.log.warn({ err: String(error) }, 'could not count a failed authentication'));
  }
}

function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}
