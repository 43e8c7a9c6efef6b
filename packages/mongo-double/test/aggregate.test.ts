import { expect } from 'chai';
import type { ClientSession, Document } from 'mongodb';
import { comment, commandNames, cursorId, expectServerError, minutesAfterBase, numberedDocs, useTestDatabase } from './support.js';

describe('mongo-double conformance: aggregate', function () {
  const suite = useTestDatabase('aggregate');
  let comments: string;

  // Scores per article, with times spread over two days, as the sentiment statistics see them.
  const fixtures = [
    comment({ articleId: 'a', score: 0.5, tags: ['x', 'y'], createdAt: minutesAfterBase(5) }),
    comment({ articleId: 'a', score: -0.5, tags: ['y'], createdAt: minutesAfterBase(50) }),
    comment({ articleId: 'a', score: 1, tags: [], createdAt: minutesAfterBase(70) }),
    comment({ articleId: 'b', score: 0.25, tags: ['x'], createdAt: minutesAfterBase(24 * 60 + 10) }),
    comment({ articleId: 'c', score: -1, tags: ['z'], createdAt: minutesAfterBase(24 * 60 + 20) }),
  ];

  before(async function () {
    comments = suite.freshName('comments');
    await suite.collection(comments).insertMany(fixtures);
  });

  const aggregate = (pipeline: Document[]) => suite.collection(comments).aggregate(pipeline).toArray();

  it('$match, $group with $sum, $avg, $min, $max and $push, then $sort', async function () {
    const result = await aggregate([
      { $match: { articleId: { $in: ['a', 'b'] } } },
      // $push keeps the order documents reach $group in; only a $sort makes that order defined.
      { $sort: { createdAt: 1 } },
      {
        $group: {
          _id: '$articleId',
          count: { $sum: 1 },
          total: { $sum: '$score' },
          mean: { $avg: '$score' },
          lowest: { $min: '$score' },
          highest: { $max: '$score' },
          scores: { $push: '$score' },
        },
      },
      { $sort: { _id: 1 } },
    ]);
    expect(result).to.deep.equal([
      { _id: 'a', count: 3, total: 1, mean: 1 / 3, lowest: -0.5, highest: 1, scores: [0.5, -0.5, 1] },
      { _id: 'b', count: 1, total: 0.25, mean: 0.25, lowest: 0.25, highest: 0.25, scores: [0.25] },
    ]);
  });

  it('$group by null totals the whole collection; $sum ignores non-numbers, $avg ignores missing values', async function () {
    const name = suite.freshName();
    await suite.collection(name).insertMany([{ v: 2 }, { v: 'text' }, { v: 4 }, {}]);
    const result = await suite.db
      .collection(name)
      .aggregate([{ $group: { _id: null, sum: { $sum: '$v' }, avg: { $avg: '$v' }, docs: { $sum: 1 } } }])
      .toArray();
    expect(result).to.deep.equal([{ _id: null, sum: 6, avg: 3, docs: 4 }]);
  });

  it('$project computes and renames fields; $sort, $skip and $limit page the result', async function () {
    const result = await aggregate([
      { $sort: { score: -1 } },
      { $skip: 1 },
      { $limit: 2 },
      { $project: { _id: 0, article: '$articleId', positive: { $gt: ['$score', 0] } } },
    ]);
    expect(result).to.deep.equal([
      { article: 'a', positive: true },
      { article: 'b', positive: true },
    ]);
  });

  it('$unwind emits one document per array element and drops empty arrays', async function () {
    const result = await aggregate([
      { $unwind: '$tags' },
      { $group: { _id: '$tags', n: { $sum: 1 } } },
      { $sort: { _id: 1 } },
    ]);
    expect(result).to.deep.equal([
      { _id: 'x', n: 2 },
      { _id: 'y', n: 2 },
      { _id: 'z', n: 1 },
    ]);
    const kept = await aggregate([{ $unwind: { path: '$tags', preserveNullAndEmptyArrays: true } }, { $count: 'rows' }]);
    expect(kept).to.deep.equal([{ rows: 6 }]);
  });

  it('$count names the count field, and yields nothing when no document reaches it', async function () {
    expect(await aggregate([{ $match: { score: { $lt: 0 } } }, { $count: 'negative' }])).to.deep.equal([{ negative: 2 }]);
    expect(await aggregate([{ $match: { score: 42 } }, { $count: 'none' }])).to.deep.equal([]);
  });

  it('$dateTrunc buckets by hour', async function () {
    const result = await aggregate([
      { $match: { articleId: 'a' } },
      { $group: { _id: { $dateTrunc: { date: '$createdAt', unit: 'hour' } }, n: { $sum: 1 } } },
      { $sort: { _id: 1 } },
    ]);
    expect(result).to.deep.equal([
      { _id: minutesAfterBase(0), n: 2 },
      { _id: minutesAfterBase(60), n: 1 },
    ]);
  });

  it('$dateTrunc buckets by day, in UTC unless a timezone is given', async function () {
    const result = await aggregate([
      { $group: { _id: { $dateTrunc: { date: '$createdAt', unit: 'day' } }, n: { $sum: 1 } } },
      { $sort: { _id: 1 } },
    ]);
    expect(result).to.deep.equal([
      { _id: new Date(Date.UTC(2024, 4, 1)), n: 3 },
      { _id: new Date(Date.UTC(2024, 4, 2)), n: 2 },
    ]);
  });

  it('$dateToString formats the day and hour buckets the statistics use', async function () {
    const result = await aggregate([
      {
        $group: {
          _id: { $dateToString: { format: '%Y-%m-%dT%H', date: '$createdAt' } },
          mean: { $avg: '$score' },
        },
      },
      { $sort: { _id: 1 } },
    ]);
    expect(result).to.deep.equal([
      { _id: '2024-05-01T09', mean: 0 },
      { _id: '2024-05-01T10', mean: 1 },
      { _id: '2024-05-02T09', mean: -0.375 },
    ]);
  });

  it('groups by a compound _id built from a field and an hour of the day', async function () {
    const result = await aggregate([
      { $group: { _id: { article: '$articleId', hour: { $hour: '$createdAt' } }, n: { $sum: 1 } } },
      { $sort: { '_id.article': 1, '_id.hour': 1 } },
    ]);
    expect(result).to.deep.equal([
      { _id: { article: 'a', hour: 9 }, n: 2 },
      { _id: { article: 'a', hour: 10 }, n: 1 },
      { _id: { article: 'b', hour: 9 }, n: 1 },
      { _id: { article: 'c', hour: 9 }, n: 1 },
    ]);
  });

  it('$addFields adds computed fields and keeps the rest; allowDiskUse is accepted', async function () {
    const result = await suite
      .collection(comments)
      .aggregate(
        [
          { $match: { articleId: 'b' } },
          { $addFields: { label: { $cond: [{ $gte: ['$score', 0] }, 'positive', 'negative'] } } },
          { $project: { _id: 0, articleId: 1, score: 1, label: 1 } },
        ],
        { allowDiskUse: true },
      )
      .toArray();
    expect(result).to.deep.equal([{ articleId: 'b', score: 0.25, label: 'positive' }]);
  });

  it('returns an empty result, not an error, for a collection that does not exist', async function () {
    const result = await suite.collection(suite.freshName('missing')).aggregate([{ $match: {} }]).toArray();
    expect(result).to.deep.equal([]);
  });

  describe('cursor', function () {
    let numbers: string;
    let session: ClientSession;

    before(async function () {
      numbers = suite.freshName('numbers');
      await suite.collection(numbers).insertMany(numberedDocs(25));
      session = suite.client.startSession();
    });

    after(async function () {
      await session?.endSession();
    });

    it('delivers every document through getMore with a small batchSize', async function () {
      suite.commands.length = 0;
      const docs = await suite.db
        .collection(numbers)
        .aggregate([{ $sort: { n: -1 } }, { $project: { _id: 0, n: 1 } }], { batchSize: 4 })
        .toArray();
      expect(docs.map((doc) => doc.n)).to.deep.equal(numberedDocs(25).map((doc) => 24 - doc.n));
      expect(commandNames(suite.commands).filter((command) => command === 'getMore').length).to.be.at.least(5);
    });

    it('answers a raw aggregate with firstBatch and a cursor for getMore', async function () {
      const first = await suite.db.command(
        { aggregate: numbers, pipeline: [{ $match: { n: { $lt: 10 } } }, { $sort: { n: 1 } }], cursor: { batchSize: 4 } },
        { session },
      );
      expect((first.cursor.firstBatch as Document[]).map((doc) => doc.n)).to.deep.equal([0, 1, 2, 3]);
      let id = cursorId(first.cursor.id);
      const seen: number[] = [];
      while (!id.isZero()) {
        const reply = await suite.db.command({ getMore: id, collection: numbers, batchSize: 4 }, { session });
        seen.push(...(reply.cursor.nextBatch as Document[]).map((doc) => doc.n as number));
        id = cursorId(reply.cursor.id);
      }
      expect(seen).to.deep.equal([4, 5, 6, 7, 8, 9]);
    });

    it('refuses a raw aggregate without the cursor option', async function () {
      await expectServerError(suite.db.command({ aggregate: numbers, pipeline: [] }), 9);
    });

    it('refuses an unknown stage', async function () {
      await expectServerError(suite.db.command({ aggregate: numbers, pipeline: [{ $bogus: {} }], cursor: {} }), 40324);
    });
  });
});
