import { expect } from 'chai';
import { Decimal128, Double, Int32, Long, ObjectId, type Collection, type Document } from 'mongodb';
import { useTestDatabase, type LooseDoc } from './support.js';

/**
 * An index changes how a query finds documents, never which: each filter here runs on a collection with indexes
 * (single, compound, multikey, on nested paths) and on a copy without, and both must answer the same documents in
 * the same natural order. Against mongod this holds by definition; on the double it checks that index lookups never
 * lose a match the scan would find (numbers of other BSON types, arrays, missing fields, $or branches, updates).
 */
describe('mongo-double conformance: indexed queries answer what a scan answers', function () {
  const suite = useTestDatabase('indexed-queries');
  let indexed: Collection<LooseDoc>;
  let plain: Collection<LooseDoc>;

  const shared = new ObjectId();
  /** Documents that put values where an index could mislead: other number types, arrays, nulls, missing fields. */
  const documents = (): LooseDoc[] => [
    { _id: 1, publisherId: 'p1', commentId: 'c1', bands: ['b1', 'b2'], hash: 'h1', status: 'pending', score: 1 },
    { _id: 2, publisherId: 'p1', commentId: 'c2', bands: ['b2', 'b3'], hash: 'h2', status: 'approved', score: new Int32(1) },
    { _id: 3, publisherId: 'p1', commentId: 'c3', bands: [], hash: 'h1', status: 'pending', score: new Long(2) },
    { _id: 4, publisherId: 'p2', commentId: 'c1', bands: ['b1'], hash: null, status: 'rejected', score: new Double(1.0) },
    { _id: 5, publisherId: 'p2', commentId: 'c5', hash: 'h3', status: 'pending', score: Decimal128.fromString('2') },
    { _id: 6, publisherId: 'p1', commentId: 'c6', bands: [['b1']], hash: 'h4', owner: shared, at: new Date(0), score: 3 },
    { _id: 7, publisherId: ['p1', 'p3'], commentId: 'c7', bands: 'b1', hash: 'h1', status: 'pending', score: 1.5 },
    { _id: 8, publisherId: 'p3', commentId: 'c8', author: { id: 'u1', tags: ['x', 'y'] }, owner: shared, at: new Date(1000), score: 1 },
    { _id: 9, publisherId: 'p3', commentId: 'c9', author: [{ id: 'u1' }, { id: 'u2' }], status: 'pending' },
    { _id: 10, publisherId: 'p1', commentId: 'c10', bands: ['b3'], hash: 'h2', status: 'pending', score: -0 },
  ];

  before(async function () {
    indexed = suite.collection(suite.freshName('indexed'));
    plain = suite.collection(suite.freshName('plain'));
    await indexed.createIndex({ publisherId: 1, commentId: 1 }, { unique: true });
    await indexed.createIndex({ publisherId: 1, bands: 1 });
    await indexed.createIndex({ publisherId: 1, hash: 1 });
    await indexed.createIndex({ status: 1, score: 1 });
    await indexed.createIndex({ 'author.id': 1 });
    await indexed.createIndex({ 'author.tags': 1 });
    await indexed.createIndex({ owner: 1, at: -1 });
    await indexed.insertMany(documents());
    await plain.insertMany(documents());
  });

  const filters: Record<string, Document> = {
    'equality on a compound prefix': { publisherId: 'p1' },
    'equality on both fields of the unique index': { publisherId: 'p2', commentId: 'c1' },
    'a multikey $in, as the duplicate lookup asks': { publisherId: 'p1', bands: { $in: ['b1', 'b3'] } },
    'an $or of the exact hash and the bands': { publisherId: 'p1', $or: [{ hash: 'h1' }, { bands: { $in: ['b2'] } }] },
    'an $or whose branches use different indexes': { $or: [{ 'author.id': 'u1' }, { status: 'rejected' }] },
    'numbers of other BSON types': { status: 'pending', score: 1 },
    'a Long, a Double and a Decimal equal to integers': { score: { $in: [new Long(2), new Double(1), Decimal128.fromString('3')] } },
    'negative zero equals zero': { status: 'pending', score: 0 },
    'a scalar inside an array field': { publisherId: 'p3' },
    'an array value compared whole': { publisherId: 'p1', bands: ['b1', 'b2'] },
    'a nested array is not its element': { publisherId: 'p1', bands: 'b1' },
    'null matches missing and null': { publisherId: 'p2', hash: null },
    'a dotted path through an array of subdocuments': { 'author.id': 'u2' },
    'a dotted path into an array field': { 'author.tags': 'y' },
    '$eq inside $and': { $and: [{ publisherId: { $eq: 'p1' } }, { hash: { $in: ['h2', 'h4'] } }] },
    'an ObjectId and a date on a compound index': { owner: shared, at: new Date(1000) },
    'an equality narrowed by a range': { status: 'pending', score: { $gt: 1 } },
    'no index for the field': { commentId: 'c5' },
    'an empty $in': { publisherId: { $in: [] } },
    '$in with a regular expression': { publisherId: { $in: [/^p3/] } },
    '$nin and $ne are left to the scan': { publisherId: 'p1', status: { $ne: 'pending' }, hash: { $nin: ['h4'] } },
  };

  for (const [name, filter] of Object.entries(filters)) {
    it(name, async function () {
      const expected = await plain.find(filter).toArray();
      expect(await indexed.find(filter).toArray()).to.deep.equal(expected);
      expect(await indexed.countDocuments(filter)).to.equal(expected.length);
      expect(await indexed.aggregate([{ $match: filter }, { $project: { _id: 1 } }]).toArray()).to.deep.equal(expected.map(({ _id }) => ({ _id })));
    });
  }

  it('updates and deletes through an index reach the same documents, and the index follows the changes', async function () {
    for (const collection of [indexed, plain]) {
      await collection.updateMany({ publisherId: 'p1', bands: { $in: ['b2'] } }, { $set: { status: 'held' }, $push: { bands: 'b9' } } as Document);
      await collection.findOneAndUpdate({ publisherId: 'p2', commentId: 'c5' }, { $set: { bands: ['b9'] } });
      await collection.deleteMany({ publisherId: 'p3', 'author.id': 'u1' });
    }
    for (const filter of [{ bands: 'b9' }, { publisherId: 'p1', bands: 'b2' }, { status: 'held' }, { 'author.id': { $in: ['u1', 'u2'] } }, { publisherId: 'p3' }]) {
      expect(await indexed.find(filter).toArray(), JSON.stringify(filter)).to.deep.equal(await plain.find(filter).toArray());
    }
  });
});
