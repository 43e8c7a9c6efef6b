import { createTestDatabase, sharedMongo, type TestDatabase } from '@moderato/testkit';
import { expect } from 'chai';
import { closeStorage, createApiKey, decideComment, moderationOverview, openStorage, type Storage } from '../src/index.js';
import { at, createTestPublisher, saveComments, type CommentSpec } from './builders.js';

describe('moderation overview repository', () => {
  let database: TestDatabase;
  let storage: Storage;

  before(async () => {
    database = createTestDatabase(await sharedMongo(), 'storage-overview');
    storage = await openStorage(database.uri);
  });

  after(async () => {
    await closeStorage(storage);
    await database.drop();
  });

  /** The builders receive a comment 1 s after its createdAt; `seconds` later, the key decides it. */
  async function decide(publisherId: string, commentId: string, createdMinute: number, keyId: string, action: 'approve' | 'reject', seconds: number): Promise<void> {
    const now = new Date(at(createdMinute).getTime() + 1_000 + seconds * 1_000);
    const result = await decideComment(storage, { publisherId, commentId, action, decidedBy: keyId, now });
    expect(result.outcome, commentId).to.equal('decided');
  }

  it('counts what came in, what became of it, and what moderators decided, how fast and how often each flag was upheld', async () => {
    const publisherId = await createTestPublisher(storage);
    const other = await createTestPublisher(storage);
    const anna = (await createApiKey(storage, { publisherId, role: 'moderator', label: 'Anna' })).keyId;
    const ben = (await createApiKey(storage, { publisherId, role: 'moderator' })).keyId;
    const spec = (commentId: string, minute: number, extra: Partial<CommentSpec> = {}): CommentSpec => ({ publisherId, commentId, createdAt: at(minute), ...extra });
    await saveComments(storage, [
      spec('t1', 10, { flags: { toxic: 0.9 } }),
      spec('t2', 20, { flags: { toxic: 0.8, negative: 0.6 } }),
      spec('t3', 30, { flags: { toxic: 0.7 } }),
      spec('s1', 40, { flags: { spam: 0.7 } }),
      spec('n1', 50, { flags: { negative: 0.5 } }),
      spec('p1', 60, { flags: { spam: 0.6 } }),
      spec('a1', 70),
      spec('a2', 80),
      spec('r1', 90, { flags: { spam: 0.99 }, status: 'rejected' }),
      spec('d-late', 1_400, { flags: { toxic: 0.6 } }),
      // Outside the range [at(0), at(1440)): one decided in it, two still pending.
      spec('old1', -100, { flags: { toxic: 0.9 } }),
      spec('old2', -200, { flags: { spam: 0.6 } }),
      spec('late', 1_500, { flags: { toxic: 0.6 } }),
      { publisherId: other, commentId: 'elsewhere', createdAt: at(15), flags: { toxic: 0.9 } },
    ]);
    await decide(publisherId, 't1', 10, anna, 'reject', 60);
    await decide(publisherId, 't2', 20, anna, 'reject', 120);
    await decide(publisherId, 't3', 30, ben, 'approve', 300);
    await decide(publisherId, 's1', 40, ben, 'reject', 30);
    await decide(publisherId, 'n1', 50, anna, 'approve', 600);
    await decide(publisherId, 'old1', -100, anna, 'reject', 11_999);
    await decide(publisherId, 'd-late', 1_400, ben, 'approve', 6_000); // decided after the range ends
    await decide(other, 'elsewhere', 15, anna, 'reject', 10);

    const overview = await moderationOverview(storage, publisherId, { from: at(0), to: at(1_440) });

    expect(overview.pendingNow).to.equal(3); // p1, old2, late
    // Created in the range: 10; settled by policy a1, a2 (approved) and r1 (rejected); by hand t3, n1, d-late / t1, t2, s1; p1 waits.
    expect(overview.received).to.deep.equal({ total: 10, byPolicy: { approved: 2, rejected: 1 }, byHand: { approved: 3, rejected: 3 }, pending: 1 });
    expect(overview.topFlags).to.deep.equal([{ kind: 'toxic', count: 4 }, { kind: 'spam', count: 3 }, { kind: 'negative', count: 2 }]);
    // Decided in the range: t1, t2, t3, s1, n1 and old1 (created before it); not d-late.
    expect(overview.decisions).to.deep.include({ total: 6, approved: 2, rejected: 4 });
    // Seconds 30, 60, 120, 300, 600, 11999: nearest rank ⌈0.5·6⌉ = 3rd and ⌈0.95·6⌉ = 6th.
    expect(overview.decisions.timeToDecision).to.deep.equal({ p50Seconds: 120, p95Seconds: 11_999 });
    expect(overview.decisions.moderators).to.deep.equal([
      { keyId: anna, label: 'Anna', total: 4, approved: 1, rejected: 3 },
      { keyId: ben, label: null, total: 2, approved: 1, rejected: 1 },
    ]);
    // toxic: t1, t2, old1 rejected, t3 approved; negative: t2 rejected, n1 approved; spam: s1 rejected.
    expect(overview.decisions.precision).to.deep.equal([
      { kind: 'toxic', decided: 4, rejected: 3, rejectedShare: 0.75 },
      { kind: 'negative', decided: 2, rejected: 1, rejectedShare: 0.5 },
      { kind: 'spam', decided: 1, rejected: 1, rejectedShare: 1 },
    ]);
  });

  it('answers zeros and nulls for a range without comments', async () => {
    const publisherId = await createTestPublisher(storage);
    const overview = await moderationOverview(storage, publisherId, { from: at(0), to: at(60) });
    expect(overview).to.deep.equal({
      from: at(0), to: at(60), pendingNow: 0,
      received: { total: 0, byPolicy: { approved: 0, rejected: 0 }, byHand: { approved: 0, rejected: 0 }, pending: 0 },
      topFlags: [],
      decisions: { total: 0, approved: 0, rejected: 0, timeToDecision: { p50Seconds: null, p95Seconds: null }, moderators: [], precision: [] },
    });
  });
});
