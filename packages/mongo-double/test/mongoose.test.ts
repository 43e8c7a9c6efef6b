import { expect } from 'chai';
import { MongoBulkWriteError, type CommandStartedEvent } from 'mongodb';
import mongoose, { Schema, Types, type Connection } from 'mongoose';
import { expectServerError, minutesAfterBase, useTestDatabase } from './support.js';

/** Per-article sentiment counters, unique per article and hour, as the workers keep them. */
const counterSchema = () => {
  const schema = new Schema({
    articleId: { type: String, required: true },
    hour: { type: Number, required: true },
    comments: { type: Number, default: 0 },
    label: String,
  });
  schema.index({ articleId: 1, hour: 1 }, { unique: true });
  return schema;
};

const verdictSchema = () =>
  new Schema({
    articleId: String,
    verdict: String,
    score: Number,
    seq: Number,
  });

describe('mongo-double conformance: mongoose', function () {
  const suite = useTestDatabase('mongoose');
  let connection: Connection;
  const commands: CommandStartedEvent[] = [];

  before(async function () {
    connection = await mongoose
      .createConnection(suite.database.uri, { serverSelectionTimeoutMS: 5_000, monitorCommands: true })
      .asPromise();
    connection.getClient().on('commandStarted', (event) => commands.push(event));
  });

  after(async function () {
    await connection?.close();
  });

  /** A model over a collection no other test uses, with its indexes built. */
  async function freshModel<T extends Schema>(prefix: string, schema: T) {
    const name = suite.freshName(prefix);
    const model = connection.model(name, schema, name);
    await model.init();
    return model;
  }

  describe('indexes and upserts', function () {
    it('builds the compound unique index on init() and enforces it', async function () {
      const Counter = await freshModel('counters', counterSchema());
      const indexes = await Counter.collection.listIndexes().toArray();
      expect(indexes.find((index) => index.name === 'articleId_1_hour_1')).to.deep.include({
        key: { articleId: 1, hour: 1 },
        unique: true,
      });
      await Counter.create({ articleId: 'a', hour: 1 });
      await Counter.create({ articleId: 'a', hour: 2 });
      const error = await expectServerError(Counter.create({ articleId: 'a', hour: 1 }), 11000);
      expect(error.keyValue).to.deep.equal({ articleId: 'a', hour: 1 });
      expect(error.keyPattern).to.deep.equal({ articleId: 1, hour: 1 });
      expect(await Counter.countDocuments()).to.equal(2);
    });

    it('updateOne with upsert twice leaves one document', async function () {
      const Counter = await freshModel('counters', counterSchema());
      const first = await Counter.updateOne({ articleId: 'a', hour: 3 }, { $inc: { comments: 1 } }, { upsert: true });
      const second = await Counter.updateOne({ articleId: 'a', hour: 3 }, { $inc: { comments: 1 } }, { upsert: true });
      expect(first.upsertedCount).to.equal(1);
      expect(second.upsertedCount).to.equal(0);
      expect(second.matchedCount).to.equal(1);
      const all = await Counter.find().lean();
      expect(all).to.have.length(1);
      expect(all[0]).to.include({ articleId: 'a', hour: 3, comments: 2 });
    });

    it('counts exactly 50 concurrent $inc updates', async function () {
      const Counter = await freshModel('counters', counterSchema());
      await Counter.create({ articleId: 'hot', hour: 0 });
      await Promise.all(
        Array.from({ length: 50 }, () => Counter.updateOne({ articleId: 'hot', hour: 0 }, { $inc: { comments: 1 } })),
      );
      expect((await Counter.findOne({ articleId: 'hot' }).lean())?.comments).to.equal(50);
    });

    it('findOneAndUpdate with upsert returns the created document, then the updated one', async function () {
      const Counter = await freshModel('counters', counterSchema());
      const created = await Counter.findOneAndUpdate(
        { articleId: 'b', hour: 7 },
        { $inc: { comments: 1 }, $setOnInsert: { label: 'new' } },
        { returnDocument: 'after', upsert: true },
      );
      expect(created).to.not.equal(null);
      expect(created!._id).to.be.instanceOf(Types.ObjectId);
      expect(created!.toObject()).to.include({ articleId: 'b', hour: 7, comments: 1, label: 'new' });
      const updated = await Counter.findOneAndUpdate(
        { articleId: 'b', hour: 7 },
        { $inc: { comments: 1 }, $setOnInsert: { label: 'again' } },
        { returnDocument: 'after', upsert: true },
      );
      expect(updated!._id.equals(created!._id)).to.equal(true);
      expect(updated!.toObject()).to.include({ comments: 2, label: 'new' });
    });
  });

  describe('reading', function () {
    it('a batchSize(2) cursor over 7 documents yields all 7 in sort order through getMore', async function () {
      const Verdict = await freshModel('verdicts', verdictSchema());
      await Verdict.insertMany([5, 2, 6, 0, 3, 1, 4].map((seq) => ({ articleId: 'a', verdict: 'ok', seq })));
      commands.length = 0;
      const seen: number[] = [];
      for await (const verdict of Verdict.find().sort({ seq: 1 }).batchSize(2).cursor()) {
        seen.push(verdict.seq!);
      }
      expect(seen).to.deep.equal([0, 1, 2, 3, 4, 5, 6]);
      expect(commands.filter((command) => command.commandName === 'getMore')).to.have.length(3);
    });

    it('aggregate with $match, $group and $sort', async function () {
      const Verdict = await freshModel('verdicts', verdictSchema());
      await Verdict.insertMany([
        { articleId: 'a', verdict: 'spam', score: 0.9 },
        { articleId: 'a', verdict: 'ok', score: 0.1 },
        { articleId: 'a', verdict: 'spam', score: 0.7 },
        { articleId: 'b', verdict: 'spam', score: 0.8 },
      ]);
      const result = await Verdict.aggregate<{ _id: string; n: number; top: number }>([
        { $match: { articleId: 'a' } },
        { $group: { _id: '$verdict', n: { $sum: 1 }, top: { $max: '$score' } } },
        { $sort: { n: -1 } },
      ]);
      expect(result).to.deep.equal([
        { _id: 'spam', n: 2, top: 0.9 },
        { _id: 'ok', n: 1, top: 0.1 },
      ]);
    });
  });

  describe('queries through models', function () {
    async function verdicts() {
      const Verdict = await freshModel('verdicts', verdictSchema());
      await Verdict.insertMany(
        [0, 1, 2, 3, 4, 5, 6, 7].map((seq) => ({
          articleId: seq % 2 === 0 ? 'even' : 'odd',
          verdict: seq < 3 ? 'spam' : 'ok',
          score: seq / 10,
          seq,
        })),
      );
      return Verdict;
    }

    it('find with a filter, select, sort, skip and limit', async function () {
      const Verdict = await verdicts();
      const page = await Verdict.find({ articleId: 'even', score: { $gte: 0.2 } })
        .select({ _id: 0, seq: 1 })
        .sort({ seq: -1 })
        .skip(1)
        .limit(2)
        .lean();
      expect(page).to.deep.equal([{ seq: 4 }, { seq: 2 }]);
    });

    it('countDocuments, estimatedDocumentCount and distinct', async function () {
      const Verdict = await verdicts();
      expect(await Verdict.countDocuments({ verdict: 'spam' })).to.equal(3);
      expect(await Verdict.estimatedDocumentCount()).to.equal(8);
      expect((await Verdict.distinct('articleId')).sort()).to.deep.equal(['even', 'odd']);
    });

    it('updateMany reports matched and modified; deleteOne and deleteMany report what they removed', async function () {
      const Verdict = await verdicts();
      const updated = await Verdict.updateMany({ articleId: 'odd' }, { $set: { verdict: 'ok' } });
      expect(updated.matchedCount).to.equal(4);
      expect(updated.modifiedCount).to.equal(1);
      expect((await Verdict.deleteOne({ articleId: 'odd' })).deletedCount).to.equal(1);
      expect((await Verdict.deleteMany({ articleId: 'odd' })).deletedCount).to.equal(3);
      expect(await Verdict.countDocuments()).to.equal(4);
    });

    it('timestamps: an upsert sets createdAt once and updatedAt on every write', async function () {
      const schema = new Schema({ articleId: String, hour: Number, comments: Number }, { timestamps: true });
      schema.index({ articleId: 1, hour: 1 }, { unique: true });
      const Counter = await freshModel('stamped', schema);
      const filter = { articleId: 't', hour: 1 };
      const first = await Counter.findOneAndUpdate(filter, { $inc: { comments: 1 } }, { upsert: true, returnDocument: 'after' }).lean();
      const second = await Counter.findOneAndUpdate(filter, { $inc: { comments: 1 } }, { upsert: true, returnDocument: 'after' }).lean();
      expect(first!.createdAt).to.be.instanceOf(Date);
      expect(second!.createdAt!.getTime()).to.equal(first!.createdAt!.getTime());
      expect(second!.updatedAt!.getTime()).to.be.at.least(first!.updatedAt!.getTime());
      expect(second!.comments).to.equal(2);
    });

    it('a second model on an existing collection initialises, creating the collection only once', async function () {
      const name = suite.freshName('shared');
      const First = connection.model(`${name}_first`, counterSchema(), name);
      await First.init();
      await First.create({ articleId: 'a', hour: 1 });
      // Mongoose creates the collection on init and ignores NamespaceExists (48) when it is there already.
      const Second = connection.model(`${name}_second`, counterSchema(), name);
      await Second.init();
      expect(await Second.countDocuments()).to.equal(1);
    });

    it('syncIndexes drops an index the schema no longer declares and keeps the declared ones', async function () {
      const Counter = await freshModel('synced', counterSchema());
      await Counter.collection.createIndex({ label: 1 });
      const dropped = await Counter.syncIndexes();
      expect(dropped).to.deep.equal(['label_1']);
      const names = (await Counter.collection.listIndexes().toArray()).map((index) => index.name).sort();
      expect(names).to.deep.equal(['_id_', 'articleId_1_hour_1']);
    });
  });

  describe('insertMany with a duplicate', function () {
    const docs = () => [
      { articleId: 'd', hour: 1 },
      { articleId: 'd', hour: 2 },
      { articleId: 'd', hour: 1 },
      { articleId: 'd', hour: 3 },
    ];

    it('ordered: stops at the duplicate and reports what was inserted', async function () {
      const Counter = await freshModel('counters', counterSchema());
      const error = await expectServerError(Counter.insertMany(docs()), 11000);
      expect(error).to.be.instanceOf(MongoBulkWriteError);
      const bulkError = error as MongoBulkWriteError & { insertedDocs: { hour: number }[] };
      expect([bulkError.writeErrors].flat().map((writeError) => writeError.index)).to.deep.equal([2]);
      expect(bulkError.insertedDocs.map((doc) => doc.hour)).to.deep.equal([1, 2]);
      expect((await Counter.find().sort({ hour: 1 }).lean()).map((doc) => doc.hour)).to.deep.equal([1, 2]);
    });

    it('unordered: inserts the rest and reports the duplicate by index', async function () {
      const Counter = await freshModel('counters', counterSchema());
      const error = await expectServerError(Counter.insertMany(docs(), { ordered: false }), 11000);
      const bulkError = error as MongoBulkWriteError & { insertedDocs: { hour: number }[] };
      expect(bulkError.insertedCount).to.equal(3);
      expect([bulkError.writeErrors].flat().map((writeError) => writeError.index)).to.deep.equal([2]);
      expect(bulkError.insertedDocs.map((doc) => doc.hour)).to.deep.equal([1, 2, 3]);
      expect((await Counter.find().sort({ hour: 1 }).lean()).map((doc) => doc.hour)).to.deep.equal([1, 2, 3]);
    });
  });

  describe('schema types', function () {
    const kitchenSinkSchema = () =>
      new Schema({
        ref: Schema.Types.ObjectId,
        at: Date,
        count: Number,
        money: Schema.Types.Decimal128,
        blob: Buffer,
        labels: { type: Map, of: String },
        grid: [[Number]],
        nested: { words: [String], inner: { ok: Boolean } },
        items: [new Schema({ name: String, weight: Number }, { _id: false })],
      });

    it('round-trips ObjectId, Date, Number, Decimal128, Buffer, Map and nested arrays', async function () {
      const Sink = await freshModel('types', kitchenSinkSchema());
      const ref = new Types.ObjectId();
      const at = minutesAfterBase(123);
      const created = await Sink.create({
        ref,
        at,
        count: 2.5,
        money: Types.Decimal128.fromString('1234.5678'),
        blob: Buffer.from([0, 1, 2, 255]),
        labels: new Map([
          ['lang', 'fr'],
          ['source', 'rss'],
        ]),
        grid: [
          [1, 2],
          [3, 4, 5],
        ],
        nested: { words: ['a', 'b'], inner: { ok: true } },
        items: [{ name: 'x', weight: 1 }],
      });

      const loaded = await Sink.findById(created._id).orFail();
      expect(loaded.ref!.equals(ref)).to.equal(true);
      expect(loaded.at!.getTime()).to.equal(at.getTime());
      expect(loaded.count).to.equal(2.5);
      expect(loaded.money!.toString()).to.equal('1234.5678');
      expect(Buffer.from(loaded.blob!).equals(Buffer.from([0, 1, 2, 255]))).to.equal(true);
      expect(loaded.labels!.get('lang')).to.equal('fr');
      expect(loaded.labels!.get('source')).to.equal('rss');
      expect(loaded.toObject().grid).to.deep.equal([
        [1, 2],
        [3, 4, 5],
      ]);
      expect(loaded.toObject().nested).to.deep.equal({ words: ['a', 'b'], inner: { ok: true } });
      expect(loaded.toObject().items).to.deep.equal([{ name: 'x', weight: 1 }]);
    });

    it('stores them as the BSON types a driver reads back', async function () {
      const Sink = await freshModel('types', kitchenSinkSchema());
      const created = await Sink.create({
        ref: new Types.ObjectId(),
        at: minutesAfterBase(0),
        money: Types.Decimal128.fromString('0.10'),
        blob: Buffer.from('hi'),
        labels: { a: 'b' },
      });
      const raw = await Sink.collection.findOne({ _id: created._id });
      expect(raw!.ref).to.be.instanceOf(Types.ObjectId);
      expect(raw!.at).to.be.instanceOf(Date);
      expect(raw!.money._bsontype).to.equal('Decimal128');
      expect(raw!.money.toString()).to.equal('0.10');
      expect(raw!.blob._bsontype).to.equal('Binary');
      expect(raw!.labels).to.deep.equal({ a: 'b' });
    });

    it('queries by Decimal128 and Date values', async function () {
      const Sink = await freshModel('types', kitchenSinkSchema());
      await Sink.create([
        { money: Types.Decimal128.fromString('1.5'), at: minutesAfterBase(0) },
        { money: Types.Decimal128.fromString('3'), at: minutesAfterBase(60) },
      ]);
      expect(await Sink.countDocuments({ money: { $gt: Types.Decimal128.fromString('2') } })).to.equal(1);
      expect(await Sink.countDocuments({ at: { $gte: minutesAfterBase(30) } })).to.equal(1);
    });
  });
});
