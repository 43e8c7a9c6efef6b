import { createTestDatabase, sharedMongo, type TestDatabase } from '@moderato/testkit';
import { expect } from 'chai';
import { closeStorage, decideComment, findCommentDetail, openStorage, type Storage } from '../src/index.js';
import { at, createTestPublisher, saveComments } from './builders.js';

describe('the author’s record in a comment’s detail', () => {
  let database: TestDatabase;
  let storage: Storage;

  before(async () => {
    database = createTestDatabase(await sharedMongo(), 'storage-author-record');
    storage = await openStorage(database.uri);
  });

  after(async () => {
    await closeStorage(storage);
    await database.drop();
  });

  it('counts the author’s other comments by status and by flag kind', async () => {
    const publisherId = await createTestPublisher(storage);
    const authorId = 'u-record';
    await saveComments(storage, [
      { publisherId, authorId, commentId: 'r1', createdAt: at(1), flags: { toxic: 0.9, negative: 0.7 } },
      { publisherId, authorId, commentId: 'r2', createdAt: at(2), flags: { toxic: 0.8 } },
      { publisherId, authorId, commentId: 'r3', createdAt: at(3), flags: { spam: 0.99 }, status: 'rejected' },
      { publisherId, authorId, commentId: 'r4', createdAt: at(4) },
      { publisherId, authorId, commentId: 'this', createdAt: at(5), flags: { spam: 0.7 } },
      { publisherId, authorId: 'someone-else', commentId: 'x', createdAt: at(6), flags: { toxic: 0.9 } },
    ]);
    await decideComment(storage, { publisherId, commentId: 'r1', action: 'reject', decidedBy: 'k1' });
    const detail = await findCommentDetail(storage, publisherId, 'this');
    expect(detail?.authorHistory.counts).to.deep.equal({ approved: 1, pending: 1, rejected: 2 });
    // This comment's own spam flag is not part of the author's record.
    expect(detail?.authorHistory.flagCounts).to.deep.equal({ spam: 1, duplicate: 0, negative: 1, toxic: 2, unsupported_language: 0, policy: 0 });
  });
});
