import { sharedRedis, uniqueName } from '@moderato/testkit';
import { expect } from 'chai';
import { Redis } from 'ioredis';
import { DuplicateRegistry, type InFlightComment } from '../src/index.js';

let sequence = 0;
/** A comment in flight with the given band keys (and an exact key of its own unless one is given). */
function inFlight(bands: string[], overrides: Partial<InFlightComment> = {}): InFlightComment {
  sequence += 1;
  return {
    commentId: `c${sequence}`, authorId: `a${sequence}`, articleId: 'article-1', createdAt: new Date(1_700_000_000_000 + sequence),
    fingerprint: { exact: `exact-${sequence}`, signature: [sequence, 2, 3], bands }, ...overrides,
  };
}

describe('duplicate registry', function () {
  this.timeout(20_000);
  let redis: Redis;
  let registry: DuplicateRegistry;
  let queueName: string;

  before(async () => {
    redis = new Redis((await sharedRedis()).url);
  });
  beforeEach(() => {
    queueName = uniqueName('registry');
    registry = new DuplicateRegistry(redis, queueName);
  });
  after(() => redis.disconnect());

  it('shows a registering comment the in-flight comments that share a fingerprint key, with what comparing needs', async () => {
    const first = inFlight(['b0:aa', 'b1:bb']);
    expect(await registry.register('pub', first)).to.deep.equal([]);
    const unrelated = inFlight(['b0:zz', 'b1:yy']);
    expect(await registry.register('pub', unrelated)).to.deep.equal([]);
    const copy = inFlight(['b0:qq', 'b1:bb']);
    expect(await registry.register('pub', copy)).to.deep.equal([first]);
  });

  it('matches comments of the same exact text even without band keys (short comments have none)', async () => {
    const short = inFlight([], { fingerprint: { exact: 'same', signature: [], bands: [] } });
    await registry.register('pub', short);
    const again = inFlight([], { fingerprint: { exact: 'same', signature: [], bands: [] } });
    expect((await registry.register('pub', again)).map((c) => c.commentId)).to.deep.equal([short.commentId]);
  });

  it('forgets a released comment: one registered after it finds it in storage instead', async () => {
    const first = inFlight(['b0:aa']);
    await registry.register('pub', first);
    expect(await registry.release('pub', first)).to.deep.equal({ recheck: false });
    expect(await registry.register('pub', inFlight(['b0:aa']))).to.deep.equal([]);
  });

  it('keeps publishers and queues apart', async () => {
    const first = inFlight(['b0:aa']);
    await registry.register('pub-1', first);
    expect(await registry.register('pub-2', inFlight(['b0:aa']))).to.deep.equal([]);
    expect(await new DuplicateRegistry(redis, uniqueName('other-queue')).register('pub-1', inFlight(['b0:aa']))).to.deep.equal([]);
  });

  it('passes a request to look again to the in-flight comment, and says when the comment was already released', async () => {
    const later = inFlight(['b0:aa']);
    await registry.register('pub', later);
    expect(await registry.askRecheck('pub', later.commentId)).to.equal('asked');
    expect(await registry.release('pub', later)).to.deep.equal({ recheck: true });
    expect(await registry.askRecheck('pub', later.commentId)).to.equal('released');
  });

  it('drops the entries of a worker that died before releasing them once their time is up', async () => {
    const short = new DuplicateRegistry(redis, uniqueName('registry-ttl'), { ttlMs: 100 });
    await short.register('pub', inFlight(['b0:aa']));
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await short.register('pub', inFlight(['b0:aa']))).to.deep.equal([]);
  });

  it('of any two concurrent near-copies, exactly one sees the other', async () => {
    const copies = Array.from({ length: 60 }, () => inFlight(['b0:wave', `b1:${Math.random()}`]));
    const clients = Array.from({ length: 4 }, () => new Redis(redis.options));
    try {
      const seen = await Promise.all(copies.map((copy, i) => new DuplicateRegistry(clients[i % 4]!, queueName).register('pub', copy)));
      const pairs = new Set<string>();
      seen.forEach((others, i) => others.forEach((other) => pairs.add([copies[i]!.commentId, other.commentId].sort().join('|'))));
      const sightings = seen.reduce((sum, others) => sum + others.length, 0);
      expect(pairs.size).to.equal((60 * 59) / 2);
      expect(sightings).to.equal(pairs.size);
    } finally {
      for (const client of clients) client.disconnect();
    }
  });
});

