import { expect } from 'chai';
import {
  Binary,
  BSON,
  BSONRegExp,
  Decimal128,
  Double,
  Int32,
  Long,
  MaxKey,
  MinKey,
  MongoBulkWriteError,
  ObjectId,
  Timestamp,
  UUID,
  type Document,
} from 'mongodb';
import { comment, expectServerError, numberedDocs, useTestDatabase, type LooseDoc } from './support.js';

describe('mongo-double conformance: insert, delete, count, distinct', function () {
  const suite = useTestDatabase('crud');
  const collection = (name: string) => suite.collection(name);

  describe('insert', function () {
    it('stores a single document and returns the _id the driver generated', async function () {
      const comments = collection(suite.freshName());
      const result = await comments.insertOne({ text: 'first' });
      expect(result.acknowledged).to.equal(true);
      expect(result.insertedId).to.be.instanceOf(ObjectId);
      const stored = await comments.findOne({ _id: result.insertedId });
      expect(stored).to.deep.equal({ _id: result.insertedId, text: 'first' });
    });

    it('stores many documents and counts them', async function () {
      const comments = collection(suite.freshName());
      const docs = [comment(), comment(), comment()];
      const result = await comments.insertMany(docs);
      expect(result.insertedCount).to.equal(3);
      expect(result.insertedIds).to.deep.equal({ 0: docs[0]!._id, 1: docs[1]!._id, 2: docs[2]!._id });
      expect(await comments.countDocuments()).to.equal(3);
    });

    it('stores _id as the first field whatever its position in the inserted document', async function () {
      const comments = collection(suite.freshName());
      await comments.insertOne({ text: 'late id', score: 1, _id: 'x' });
      expect(Object.keys((await comments.findOne({ _id: 'x' }))!)).to.deep.equal(['_id', 'text', 'score']);
    });

    it('gives a document sent without _id by a raw insert an ObjectId _id, first', async function () {
      const name = suite.freshName();
      const reply = await suite.db.command({ insert: name, documents: [{ text: 'raw' }] });
      expect(reply).to.deep.include({ ok: 1, n: 1 });
      const stored = await collection(name).findOne({ text: 'raw' });
      expect(stored?._id).to.be.instanceOf(ObjectId);
      expect(Object.keys(stored!)).to.deep.equal(['_id', 'text']);
    });

    it('acknowledges w: majority on a standalone, and applies a w: 0 write without replying to it', async function () {
      // One connection: mongod handles a connection's messages in order, so the count sees the w: 0 write.
      const client = await suite.extraClient({ maxPoolSize: 1 });
      const comments = client.db(suite.database.name).collection<LooseDoc>(suite.freshName());
      const majority = await comments.insertOne({ n: 1 }, { writeConcern: { w: 'majority' } });
      expect(majority.acknowledged).to.equal(true);
      const unacknowledged = await comments.insertOne({ n: 2 }, { writeConcern: { w: 0 } });
      expect(unacknowledged.acknowledged).to.equal(false);
      expect(await comments.countDocuments()).to.equal(2);
      expect(await comments.findOne({ n: 2 }, { projection: { _id: 0 } })).to.deep.equal({ n: 2 });
    });

    it('refuses a duplicate _id on insertOne with code 11000, keyPattern and keyValue', async function () {
      const comments = collection(suite.freshName());
      await comments.insertOne({ _id: 7, text: 'original' });
      const error = await expectServerError(comments.insertOne({ _id: 7, text: 'copy' }), 11000);
      expect(error.message).to.match(/E11000 duplicate key error/);
      expect(error.keyPattern).to.deep.equal({ _id: 1 });
      expect(error.keyValue).to.deep.equal({ _id: 7 });
      expect(await comments.findOne({ _id: 7 })).to.deep.equal({ _id: 7, text: 'original' });
    });

    it('stops an ordered insertMany at the first duplicate _id', async function () {
      const comments = collection(suite.freshName());
      const docs = [{ _id: 1 }, { _id: 2 }, { _id: 1 }, { _id: 3 }, { _id: 4 }];
      const error = await expectServerError(comments.insertMany(docs), 11000);
      expect(error).to.be.instanceOf(MongoBulkWriteError);
      const bulkError = error as MongoBulkWriteError;
      expect(bulkError.insertedCount).to.equal(2);
      const writeErrors = [bulkError.writeErrors].flat();
      expect(writeErrors.map((writeError) => [writeError.index, writeError.code])).to.deep.equal([[2, 11000]]);
      expect(await comments.find().sort({ _id: 1 }).toArray()).to.deep.equal([{ _id: 1 }, { _id: 2 }]);
    });

    it('inserts all other documents of an unordered insertMany and reports each duplicate by index', async function () {
      const comments = collection(suite.freshName());
      const docs = [{ _id: 1 }, { _id: 1 }, { _id: 2 }, { _id: 2 }, { _id: 3 }];
      const error = await expectServerError(comments.insertMany(docs, { ordered: false }), 11000);
      const bulkError = error as MongoBulkWriteError;
      expect(bulkError.insertedCount).to.equal(3);
      const writeErrors = [bulkError.writeErrors].flat();
      expect(writeErrors.map((writeError) => [writeError.index, writeError.code])).to.deep.equal([
        [1, 11000],
        [3, 11000],
      ]);
      expect(await comments.countDocuments()).to.equal(3);
    });

    it('answers a raw unordered insert with n, writeErrors, keyPattern and keyValue, and ok: 1', async function () {
      const name = suite.freshName();
      const reply = await suite.db.command({
        insert: name,
        documents: [{ _id: 'a' }, { _id: 'a' }, { _id: 'b' }],
        ordered: false,
      });
      expect(reply.ok).to.equal(1);
      expect(reply.n).to.equal(2);
      expect(reply.writeErrors).to.have.length(1);
      const [writeError] = reply.writeErrors as Document[];
      expect(writeError).to.deep.include({ index: 1, code: 11000, keyPattern: { _id: 1 }, keyValue: { _id: 'a' } });
      expect(writeError!.errmsg).to.match(/E11000 duplicate key error collection: .*index: _id_ dup key/);
    });
  });

  describe('BSON values and sizes', function () {
    it('returns every common BSON type exactly as stored', async function () {
      const comments = collection(suite.freshName());
      const stored = {
        _id: new ObjectId(),
        int32: new Int32(7),
        int64: Long.fromString('9007199254740993'),
        double: new Double(2),
        decimal: Decimal128.fromString('0.1'),
        text: 'héllo ✓',
        yes: true,
        nothing: null,
        when: new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6)),
        bytes: new Binary(Buffer.from([1, 2, 3]), Binary.SUBTYPE_DEFAULT),
        uuid: new UUID('0b6e2c2c-8a0e-4d5b-9a57-7a4b3f8f1e2d').toBinary(),
        pattern: new BSONRegExp('^a.c$', 'i'),
        stamp: new Timestamp({ t: 1_700_000_000, i: 3 }),
        low: new MinKey(),
        high: new MaxKey(),
        nested: { list: [1, [2, 3], { deep: 'x' }], empty: {} },
      };
      await comments.insertOne(stored);
      const raw = await comments.findOne({ _id: stored._id }, { promoteValues: false, promoteLongs: false, bsonRegExp: true });
      expect(Buffer.from(BSON.serialize(raw!)).equals(Buffer.from(BSON.serialize(stored)))).to.equal(true);
    });

    it('stores a document of about 10 MiB and returns it whole', async function () {
      const comments = collection(suite.freshName());
      const text = 'x'.repeat(10 * 1024 * 1024);
      await comments.insertOne({ _id: 'big', text });
      const back = await comments.findOne({ _id: 'big' });
      expect(back?.text).to.have.length(text.length);
    });

    it('accepts an insertMany of more than 16 MiB, which travels as an OP_MSG document sequence', async function () {
      // No single BSON document could hold this batch: the driver sends the documents as a kind-1 section.
      const comments = collection(suite.freshName());
      const text = 'y'.repeat(1024 * 1024);
      const docs = Array.from({ length: 20 }, (_, n) => ({ _id: n, text }));
      const result = await comments.insertMany(docs);
      expect(result.insertedCount).to.equal(20);
      expect(await comments.countDocuments()).to.equal(20);
      expect((await comments.findOne({ _id: 19 }))?.text).to.have.length(text.length);
    });
  });

  describe('delete', function () {
    it('deleteOne removes exactly one of several matching documents', async function () {
      const comments = collection(suite.freshName());
      await comments.insertMany([comment({ articleId: 'x' }), comment({ articleId: 'x' }), comment({ articleId: 'y' })]);
      const result = await comments.deleteOne({ articleId: 'x' });
      expect(result.deletedCount).to.equal(1);
      expect(await comments.countDocuments({ articleId: 'x' })).to.equal(1);
      expect(await comments.countDocuments({ articleId: 'y' })).to.equal(1);
    });

    it('deleteMany removes every matching document and nothing else', async function () {
      const comments = collection(suite.freshName());
      await comments.insertMany(numberedDocs(10));
      const result = await comments.deleteMany({ n: { $gte: 4 } });
      expect(result.deletedCount).to.equal(6);
      expect(await comments.distinct('n')).to.deep.equal([0, 1, 2, 3]);
    });

    it('reports zero deletions when nothing matches', async function () {
      const comments = collection(suite.freshName());
      await comments.insertMany(numberedDocs(3));
      expect((await comments.deleteMany({ n: 99 })).deletedCount).to.equal(0);
      expect(await comments.countDocuments()).to.equal(3);
    });

    it('answers a raw delete command with n for limit 1 and limit 0', async function () {
      const name = suite.freshName();
      await collection(name).insertMany(numberedDocs(6));
      const one = await suite.db.command({ delete: name, deletes: [{ q: { n: { $lt: 3 } }, limit: 1 }] });
      expect(one).to.deep.include({ ok: 1, n: 1 });
      const all = await suite.db.command({ delete: name, deletes: [{ q: { n: { $lt: 3 } }, limit: 0 }] });
      expect(all).to.deep.include({ ok: 1, n: 2 });
      expect(await collection(name).countDocuments()).to.equal(3);
    });
  });

  describe('count', function () {
    it('countDocuments counts matches and honours skip and limit', async function () {
      const comments = collection(suite.freshName());
      await comments.insertMany(numberedDocs(12));
      expect(await comments.countDocuments({ n: { $gt: 2 } })).to.equal(9);
      expect(await comments.countDocuments({}, { skip: 5 })).to.equal(7);
      expect(await comments.countDocuments({}, { skip: 5, limit: 3 })).to.equal(3);
    });

    it('estimatedDocumentCount returns the collection size', async function () {
      const comments = collection(suite.freshName());
      await comments.insertMany(numberedDocs(8));
      await comments.deleteOne({ n: 0 });
      expect(await comments.estimatedDocumentCount()).to.equal(7);
    });

    it('answers the raw count command, and with n: 0 for a missing collection', async function () {
      const name = suite.freshName();
      await collection(name).insertMany(numberedDocs(5));
      expect(await suite.db.command({ count: name, query: { n: { $in: [1, 3, 42] } } })).to.deep.include({ ok: 1, n: 2 });
      expect(await suite.db.command({ count: suite.freshName('missing') })).to.deep.include({ ok: 1, n: 0 });
    });
  });

  describe('distinct', function () {
    it('returns each value once, flattening arrays, and honours the filter', async function () {
      const comments = collection(suite.freshName());
      await comments.insertMany([
        comment({ articleId: 'a', tags: ['politics', 'local'] }),
        comment({ articleId: 'a', tags: ['local'] }),
        comment({ articleId: 'b', tags: ['sport'] }),
      ]);
      expect((await comments.distinct('tags')).sort()).to.deep.equal(['local', 'politics', 'sport']);
      expect((await comments.distinct('tags', { articleId: 'a' })).sort()).to.deep.equal(['local', 'politics']);
      expect((await comments.distinct('author.country')).sort()).to.deep.equal(['FR']);
    });

    it('returns no values for a collection that does not exist', async function () {
      expect(await collection(suite.freshName('missing')).distinct('kind')).to.deep.equal([]);
      expect(await collection(suite.freshName('missing')).countDocuments()).to.equal(0);
    });

    it('answers the raw distinct command with values', async function () {
      const name = suite.freshName();
      await collection(name).insertMany([{ kind: 'spam' }, { kind: 'abuse' }, { kind: 'spam' }, {}]);
      const reply = await suite.db.command({ distinct: name, key: 'kind' });
      expect(reply.ok).to.equal(1);
      expect((reply.values as string[]).sort()).to.deep.equal(['abuse', 'spam']);
    });
  });
});
