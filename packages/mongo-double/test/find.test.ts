import { expect } from 'chai';
import { Decimal128, Int32, Long, ObjectId, type Document } from 'mongodb';
import { comment, cursorId, minutesAfterBase, numberedDocs, useTestDatabase } from './support.js';

describe('mongo-double conformance: find', function () {
  const suite = useTestDatabase('find');

  describe('filters', function () {
    const alice = comment({
      articleId: 'a1',
      author: { name: 'Alice', country: 'FR' },
      text: 'Great article about Climate',
      score: 0.8,
      tags: ['climate', 'science'],
      flags: [{ kind: 'spam', confidence: 0.2 }, { kind: 'abuse', confidence: 0.9 }],
    });
    const bob = comment({
      articleId: 'a1',
      author: { name: 'Bob', country: 'DE' },
      text: 'this is spam, buy now',
      score: -0.4,
      tags: ['offtopic'],
      flags: [{ kind: 'spam', confidence: 0.95 }],
    });
    const carol = comment({
      articleId: 'a2',
      author: { name: 'Carol', country: 'FR' },
      text: 'I disagree',
      score: -0.1,
      tags: ['climate'],
      flags: [],
    });
    const dave: Document = { _id: new ObjectId(), articleId: 'a3', text: 'no author, no score' };
    let name: string;

    before(async function () {
      name = suite.freshName('filters');
      await suite.collection(name).insertMany([alice, bob, carol, dave]);
    });

    const matchTexts = async (filter: Document) => {
      const docs = await suite.collection(name).find(filter).toArray();
      return docs.map((doc) => String(doc.text)).sort();
    };
    const texts = (...docs: Document[]) => docs.map((doc) => String(doc.text)).sort();

    it('$eq and implicit equality', async function () {
      expect(await matchTexts({ articleId: 'a1' })).to.deep.equal(texts(alice, bob));
      expect(await matchTexts({ articleId: { $eq: 'a2' } })).to.deep.equal(texts(carol));
    });

    it('$gt compares numbers and leaves out documents without the field', async function () {
      expect(await matchTexts({ score: { $gt: -0.2 } })).to.deep.equal(texts(alice, carol));
    });

    it('$in, $and and $or', async function () {
      expect(await matchTexts({ articleId: { $in: ['a2', 'a3'] } })).to.deep.equal(texts(carol, dave));
      expect(await matchTexts({ $and: [{ articleId: 'a1' }, { score: { $lt: 0 } }] })).to.deep.equal(texts(bob));
      expect(await matchTexts({ $or: [{ articleId: 'a3' }, { score: { $gt: 0.5 } }] })).to.deep.equal(texts(alice, dave));
    });

    it('$exists, and null matching a missing field', async function () {
      expect(await matchTexts({ score: { $exists: false } })).to.deep.equal(texts(dave));
      expect(await matchTexts({ author: { $exists: true } })).to.deep.equal(texts(alice, bob, carol));
      expect(await matchTexts({ score: null })).to.deep.equal(texts(dave));
    });

    it('$ne also matches documents that lack the field', async function () {
      expect(await matchTexts({ 'author.country': { $ne: 'FR' } })).to.deep.equal(texts(bob, dave));
    });

    it('$regex with and without the i option, and a BSON regular expression', async function () {
      expect(await matchTexts({ text: { $regex: 'climate' } })).to.deep.equal([]);
      expect(await matchTexts({ text: { $regex: 'climate', $options: 'i' } })).to.deep.equal(texts(alice));
      expect(await matchTexts({ text: /^I / })).to.deep.equal(texts(carol));
    });

    it('dotted paths reach nested fields', async function () {
      expect(await matchTexts({ 'author.name': 'Bob' })).to.deep.equal(texts(bob));
      expect(await matchTexts({ 'author.country': 'FR', score: { $lt: 0 } })).to.deep.equal(texts(carol));
    });

    it('a scalar matches an array that contains it; an array matches only the same array in the same order', async function () {
      expect(await matchTexts({ tags: 'climate' })).to.deep.equal(texts(alice, carol));
      expect(await matchTexts({ tags: ['climate', 'science'] })).to.deep.equal(texts(alice));
      expect(await matchTexts({ tags: ['science', 'climate'] })).to.deep.equal([]);
      expect(await matchTexts({ tags: { $size: 1 } })).to.deep.equal(texts(bob, carol));
      expect(await matchTexts({ tags: { $all: ['science', 'climate'] } })).to.deep.equal(texts(alice));
    });

    it('$elemMatch requires one element to satisfy every condition, unlike dotted conditions', async function () {
      // Alice has a spam flag and a different flag above 0.8: dotted paths match, $elemMatch does not.
      expect(await matchTexts({ 'flags.kind': 'spam', 'flags.confidence': { $gt: 0.8 } })).to.deep.equal(texts(alice, bob));
      expect(await matchTexts({ flags: { $elemMatch: { kind: 'spam', confidence: { $gt: 0.8 } } } })).to.deep.equal(texts(bob));
    });

    it('compares numbers by value across BSON number types, and never a string to a number', async function () {
      const name = suite.freshName('numbers');
      await suite.collection(name).insertMany([
        { _id: 'int', v: new Int32(1) },
        { _id: 'long', v: Long.fromNumber(1) },
        { _id: 'double', v: 1.0 },
        { _id: 'decimal', v: Decimal128.fromString('1.00') },
        { _id: 'string', v: '1' },
      ]);
      const ids = async (filter: Document) =>
        (await suite.collection(name).find(filter).toArray()).map((doc) => doc._id as string).sort();
      expect(await ids({ v: 1 })).to.deep.equal(['decimal', 'double', 'int', 'long']);
      expect(await ids({ v: { $gte: Long.fromNumber(1) } })).to.deep.equal(['decimal', 'double', 'int', 'long']);
      expect(await ids({ v: '1' })).to.deep.equal(['string']);
    });

    it('matches a decimal by exact value: 10 matches 10.0, but the double 9.99 is not the decimal 9.99', async function () {
      // The example of MongoDB's manual on querying decimals.
      const name = suite.freshName('decimals');
      await suite.collection(name).insertMany([
        { _id: 1, val: Decimal128.fromString('9.99') },
        { _id: 2, val: 9.99 },
        { _id: 3, val: 10 },
        { _id: 4, val: Long.fromNumber(10) },
        { _id: 5, val: Decimal128.fromString('10.0') },
      ]);
      const ids = async (filter: Document) =>
        (await suite.collection(name).find(filter).sort({ _id: 1 }).toArray()).map((doc) => doc._id as number);
      expect(await ids({ val: 9.99 })).to.deep.equal([2]);
      expect(await ids({ val: 10 })).to.deep.equal([3, 4, 5]);
      expect(await ids({ val: Decimal128.fromString('9.99') })).to.deep.equal([1]);
    });

    it('an ObjectId never equals its hex string', async function () {
      expect(await matchTexts({ _id: alice._id })).to.deep.equal(texts(alice));
      expect(await matchTexts({ _id: alice._id.toHexString() })).to.deep.equal([]);
    });

    it('ranges over Dates select a time window', async function () {
      const name = suite.freshName('window');
      await suite.collection(name).insertMany([
        comment({ text: 'before', createdAt: minutesAfterBase(-1) }),
        comment({ text: 'start', createdAt: minutesAfterBase(0) }),
        comment({ text: 'inside', createdAt: minutesAfterBase(59) }),
        comment({ text: 'end', createdAt: minutesAfterBase(60) }),
      ]);
      const inWindow = await suite
        .collection(name)
        .find({ createdAt: { $gte: minutesAfterBase(0), $lt: minutesAfterBase(60) } })
        .toArray();
      expect(inWindow.map((doc) => doc.text).sort()).to.deep.equal(['inside', 'start']);
    });

    it('$not and $nin', async function () {
      expect(await matchTexts({ score: { $not: { $gt: 0 } } })).to.deep.equal(texts(bob, carol, dave));
      expect(await matchTexts({ articleId: { $nin: ['a1', 'a2'] } })).to.deep.equal(texts(dave));
    });

    it('$in and $nin over array elements, with null, numbers, strings and patterns mixed', async function () {
      expect(await matchTexts({ tags: { $in: ['science', 'offtopic'] } })).to.deep.equal(texts(alice, bob));
      // null matches a missing field; a number never equals a string; a pattern tests strings only.
      expect(await matchTexts({ tags: { $in: [null, 7, 'offtopic'] } })).to.deep.equal(texts(bob, dave));
      expect(await matchTexts({ 'author.name': { $in: [/^C/, 'Bob'] } })).to.deep.equal(texts(bob, carol));
      expect(await matchTexts({ score: { $in: [0.8, '-0.1', new Int32(-0)] } })).to.deep.equal(texts(alice));
      expect(await matchTexts({ tags: { $nin: [null, 'climate'] } })).to.deep.equal(texts(bob));
    });
  });

  describe('projection', function () {
    let name: string;
    const doc = comment({ text: 'projected', score: 0.5, author: { name: 'Eve', country: 'NL' } });

    before(async function () {
      name = suite.freshName('projection');
      await suite.collection(name).insertOne(doc);
    });

    const project = (projection: Document) => suite.collection(name).findOne({}, { projection });

    it('inclusion keeps the listed fields and _id', async function () {
      expect(await project({ text: 1, score: 1 })).to.deep.equal({ _id: doc._id, text: 'projected', score: 0.5 });
    });

    it('exclusion drops the listed fields only', async function () {
      const { text: _text, flags: _flags, ...rest } = doc;
      expect(await project({ text: 0, flags: 0 })).to.deep.equal(rest);
    });

    it('_id: 0 drops _id from an inclusion projection', async function () {
      expect(await project({ _id: 0, text: 1 })).to.deep.equal({ text: 'projected' });
    });

    it('a dotted inclusion keeps only that part of the embedded document', async function () {
      expect(await project({ _id: 0, 'author.name': 1 })).to.deep.equal({ author: { name: 'Eve' } });
    });

    it('refuses a projection that mixes inclusion and exclusion', async function () {
      let failed = false;
      await project({ text: 1, score: 0 }).catch(() => (failed = true));
      expect(failed).to.equal(true);
    });
  });

  describe('sort, skip and limit', function () {
    it('sorts on several keys, the first one dominating', async function () {
      const name = suite.freshName('sort');
      const docs = [
        comment({ articleId: 'b', score: 1, text: 'b1' }),
        comment({ articleId: 'a', score: 1, text: 'a1' }),
        comment({ articleId: 'b', score: 3, text: 'b3' }),
        comment({ articleId: 'a', score: 2, text: 'a2' }),
      ];
      await suite.collection(name).insertMany(docs);
      const sorted = await suite.collection(name).find().sort({ articleId: 1, score: -1 }).toArray();
      expect(sorted.map((doc) => doc.text)).to.deep.equal(['a2', 'a1', 'b3', 'b1']);
    });

    it('sorts by Date', async function () {
      const name = suite.freshName('sort');
      await suite.collection(name).insertMany([
        comment({ text: 'noon', createdAt: minutesAfterBase(180) }),
        comment({ text: 'early', createdAt: minutesAfterBase(-600) }),
        comment({ text: 'later', createdAt: minutesAfterBase(24 * 60) }),
      ]);
      const sorted = await suite.collection(name).find().sort({ createdAt: -1 }).toArray();
      expect(sorted.map((doc) => doc.text)).to.deep.equal(['later', 'noon', 'early']);
    });

    it('sorts by ObjectId, which orders by creation time first', async function () {
      const name = suite.freshName('sort');
      const ids = [300, 100, 200].map((seconds) => ObjectId.createFromTime(1_700_000_000 + seconds));
      await suite.collection(name).insertMany(ids.map((_id, i) => ({ _id, i })));
      const sorted = await suite.collection(name).find().sort({ _id: 1 }).toArray();
      expect(sorted.map((doc) => doc.i)).to.deep.equal([1, 2, 0]);
    });

    it('sorts mixed types in BSON order, comparing numbers by value whatever their type', async function () {
      const name = suite.freshName('sort');
      const objectId = new ObjectId();
      const date = minutesAfterBase(0);
      const values: { label: string; v?: unknown }[] = [
        { label: 'date', v: date },
        { label: 'true', v: true },
        { label: 'objectId', v: objectId },
        { label: 'object', v: { a: 1 } },
        { label: 'string b', v: 'b' },
        { label: 'string a', v: 'a' },
        { label: 'long 3', v: Long.fromNumber(3) },
        { label: 'double 2.5', v: 2.5 },
        { label: 'int 2', v: new Int32(2) },
        { label: 'decimal 2.75', v: Decimal128.fromString('2.75') },
        { label: 'null', v: null },
        { label: 'missing' },
      ];
      await suite.collection(name).insertMany(values.map((value, i) => ({ _id: i, ...value })));
      const sorted = await suite.collection(name).find().sort({ v: 1, _id: 1 }).toArray();
      // null and a missing field sort equal; _id breaks the tie (null has the smaller _id).
      expect(sorted.map((doc) => doc.label)).to.deep.equal([
        'null',
        'missing',
        'int 2',
        'double 2.5',
        'decimal 2.75',
        'long 3',
        'string a',
        'string b',
        'object',
        'objectId',
        'true',
        'date',
      ]);
    });

    it('sorts an array field by its smallest element ascending and its largest descending', async function () {
      const name = suite.freshName('sort');
      await suite.collection(name).insertMany([
        { _id: 'one-and-three', v: [3, 1] },
        { _id: 'two', v: 2 },
        { _id: 'five', v: [5] },
      ]);
      const ascending = await suite.collection(name).find().sort({ v: 1 }).toArray();
      expect(ascending.map((doc) => doc._id)).to.deep.equal(['one-and-three', 'two', 'five']);
      const descending = await suite.collection(name).find().sort({ v: -1 }).toArray();
      expect(descending.map((doc) => doc._id)).to.deep.equal(['five', 'one-and-three', 'two']);
    });

    it('skip and limit page through a sorted result', async function () {
      const name = suite.freshName('page');
      await suite.collection(name).insertMany(numberedDocs(10).reverse());
      const page = await suite.collection(name).find().sort({ n: 1 }).skip(3).limit(4).toArray();
      expect(page.map((doc) => doc.n)).to.deep.equal([3, 4, 5, 6]);
      const beyond = await suite.collection(name).find().sort({ n: 1 }).skip(20).toArray();
      expect(beyond).to.deep.equal([]);
    });

    it('answers a raw find with firstBatch, a closed cursor once the limit is reached, and the namespace', async function () {
      const name = suite.freshName('raw');
      await suite.collection(name).insertMany(numberedDocs(10));
      const reply = await suite.db.command({ find: name, filter: { n: { $gte: 2 } }, sort: { n: -1 }, limit: 3 });
      expect(reply.ok).to.equal(1);
      expect(reply.cursor.ns).to.equal(`${suite.database.name}.${name}`);
      expect(reply.cursor.firstBatch).to.deep.equal([
        { _id: 9, n: 9 },
        { _id: 8, n: 8 },
        { _id: 7, n: 7 },
      ]);
      expect(cursorId(reply.cursor.id).isZero()).to.equal(true);
    });

    it('finds nothing, without error, in a collection that does not exist', async function () {
      expect(await suite.collection(suite.freshName('missing')).find({}).toArray()).to.deep.equal([]);
    });
  });
});
