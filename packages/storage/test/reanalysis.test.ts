import { createTestDatabase, sharedMongo, uniqueName, type TestDatabase } from '@moderato/testkit';
import { expect } from 'chai';
import {
  closeStorage, countUndecidedForReanalysis, listUndecidedForReanalysis, openStorage, type ReanalysisFilter, type ReanalysisPosition, type Storage,
} from '../src/index.js';
import { at, saveComments } from './builders.js';

describe('reanalysis repository: paging through undecided comments', () => {
  let database: TestDatabase;
  let storage: Storage;
  let publisherId: string;

  before(async () => {
    database = createTestDatabase(await sharedMongo(), 'storage-reanalysis');
    storage = await openStorage(database.uri);
    publisherId = uniqueName('pub');
    // b1 and b2 share a time: the comment id orders them. d1 was decided; x1 is another publisher's.
    await saveComments(storage, [
      { publisherId, commentId: 'c3', articleId: 'a', createdAt: at(30), status: 'rejected', flags: { toxic: 0.99 } },
      { publisherId, commentId: 'b2', articleId: 'b', createdAt: at(20), flags: { spam: 0.7 } },
      { publisherId, commentId: 'b1', articleId: 'a', createdAt: at(20) },
      { publisherId, commentId: 'a1', articleId: 'a', createdAt: at(10) },
      { publisherId, commentId: 'd1', articleId: 'a', createdAt: at(15) },
      { publisherId: uniqueName('other'), commentId: 'x1', articleId: 'a', createdAt: at(12) },
    ]);
    await storage.models.comments.updateOne({ publisherId, commentId: 'd1' }, { $set: { decision: { action: 'approve', decidedBy: 'k1', decidedAt: new Date() } } });
  });

  after(async () => {
    await closeStorage(storage);
    await database.drop();
  });

  /** Every comment id, page by page of `limit`. */
  async function pageThrough(filter: ReanalysisFilter, limit: number): Promise<string[][]> {
    const pages: string[][] = [];
    let after: ReanalysisPosition | undefined;
    for (;;) {
      const page = await listUndecidedForReanalysis(storage, publisherId, filter, { limit, ...(after && { after }) });
      pages.push(page.comments.map((comment) => comment.commentId));
      if (!page.next) return pages;
      after = page.next;
    }
  }

  it('pages through every undecided comment, whatever its status, oldest first with the id breaking ties', async () => {
    expect(await pageThrough({}, 2)).to.deep.equal([['a1', 'b1'], ['b2', 'c3']]);
    expect(await pageThrough({}, 3)).to.deep.equal([['a1', 'b1', 'b2'], ['c3']]);
    expect(await countUndecidedForReanalysis(storage, publisherId, {})).to.equal(4);
  });

  it('reads what the analysis needs, as findCommentForAnalysis does', async () => {
    const { comments } = await listUndecidedForReanalysis(storage, publisherId, {}, { limit: 1 });
    expect(comments[0]).to.deep.include({ commentId: 'a1', articleId: 'a', createdAt: at(10), decided: false });
    expect(comments[0]!.fingerprint.bands).to.have.length.greaterThan(0);
  });

  it('keeps to one article and to [from, to)', async () => {
    expect(await pageThrough({ articleId: 'a' }, 10)).to.deep.equal([['a1', 'b1', 'c3']]);
    expect(await pageThrough({ from: at(20), to: at(30) }, 1)).to.deep.equal([['b1'], ['b2']]);
    expect(await countUndecidedForReanalysis(storage, publisherId, { articleId: 'a', from: at(11) })).to.equal(2);
  });

  it('treats request values as values, never as operators', async () => {
    // Under { $eq } an object is a value to compare, which mongoose refuses to cast: never a match-everything $ne.
    const filter = { articleId: { $ne: 'nothing' } as unknown as string };
    const counted = await countUndecidedForReanalysis(storage, publisherId, filter).catch((error: Error) => error.name);
    expect(counted).to.equal('CastError');
  });

  it('refuses a page size out of range', async () => {
    for (const limit of [0, 1.5, 1_001]) {
      await listUndecidedForReanalysis(storage, publisherId, {}, { limit }).then(
        () => expect.fail(`limit ${limit} was accepted`),
        (error: unknown) => expect(error).to.be.instanceOf(RangeError),
      );
    }
  });
});
