import { expect } from 'chai';
import { TtlCache } from '../src/index.js';

describe('TtlCache', () => {
  let now = 0;
  const clock = () => now;
  let loads = 0;
  const loader = (value: string) => async () => {
    loads += 1;
    return value;
  };
  beforeEach(() => {
    now = 0;
    loads = 0;
  });

  it('answers from the cache until the entry is older than its TTL, then loads again', async () => {
    const cache = new TtlCache<string>({ ttlMs: 1_000, maxEntries: 10, now: clock });
    expect(await cache.get('k', loader('a'))).to.equal('a');
    now = 999;
    expect(await cache.get('k', loader('b'))).to.equal('a');
    now = 1_000;
    expect(await cache.get('k', loader('c'))).to.equal('c');
    expect(loads).to.equal(2);
  });

  it('shares one load among concurrent misses', async () => {
    const cache = new TtlCache<string>({ ttlMs: 1_000, maxEntries: 10, now: clock });
    const values = await Promise.all([cache.get('k', loader('a')), cache.get('k', loader('b')), cache.get('k', loader('c'))]);
    expect(values).to.deep.equal(['a', 'a', 'a']);
    expect(loads).to.equal(1);
  });

  it('does not keep a failed load', async () => {
    const cache = new TtlCache<string>({ ttlMs: 1_000, maxEntries: 10, now: clock });
    await cache.get('k', () => Promise.reject(new Error('down'))).catch(() => undefined);
    expect(await cache.get('k', loader('a'))).to.equal('a');
  });

  it('drops a deleted key, also one whose load was still in flight', async () => {
    const cache = new TtlCache<string>({ ttlMs: 1_000, maxEntries: 10, now: clock });
    let finish!: (value: string) => void;
    const inFlight = cache.get('k', () => new Promise((resolve) => (finish = resolve)));
    cache.delete('k');
    finish('stale');
    expect(await inFlight).to.equal('stale');
    expect(await cache.get('k', loader('fresh'))).to.equal('fresh');
    cache.deleteWhere((key) => key.startsWith('k'));
    expect(await cache.get('k', loader('again'))).to.equal('again');
  });

  it('holds at most maxEntries, dropping the oldest', async () => {
    const cache = new TtlCache<string>({ ttlMs: 1_000, maxEntries: 2, now: clock });
    await cache.get('a', loader('a'));
    await cache.get('b', loader('b'));
    await cache.get('c', loader('c'));
    expect(cache.size).to.equal(2);
    expect(await cache.get('a', loader('a2'))).to.equal('a2');
  });
});
