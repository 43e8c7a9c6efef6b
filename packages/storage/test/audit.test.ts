import { createTestDatabase, sharedMongo, type TestDatabase } from '@moderato/testkit';
import { expect } from 'chai';
import { closeStorage, decideComment, listAuditEntries, openStorage, replacePublisherPolicy, setAuthorStanding, type Storage } from '../src/index.js';
import { createTestPublisher, saveComments } from './builders.js';

describe('storage: the audit log', () => {
  let database: TestDatabase;
  let storage: Storage;

  before(async () => {
    database = createTestDatabase(await sharedMongo(), 'storage-audit');
    storage = await openStorage(database.uri);
  });

  after(async () => {
    await closeStorage(storage);
    await database.drop();
  });

  it('records changes made without an API request too: the command line, and a caller that names only the key id', async () => {
    const publisherId = await createTestPublisher(storage);
    await saveComments(storage, [{ publisherId, commentId: 'c-1', flags: { toxic: 0.7 } }]);
    await replacePublisherPolicy(storage, { publisherId, overrides: { audit: { retentionDays: 7 } }, changedBy: { cli: true } });
    await setAuthorStanding(storage, { publisherId, authorId: 'u-1', standing: 'trusted', changedBy: { keyId: 'key-b', label: 'Sam' } });
    await decideComment(storage, { publisherId, commentId: 'c-1', action: 'approve', decidedBy: 'key-a' });
    const { items, next } = await listAuditEntries(storage, publisherId, { limit: 10 });
    expect(next).to.equal(null);
    expect(items.map((entry) => [entry.action, entry.actor])).to.deep.equal([
      ['comment.decided', { keyId: 'key-a', label: null, role: null }],
      ['author.standing_changed', { keyId: 'key-b', label: 'Sam', role: null }],
      ['policy.replaced', { keyId: null, label: 'moderato command line', role: null }],
    ]);
    // The retention set by the policy replacement already applies to the entry that records it.
    const stored = await storage.models.auditEntries.find({ publisherId: { $eq: publisherId } }).lean();
    for (const doc of stored) expect(doc.expiresAt.getTime() - doc.at.getTime()).to.equal(7 * 86_400_000);
  });

  it('keeps entries with a TTL index on expiresAt, and every other index starts with publisherId', async () => {
    const indexes = await storage.models.auditEntries.listIndexes();
    const ttl = indexes.filter((index) => index.expireAfterSeconds !== undefined);
    expect(ttl.map((index) => [index.key, index.expireAfterSeconds])).to.deep.equal([[{ expiresAt: 1 }, 0]]);
    for (const index of indexes.filter((each) => each.name !== '_id_' && each.expireAfterSeconds === undefined)) {
      expect(Object.keys(index.key)[0], index.name).to.equal('publisherId');
    }
  });
});
