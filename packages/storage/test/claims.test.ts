import { createTestDatabase, sharedMongo, uniqueName, type TestDatabase } from '@moderato/testkit';
import { expect } from 'chai';
import {
  CLAIM_LEASE_SECONDS, claimNextQueueItems, claimQueueItems, closeStorage, decideComment, listReviewQueue, openStorage, releaseClaims, type Storage,
} from '../src/index.js';
import { at, saveComments } from './builders.js';
import { claimInTurnAfterReading } from './claim-race.js';

describe('claims repository', () => {
  let database: TestDatabase;
  let storage: Storage;

  before(async () => {
    database = createTestDatabase(await sharedMongo(), 'storage-claims');
    storage = await openStorage(database.uri);
  });

  after(async () => {
    await closeStorage(storage);
    await database.drop();
  });

  const anna = { keyId: 'k-anna', label: 'Anna' };
  const ben = { keyId: 'k-ben', label: null };
  const ids = (items: Array<{ commentId: string }>) => items.map((item) => item.commentId);

  async function heldComments(count: number): Promise<string> {
    const publisherId = uniqueName('pub');
    await saveComments(storage, Array.from({ length: count }, (_, index) => ({ publisherId, commentId: `h${index}`, flags: { spam: 0.6 }, createdAt: at(index) })));
    return publisherId;
  }

  it('leases the next free items for CLAIM_LEASE_SECONDS, skipping others’ running leases', async () => {
    const publisherId = await heldComments(4);
    const now = at(100);
    const first = await claimNextQueueItems(storage, { publisherId, claimant: anna, limit: 3, sort: 'oldest', now });
    expect(ids(first.items)).to.deep.equal(['h0', 'h1', 'h2']);
    expect(first.leasedUntil).to.deep.equal(new Date(now.getTime() + CLAIM_LEASE_SECONDS * 1_000));
    expect(first.items[1]!.claim).to.deep.equal({ keyId: 'k-anna', label: 'Anna', until: first.leasedUntil });
    const second = await claimNextQueueItems(storage, { publisherId, claimant: ben, limit: 3, sort: 'oldest', now });
    expect(ids(second.items)).to.deep.equal(['h3']);
    expect(ids((await listReviewQueue(storage, publisherId, { sort: 'oldest', limit: 10, viewerKeyId: 'k-ben', now })).items)).to.deep.equal(['h3']);
    // Once Anna's leases have run out, they are Ben's to take.
    const later = new Date(first.leasedUntil.getTime() + 1);
    expect(ids((await claimNextQueueItems(storage, { publisherId, claimant: ben, limit: 10, sort: 'oldest', now: later })).items)).to.deep.equal(['h0', 'h1', 'h2', 'h3']);
  });

  it('gives each item to one of two claims made at once', async () => {
    const publisherId = await heldComments(6);
    const [a, b] = await Promise.all([anna, ben].map((claimant) => claimNextQueueItems(storage, { publisherId, claimant, limit: 3, sort: 'oldest' })));
    expect([...ids(a!.items), ...ids(b!.items)].sort()).to.deep.equal(['h0', 'h1', 'h2', 'h3', 'h4', 'h5']);
  });

  it('leaves items that claims made at once all read free to the claim that writes first; the others take the next', async () => {
    const publisherId = await heldComments(9);
    const claimants = [anna, ben, { keyId: 'k-cleo', label: 'Cleo' }];
    const answers = await claimInTurnAfterReading(storage, claimants.map((claimant) => ({
      keyId: claimant.keyId,
      claim: () => claimNextQueueItems(storage, { publisherId, claimant, limit: 3, sort: 'oldest' }),
    })));
    expect(answers.map((answer) => ids(answer.items))).to.deep.equal([['h0', 'h1', 'h2'], ['h3', 'h4', 'h5'], ['h6', 'h7', 'h8']]);
    // What each answer holds is stored as its key's lease once every claim is done: no later write took it over.
    const stored = await storage.models.comments.find({ publisherId }, { commentId: 1, claim: 1 }).sort({ commentId: 1 }).lean();
    expect(stored.map((doc) => doc.claim?.keyId)).to.deep.equal(claimants.flatMap((claimant) => Array(3).fill(claimant.keyId)));
  });

  it('refuses ids another key holds, and frees them on a decision or a release', async () => {
    const publisherId = await heldComments(3);
    await claimQueueItems(storage, { publisherId, claimant: anna, commentIds: ['h0', 'h1'] });
    const refused = await claimQueueItems(storage, { publisherId, claimant: ben, commentIds: ['h0', 'h2'] });
    expect(ids(refused.items)).to.deep.equal(['h2']);
    expect(refused.refused).to.have.length(1);
    expect(refused.refused[0]).to.deep.include({ commentId: 'h0', reason: 'claimed_by_other' });
    expect(refused.refused[0]!.claim?.keyId).to.equal('k-anna');

    const decided = await decideComment(storage, { publisherId, commentId: 'h0', action: 'reject', decidedBy: 'k-ben' });
    expect(decided.outcome === 'decided' && decided.overriddenClaim?.keyId).to.equal('k-anna');
    expect(await releaseClaims(storage, { publisherId, keyId: 'k-ben' })).to.equal(1);
    expect(await releaseClaims(storage, { publisherId, keyId: 'k-anna' })).to.equal(1);
    expect(ids((await listReviewQueue(storage, publisherId, { sort: 'oldest', limit: 10, viewerKeyId: 'k-other' })).items)).to.deep.equal(['h1', 'h2']);
  });
});
