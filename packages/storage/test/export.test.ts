import { createTestDatabase, sharedMongo, type TestDatabase } from '@moderato/testkit';
import { expect } from 'chai';
import { closeStorage, exportComments, openStorage, type CommentExportQuery, type CommentExportRow, type Storage } from '../src/index.js';
import { at, createTestPublisher, saveComments } from './builders.js';

describe('comment export repository', () => {
  let database: TestDatabase;
  let storage: Storage;
  let publisherId: string;

  before(async () => {
    database = createTestDatabase(await sharedMongo(), 'storage-export');
    storage = await openStorage(database.uri);
    publisherId = await createTestPublisher(storage);
    await saveComments(storage, [
      { publisherId, commentId: 'x3', createdAt: at(2) },
      { publisherId, commentId: 'x1', createdAt: at(1), sentiment: { score: -0.5, label: 'negative' }, flags: { negative: 0.6 } },
      { publisherId, commentId: 'x2', createdAt: at(2), sentiment: null },
      { publisherId, commentId: 'dup', createdAt: at(2), flags: { duplicate: 0.98 }, duplicateOf: 'x2', status: 'approved' },
      { publisherId, commentId: 'x4', createdAt: at(3) },
      { publisherId, commentId: 'x5', createdAt: at(4) },
      { publisherId, commentId: 'out', createdAt: at(10) },
    ]);
  });

  after(async () => {
    await closeStorage(storage);
    await database.drop();
  });

  async function batches(query: Partial<CommentExportQuery>, size: number): Promise<CommentExportRow[][]> {
    const all: CommentExportRow[][] = [];
    for await (const batch of exportComments(storage, publisherId, { from: at(0), to: at(10), ...query }, size)) all.push(batch);
    return all;
  }
  const ids = (all: CommentExportRow[][]) => all.map((batch) => batch.map((row) => row.commentId));

  it('reads the range in batches of the given size, by createdAt then id, without spam and duplicates', async () => {
    expect(ids(await batches({}, 2))).to.deep.equal([['x1', 'x2'], ['x3', 'x4'], ['x5']]);
    expect(ids(await batches({}, 5))).to.deep.equal([['x1', 'x2', 'x3', 'x4', 'x5']]);
    expect(ids(await batches({ include: ['duplicate'] }, 3))).to.deep.equal([['x1', 'dup', 'x2'], ['x3', 'x4', 'x5']]);
    const [[first, second]] = (await batches({}, 2)) as [CommentExportRow[]];
    expect(first).to.deep.equal({
      commentId: 'x1', articleId: 'article-1', authorId: first!.authorId, createdAt: at(1), sentiment: { label: 'negative', score: -0.5 },
      flags: ['negative'], status: 'pending', analysisVersion: 'test-1',
    });
    expect(second!.sentiment).to.equal(null);
  });

  it('resumes strictly after a position, between rows of the same instant', async () => {
    expect(ids(await batches({ after: { createdAt: at(2), commentId: 'x2' } }, 2))).to.deep.equal([['x3', 'x4'], ['x5']]);
    expect(ids(await batches({ after: { createdAt: at(4), commentId: 'x5' } }, 2))).to.deep.equal([]);
  });
});
