import { expect } from 'chai';
import request from 'supertest';
import { CLAIM_LEASE_SECONDS, createApiKey } from '@moderato/storage';
import { claimInTurnAfterReading } from '../../../packages/storage/test/claim-race.js';
import { at, createTenant, saveComments, startHarness, type Harness, type Tenant } from './harness.js';

describe('moderation API: claims (POST /v1/queue/claim, /v1/queue/release)', () => {
  let harness: Harness;

  before(async () => {
    harness = await startHarness('modapi-claims');
  });

  after(() => harness.stop());

  /** A publisher with `count` held comments q-00…, oldest first, and two moderator keys with labels. */
  async function desk(count: number): Promise<{ tenant: Tenant; anna: string; ben: string; annaKeyId: string; ids: string[] }> {
    const tenant = await createTenant(harness.storage);
    const ids = Array.from({ length: count }, (_, index) => `q-${String(index).padStart(2, '0')}`);
    await saveComments(harness.storage, ids.map((commentId, index) => ({ publisherId: tenant.publisherId, commentId, flags: { toxic: 0.5 + index / 100 }, createdAt: at(index) })));
    const anna = await createApiKey(harness.storage, { publisherId: tenant.publisherId, role: 'moderator', label: 'Anna' });
    const ben = await createApiKey(harness.storage, { publisherId: tenant.publisherId, role: 'moderator', label: 'Ben' });
    return { tenant, anna: `Bearer ${anna.key}`, ben: `Bearer ${ben.key}`, annaKeyId: anna.keyId, ids };
  }

  const claim = (auth: string, body?: object) => request(harness.app).post('/v1/queue/claim').set('Authorization', auth).send(body);
  const queue = (auth: string, query = '') => request(harness.app).get(`/v1/queue${query}`).set('Authorization', auth);
  const ids = (items: Array<{ commentId: string }>) => items.map((item) => item.commentId);

  it('leases the next items to the calling key, says until when, and hides them from other keys’ queue', async () => {
    const { anna, ben, annaKeyId, ids: all } = await desk(5);
    const before = Date.now();
    const res = await claim(anna, { limit: 2 });
    expect(res.status).to.equal(200);
    expect(ids(res.body.items)).to.deep.equal(['q-00', 'q-01']);
    expect(res.body.refused).to.deep.equal([]);
    expect(res.body.leaseSeconds).to.equal(CLAIM_LEASE_SECONDS);
    const until = Date.parse(res.body.leasedUntil);
    expect(until).to.be.within(before + CLAIM_LEASE_SECONDS * 1_000, Date.now() + CLAIM_LEASE_SECONDS * 1_000);
    expect(res.body.items[0].claim).to.deep.equal({ keyId: annaKeyId, label: 'Anna', until: res.body.leasedUntil });

    expect(ids((await queue(ben)).body.items)).to.deep.equal(all.slice(2));
    const everything = await queue(ben, '?includeClaimed=true');
    expect(ids(everything.body.items)).to.deep.equal(all);
    expect(everything.body.items[0].claim.label).to.equal('Anna');
    expect(everything.body.items[2].claim).to.equal(null);
    // The holder still sees its own leased items.
    expect(ids((await queue(anna)).body.items)).to.deep.equal(all);
    // The next claim by another key takes the next free items, in the order asked.
    expect(ids((await claim(ben, { limit: 2, sort: 'newest' })).body.items)).to.deep.equal(['q-04', 'q-03']);
  });

  it('renews by claiming again, with the same items first', async () => {
    const { anna } = await desk(3);
    const first = await claim(anna, { limit: 2 });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const again = await claim(anna, { limit: 2 });
    expect(ids(again.body.items)).to.deep.equal(ids(first.body.items));
    expect(Date.parse(again.body.leasedUntil)).to.be.greaterThan(Date.parse(first.body.leasedUntil));
    const renewed = await claim(anna, { commentIds: ['q-01'] });
    expect(ids(renewed.body.items)).to.deep.equal(['q-01']);
  });

  it('leases the ids a page shows, and says why the others were not', async () => {
    const { tenant, anna, ben } = await desk(3);
    await claim(ben, { commentIds: ['q-01'] });
    await request(harness.app).post('/v1/comments/q-02/decision').set('Authorization', tenant.auth.admin).send({ action: 'approve' });
    const res = await claim(anna, { commentIds: ['q-02', 'q-00', 'nobody', 'q-01'] });
    expect(res.status).to.equal(200);
    expect(ids(res.body.items)).to.deep.equal(['q-00']);
    expect(res.body.refused.map((item: { commentId: string; reason: string }) => [item.commentId, item.reason])).to.deep.equal([
      ['q-02', 'not_awaiting_review'], ['nobody', 'not_found'], ['q-01', 'claimed_by_other'],
    ]);
    expect(res.body.refused[2].claim.label).to.equal('Ben');
  });

  it('never leases one item to two keys claiming at once', async () => {
    const { tenant, ids: all } = await desk(12);
    const keys = await Promise.all(['A', 'B', 'C'].map((label) => createApiKey(harness.storage, { publisherId: tenant.publisherId, role: 'moderator', label })));
    const answers = await Promise.all(keys.map(({ key }) => claim(`Bearer ${key}`, { limit: 4 })));
    const leased = answers.flatMap((res) => ids(res.body.items));
    expect(answers.map((res) => res.body.items.length)).to.deep.equal([4, 4, 4]);
    expect([...leased].sort()).to.deep.equal(all);
    // Each item is stored as leased to the key whose answer holds it.
    for (const [index, res] of answers.entries()) {
      const stored = await harness.storage.models.comments.find({ publisherId: tenant.publisherId, commentId: { $in: ids(res.body.items) } }, { claim: 1 }).lean();
      expect(stored.map((doc) => doc.claim?.keyId)).to.deep.equal(Array(4).fill(keys[index]!.keyId));
    }
  });

  it('never leases one item to two keys that all read it free before any of them wrote', async () => {
    const { tenant, ids: all } = await desk(12);
    const keys = await Promise.all(['A', 'B', 'C'].map((label) => createApiKey(harness.storage, { publisherId: tenant.publisherId, role: 'moderator', label })));
    const answers = await claimInTurnAfterReading(harness.storage, keys.map(({ key, keyId }) => ({
      keyId,
      claim: async () => claim(`Bearer ${key}`, { limit: 4 }),
    })));
    // B's and C's first writes found the items they had read free already taken, so they leased the next free ones.
    expect(answers.map((res) => ids(res.body.items))).to.deep.equal([all.slice(0, 4), all.slice(4, 8), all.slice(8)]);
    const stored = await harness.storage.models.comments.find({ publisherId: tenant.publisherId }, { commentId: 1, claim: 1 }).sort({ commentId: 1 }).lean();
    expect(stored.map((doc) => doc.claim?.keyId)).to.deep.equal(keys.flatMap(({ keyId }) => Array(4).fill(keyId)));
  });

  it('never leases one id to two keys claiming the same ids at once', async () => {
    const { tenant, ids: all } = await desk(6);
    const keys = await Promise.all(['A', 'B', 'C', 'D', 'E'].map((label) => createApiKey(harness.storage, { publisherId: tenant.publisherId, role: 'moderator', label })));
    for (let round = 0; round < 3; round++) {
      await harness.storage.models.comments.updateMany({ publisherId: tenant.publisherId }, { $set: { claim: null } });
      const answers = await Promise.all(keys.map(({ key }) => claim(`Bearer ${key}`, { commentIds: all })));
      const leased = answers.flatMap((res) => ids(res.body.items));
      expect([...leased].sort(), `round ${round}`).to.deep.equal(all);
      for (const [index, res] of answers.entries()) {
        expect(res.body.items.length + res.body.refused.length).to.equal(all.length);
        // What an answer says is leased to its key is stored so after every claim has finished: none was taken over.
        const stored = await harness.storage.models.comments.find({ publisherId: tenant.publisherId, commentId: { $in: ids(res.body.items) } }, { claim: 1 }).lean();
        expect(stored.map((doc) => doc.claim?.keyId), `round ${round}`).to.deep.equal(Array(res.body.items.length).fill(keys[index]!.keyId));
      }
    }
  });

  it('is released by a decision; a decision on another key’s lease stands and says whose lease it ended', async () => {
    const { anna, ben, annaKeyId } = await desk(3);
    await claim(anna, { commentIds: ['q-00', 'q-01'] });
    const mine = await request(harness.app).post('/v1/comments/q-00/decision').set('Authorization', anna).send({ action: 'approve' });
    expect(mine.status).to.equal(200);
    expect(mine.body).to.not.have.property('overriddenClaim');
    const theirs = await request(harness.app).post('/v1/comments/q-01/decision').set('Authorization', ben).send({ action: 'reject' });
    expect(theirs.status).to.equal(200);
    expect(theirs.body.overriddenClaim).to.include({ keyId: annaKeyId, label: 'Anna' });
    const stored = await harness.storage.models.comments.findOne({ commentId: 'q-01', 'decision.action': 'reject' }, { claim: 1 }).lean();
    expect(stored?.claim).to.equal(null);
  });

  it('a bulk decision names the leases it ended, per item', async () => {
    const { anna, ben } = await desk(2);
    await claim(anna, { commentIds: ['q-00'] });
    const res = await request(harness.app).post('/v1/decisions').set('Authorization', ben).send({ commentIds: ['q-00', 'q-01'], action: 'approve' });
    expect(res.body.results[0].overriddenClaim.label).to.equal('Anna');
    expect(res.body.results[1]).to.not.have.property('overriddenClaim');
  });

  it('frees items whose lease ran out for other keys', async () => {
    const { tenant, anna, ben } = await desk(2);
    await claim(anna, { limit: 2 });
    expect(ids((await queue(ben)).body.items)).to.deep.equal([]);
    await harness.storage.models.comments.updateMany({ publisherId: tenant.publisherId }, { $set: { 'claim.until': new Date(Date.now() - 1_000) } });
    expect(ids((await queue(ben)).body.items)).to.deep.equal(['q-00', 'q-01']);
    expect((await queue(ben)).body.items[0].claim).to.equal(null);
    expect(ids((await claim(ben, { limit: 5 })).body.items)).to.deep.equal(['q-00', 'q-01']);
  });

  it('releases this key’s leases, some or all', async () => {
    const { anna, ben } = await desk(3);
    await claim(anna, { limit: 3 });
    const some = await request(harness.app).post('/v1/queue/release').set('Authorization', anna).send({ commentIds: ['q-00'] });
    expect(some.body).to.deep.equal({ released: 1 });
    expect(ids((await queue(ben)).body.items)).to.deep.equal(['q-00']);
    // Another key cannot release Anna's leases.
    expect((await request(harness.app).post('/v1/queue/release').set('Authorization', ben).send({})).body).to.deep.equal({ released: 0 });
    expect((await request(harness.app).post('/v1/queue/release').set('Authorization', anna)).body).to.deep.equal({ released: 2 });
    expect(ids((await queue(ben)).body.items)).to.deep.equal(['q-00', 'q-01', 'q-02']);
  });

  it('validates the body and the roles', async () => {
    const { tenant, anna } = await desk(1);
    for (const body of [{ limit: 0 }, { limit: 101 }, { commentIds: [] }, { commentIds: ['a', 'a'] }, { commentIds: ['a'], limit: 2 }, { flags: ['nonsense'] }, { extra: 1 }, { commentIds: Array(101).fill(0).map((_, i) => `c${i}`) }]) {
      const res = await claim(anna, body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).to.equal(400);
      expect(res.type).to.equal('application/problem+json');
    }
    expect((await claim(tenant.auth.analyst, {})).status).to.equal(403);
    expect((await queue(anna, '?includeClaimed=yes')).status).to.equal(400);
    // Another publisher's ids answer not_found.
    const other = await createTenant(harness.storage);
    expect((await claim(other.auth.moderator, { commentIds: ['q-00'] })).body.refused[0].reason).to.equal('not_found');
  });
});
