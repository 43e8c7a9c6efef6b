import { createTestDatabase, sharedMongo, uniqueName, type TestDatabase } from '@moderato/testkit';
import { expect } from 'chai';
import { closeStorage, commentDocument, createCommentWriter, openStorage, saveAnalyzedComment, type AnalyzedComment, type Storage } from '../src/index.js';
import { buildAnalyzedComment } from './builders.js';

describe('comment writer: analyzed comments stored in shared bulk writes', () => {
  let database: TestDatabase;
  let storage: Storage;

  before(async () => {
    database = createTestDatabase(await sharedMongo(), 'storage-comment-writer');
    storage = await openStorage(database.uri);
  });

  after(async () => {
    await closeStorage(storage);
    await database.drop();
  });

  /** Counts the bulk writes `work` sends, with what each carried. */
  async function countingWrites<T>(work: () => Promise<T>, replace?: () => Promise<unknown>): Promise<{ result: T; writes: number }> {
    const collection = storage.models.comments.collection;
    const bulkWrite = collection.bulkWrite;
    let writes = 0;
    collection.bulkWrite = ((...args: Parameters<typeof bulkWrite>) => {
      writes += 1;
      return replace ? replace() : bulkWrite.apply(collection, args);
    }) as typeof bulkWrite;
    try {
      return { result: await work(), writes };
    } finally {
      collection.bulkWrite = bulkWrite;
    }
  }

  const stored = async (publisherId: string) =>
    storage.models.comments.collection.find({ publisherId }, { projection: { _id: 0 } }).sort({ commentId: 1 }).toArray();

  it('stores concurrent saves in one write, each exactly as saveAnalyzedComment stores it', async () => {
    const publisherId = uniqueName('pub');
    const comments = Array.from({ length: 20 }, (_, i) => buildAnalyzedComment({ publisherId, commentId: `w-${String(i).padStart(2, '0')}`, flags: i % 3 === 0 ? { spam: 0.9 } : {} }));
    const writer = createCommentWriter(storage);
    const { result, writes } = await countingWrites(() => Promise.all(comments.map((comment) => writer.save(comment))));
    expect(result.every((outcome) => outcome.created)).to.equal(true);
    expect(writes).to.equal(1);

    expect(await stored(publisherId)).to.deep.equal(comments.map(commentDocument));
    // The document saveAnalyzedComment writes, for one of them, stored alone.
    const alone = { ...comments[3]!, publisherId: uniqueName('pub') };
    await saveAnalyzedComment(storage, alone);
    expect(await stored(alone.publisherId)).to.deep.equal([commentDocument(alone)]);
  });

  it('leaves a stored comment as it is and says so; of the same comment twice in one write, one is created', async () => {
    const publisherId = uniqueName('pub');
    const first = buildAnalyzedComment({ publisherId, commentId: 'again', flags: { toxic: 0.8 } });
    const writer = createCommentWriter(storage);
    expect(await writer.save(first)).to.deep.equal({ created: true });
    const before = await stored(publisherId);
    expect(await writer.save({ ...first, text: 'a retried job, analyzed differently' })).to.deep.equal({ created: false });
    expect(await stored(publisherId)).to.deep.equal(before);

    const twice = buildAnalyzedComment({ publisherId, commentId: 'twice' });
    const outcomes = await Promise.all([writer.save(twice), writer.save(twice)]);
    expect(outcomes.map((outcome) => outcome.created).sort()).to.deep.equal([false, true]);
  });

  it('sends saves asked for during a write together in the next one, and splits a long queue', async () => {
    const publisherId = uniqueName('pub');
    const writer = createCommentWriter(storage, 4);
    const { writes } = await countingWrites(async () => {
      const first = writer.save(buildAnalyzedComment({ publisherId }));
      // Asked for on later turns of the event loop, while the first write is on its way.
      await new Promise((resolve) => setImmediate(resolve));
      const later = Array.from({ length: 6 }, () => writer.save(buildAnalyzedComment({ publisherId })));
      return Promise.all([first, ...later]);
    });
    expect(writes).to.equal(3);
    expect(await stored(publisherId)).to.have.length(7);
  });

  it('fails only the saves whose own operation failed, and all of them when the write failed whole', async () => {
    const publisherId = uniqueName('pub');
    const writer = createCommentWriter(storage);
    const three = Array.from({ length: 3 }, () => buildAnalyzedComment({ publisherId }));
    const partial = { writeErrors: [{ index: 1, code: 11000, errmsg: 'E11000 duplicate key error' }], result: { upsertedIds: { 0: 'id-0' } } };
    const { result } = await countingWrites(
      () => Promise.allSettled(three.map((comment) => writer.save(comment))),
      () => Promise.reject(Object.assign(new Error('bulk write failed in part'), partial)),
    );
    expect(result.map((outcome) => outcome.status)).to.deep.equal(['fulfilled', 'rejected', 'fulfilled']);
    expect(result.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value.created : (outcome.reason as { code: number }).code))).to.deep.equal([true, 11000, false]);

    const down = await countingWrites(
      () => Promise.allSettled(three.map((comment) => writer.save(comment))),
      () => Promise.reject(new Error('connection closed')),
    );
    expect(down.result.map((outcome) => outcome.status)).to.deep.equal(['rejected', 'rejected', 'rejected']);
    // A comment whose document cannot be built fails alone; the others in its write are stored.
    const broken = { ...buildAnalyzedComment({ publisherId }), analysis: undefined } as unknown as AnalyzedComment;
    const fine = buildAnalyzedComment({ publisherId });
    const mixed = await Promise.allSettled([writer.save(broken), writer.save(fine)]);
    expect(mixed.map((outcome) => outcome.status)).to.deep.equal(['rejected', 'fulfilled']);
    // The writer goes on: the next saves are written.
    expect(await Promise.all(three.map((comment) => writer.save(comment)))).to.deep.equal([{ created: true }, { created: true }, { created: true }]);
  });
});
