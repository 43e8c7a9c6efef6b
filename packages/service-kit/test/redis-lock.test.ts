import { setTimeout as sleep } from 'node:timers/promises';
import { sharedRedis, uniqueName } from '@moderato/testkit';
import { expect } from 'chai';
import { Redis } from 'ioredis';
import { LockTimeoutError, withRedisLock } from '../src/index.js';

describe('withRedisLock', function () {
  this.timeout(20_000);
  let redis: Redis;
  const keys: string[] = [];
  const keyFor = (what: string): string => {
    const key = uniqueName(`lock-${what}`);
    keys.push(key);
    return key;
  };
  const options = { ttlMs: 5_000, waitMs: 5_000 };

  before(async () => {
    redis = new Redis((await sharedRedis()).url);
  });

  after(async () => {
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('lets one holder at a time run, so read-modify-write sections never interleave', async () => {
    const key = keyFor('exclusive');
    let counter = 0;
    let inside = 0;
    let mostInside = 0;
    await Promise.all(Array.from({ length: 12 }, () => withRedisLock(redis, key, options, async () => {
      inside += 1;
      mostInside = Math.max(mostInside, inside);
      const read = counter;
      await sleep(3);
      counter = read + 1;
      inside -= 1;
    })));
    expect(counter).to.equal(12);
    expect(mostInside).to.equal(1);
  });

  it('does not hold up work under another key', async () => {
    let inside = 0;
    let mostInside = 0;
    const hold = (key: string) => withRedisLock(redis, key, options, async () => {
      inside += 1;
      mostInside = Math.max(mostInside, inside);
      await sleep(50);
      inside -= 1;
    });
    await Promise.all([hold(keyFor('a')), hold(keyFor('b'))]);
    expect(mostInside).to.equal(2);
  });

  it('frees the lock when the work throws, and passes the error on', async () => {
    const key = keyFor('throws');
    const failing = withRedisLock(redis, key, options, async () => {
      throw new Error('work failed');
    });
    const error = await failing.then(() => undefined, (e: unknown) => e);
    expect((error as Error).message).to.equal('work failed');
    expect(await redis.exists(key)).to.equal(0);
    expect(await withRedisLock(redis, key, { ttlMs: 1_000, waitMs: 0 }, async () => 'next')).to.equal('next');
  });

  it('gives up after waitMs with a lock_timeout error while another holder keeps it', async () => {
    const key = keyFor('timeout');
    const holder = withRedisLock(redis, key, options, () => sleep(400).then(() => 'holder done'));
    await sleep(20);
    const waiter = withRedisLock(redis, key, { ttlMs: 1_000, waitMs: 100 }, async () => 'waiter ran');
    const error = await waiter.then(() => undefined, (e: unknown) => e);
    expect(error).to.be.instanceOf(LockTimeoutError);
    expect((error as LockTimeoutError).code).to.equal('lock_timeout');
    expect(await holder).to.equal('holder done');
  });

  it('never releases a lock that expired and passed to someone else', async () => {
    const key = keyFor('expired');
    const slow = withRedisLock(redis, key, { ttlMs: 60, waitMs: 0 }, () => sleep(200));
    await sleep(100);
    // The slow holder's TTL is over: a second holder takes the lock and still holds it when the first one finishes.
    const second = withRedisLock(redis, key, { ttlMs: 5_000, waitMs: 1_000 }, async () => {
      await slow;
      return redis.exists(key);
    });
    expect(await second).to.equal(1);
    expect(await redis.exists(key)).to.equal(0);
  });
});
