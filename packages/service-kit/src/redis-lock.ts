import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { AppError } from './errors.js';

export interface RedisLockOptions {
  /** The lock frees itself after this long, so a holder that died never blocks the others for good. */
  ttlMs: number;
  /** How long to wait for the lock before giving up with LockTimeoutError. */
  waitMs: number;
}

export class LockTimeoutError extends AppError {
  constructor(key: string, waitMs: number) {
    super('lock_timeout', 503, 'Lock not acquired', { detail: `lock ${key} still held by another holder after ${waitMs} ms` });
  }
}

/** Deletes the key only while it still holds our token: a holder whose lock expired never frees someone else's. */
const RELEASE_SCRIPT = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0";
const FIRST_PAUSE_MS = 1;
const LONGEST_PAUSE_MS = 25;

/**
 * Runs `work` while holding the lock `key` on Redis (SET NX PX with a random token), across processes. Waiters poll
 * with a growing, jittered pause; one Redis suffices here because the lock guards an ordering, not money: if Redis
 * loses the key, two holders overlap and the work is no worse than without a lock.
 */
export async function withRedisLock<T>(redis: Redis, key: string, options: RedisLockOptions, work: () => Promise<T>): Promise<T> {
  const token = randomUUID();
  const deadline = Date.now() + options.waitMs;
  let pause = FIRST_PAUSE_MS;
  while ((await redis.set(key, token, 'PX', options.ttlMs, 'NX')) !== 'OK') {
    if (Date.now() >= deadline) throw new LockTimeoutError(key, options.waitMs);
    await sleep(pause * (1 + Math.random()));
    pause = Math.min(pause * 2, LONGEST_PAUSE_MS);
  }
  try {
    return await work();
  } finally {
    // If Redis is unreachable now, the TTL frees the lock; the work's own outcome is what the caller needs.
    await redis.eval(RELEASE_SCRIPT, 1, key, token).catch(() => undefined);
  }
}
