import { expect } from 'chai';
import { MongoBulkWriteError, type Collection, type Document } from 'mongodb';
import { expectServerError, useTestDatabase } from './support.js';

/** A subscriber of a publisher, unique by email within a publisher. */
function subscriber(email: string | null | undefined, extra: Document = {}): Document {
  return email === undefined ? { ...extra } : { email, ...extra };
}

describe('mongo-double conformance: indexes', function () {
  const suite = useTestDatabase('indexes');

  async function withUniqueEmail(options: Document = {}): Promise<Collection<Document>> {
    const collection = suite.collection(suite.freshName('subscribers'));
    await collection.createIndex({ email: 1 }, { unique: true, ...options });
    return collection;
  }

  const indexNames = async (collection: Collection<Document>) =>
    (await collection.listIndexes().toArray()).map((index) => index.name as string).sort();

  describe('create, list and drop', function () {
    it('lists the _id_ index of a new collection', async function () {
      const collection = suite.collection(suite.freshName());
      await collection.insertOne({ a: 1 });
      const indexes = await collection.listIndexes().toArray();
      expect(indexes).to.have.length(1);
      expect(indexes[0]).to.deep.include({ name: '_id_', key: { _id: 1 }, v: 2 });
    });

    it('names indexes from their keys unless a name is given, and lists their options', async function () {
      const collection = suite.collection(suite.freshName());
      expect(await collection.createIndex({ articleId: 1, createdAt: -1 })).to.equal('articleId_1_createdAt_-1');
      expect(await collection.createIndex({ email: 1 }, { unique: true, name: 'by_email' })).to.equal('by_email');
      const indexes = await collection.listIndexes().toArray();
      expect(indexes.map((index) => index.name).sort()).to.deep.equal(['_id_', 'articleId_1_createdAt_-1', 'by_email']);
      expect(indexes.find((index) => index.name === 'by_email')).to.deep.include({ key: { email: 1 }, unique: true });
      expect(indexes.find((index) => index.name === 'articleId_1_createdAt_-1')).not.to.have.property('unique');
    });

    it('answers raw createIndexes with index counts, and accepts the same index again', async function () {
      const name = suite.freshName();
      const spec = { createIndexes: name, indexes: [{ key: { slug: 1 }, name: 'slug_1', unique: true }] };
      const first = await suite.db.command(spec);
      expect(first).to.deep.include({ ok: 1, numIndexesBefore: 1, numIndexesAfter: 2, createdCollectionAutomatically: true });
      const again = await suite.db.command(spec);
      expect(again).to.deep.include({ ok: 1, numIndexesBefore: 2, numIndexesAfter: 2 });
    });

    it('refuses an index whose auto-generated name is taken by one with other options', async function () {
      const collection = suite.collection(suite.freshName());
      await collection.createIndex({ email: 1 });
      const error = await expectServerError(collection.createIndex({ email: 1 }, { unique: true }), 86);
      expect(error.codeName).to.equal('IndexKeySpecsConflict');
    });

    it('refuses the same index under another name', async function () {
      const collection = suite.collection(suite.freshName());
      await collection.createIndex({ email: 1 });
      const error = await expectServerError(collection.createIndex({ email: 1 }, { name: 'other' }), 85);
      expect(error.codeName).to.equal('IndexOptionsConflict');
    });

    it('lists a TTL index with its expireAfterSeconds', async function () {
      const collection = suite.collection(suite.freshName());
      await collection.createIndex({ seenAt: 1 }, { expireAfterSeconds: 3600 });
      const ttl = (await collection.listIndexes().toArray()).find((index) => index.name === 'seenAt_1');
      expect(ttl).to.deep.include({ key: { seenAt: 1 }, expireAfterSeconds: 3600 });
    });

    it('fails listIndexes on a collection that does not exist with NamespaceNotFound', async function () {
      await expectServerError(suite.db.command({ listIndexes: suite.freshName('missing') }), 26);
    });

    it('drops an index by name; refuses to drop _id_ or an unknown index', async function () {
      const collection = await withUniqueEmail();
      expect(await indexNames(collection)).to.deep.equal(['_id_', 'email_1']);
      await collection.dropIndex('email_1');
      expect(await indexNames(collection)).to.deep.equal(['_id_']);
      await expectServerError(collection.dropIndex('_id_'), 72);
      await expectServerError(collection.dropIndex('email_1'), 27);
    });

    it('dropIndexes removes every index except _id_', async function () {
      const collection = suite.collection(suite.freshName());
      await collection.createIndexes([{ key: { a: 1 } }, { key: { b: -1 } }]);
      await collection.dropIndexes();
      expect(await indexNames(collection)).to.deep.equal(['_id_']);
    });
  });

  describe('unique', function () {
    it('refuses a duplicate insert with 11000, keyPattern and keyValue', async function () {
      const subscribers = await withUniqueEmail();
      await subscribers.insertOne(subscriber('ann@example.org'));
      const error = await expectServerError(subscribers.insertOne(subscriber('ann@example.org')), 11000);
      expect(error.keyPattern).to.deep.equal({ email: 1 });
      expect(error.keyValue).to.deep.equal({ email: 'ann@example.org' });
      expect(error.message).to.match(/E11000 duplicate key error collection: .* index: email_1 dup key/);
      expect(await subscribers.countDocuments()).to.equal(1);
    });

    it('reports the duplicate in insertMany as a MongoBulkWriteError with the failing index', async function () {
      const subscribers = await withUniqueEmail();
      const error = await expectServerError(
        subscribers.insertMany([subscriber('a@x.org'), subscriber('b@x.org'), subscriber('a@x.org')], { ordered: false }),
        11000,
      );
      expect(error).to.be.instanceOf(MongoBulkWriteError);
      const writeErrors = [(error as MongoBulkWriteError).writeErrors].flat();
      expect(writeErrors.map((writeError) => writeError.index)).to.deep.equal([2]);
      expect(writeErrors[0]!.errmsg).to.match(/index: email_1 dup key/);
    });

    it('refuses an update that would create a duplicate', async function () {
      const subscribers = await withUniqueEmail();
      await subscribers.insertMany([subscriber('a@x.org', { n: 1 }), subscriber('b@x.org', { n: 2 })]);
      const error = await expectServerError(subscribers.updateOne({ n: 2 }, { $set: { email: 'a@x.org' } }), 11000);
      expect(error.keyPattern).to.deep.equal({ email: 1 });
      expect(error.keyValue).to.deep.equal({ email: 'a@x.org' });
      expect((await subscribers.findOne({ n: 2 }))?.email).to.equal('b@x.org');
    });

    it('refuses an updateMany that would give two documents the same key, keeping the earlier writes', async function () {
      const subscribers = await withUniqueEmail();
      await subscribers.insertMany([subscriber('a@x.org'), subscriber('b@x.org')]);
      await expectServerError(subscribers.updateMany({}, { $set: { email: 'same@x.org' } }), 11000);
      expect(await subscribers.countDocuments({ email: 'same@x.org' })).to.equal(1);
    });

    it('refuses an upsert that would insert a duplicate', async function () {
      const subscribers = await withUniqueEmail();
      await subscribers.insertOne(subscriber('a@x.org', { n: 1 }));
      const error = await expectServerError(
        subscribers.updateOne({ n: 99 }, { $set: { email: 'a@x.org' } }, { upsert: true }),
        11000,
      );
      expect(error.keyValue).to.deep.equal({ email: 'a@x.org' });
      expect(await subscribers.countDocuments()).to.equal(1);
    });

    it('refuses findOneAndUpdate that would create a duplicate, with keyPattern and keyValue', async function () {
      const subscribers = await withUniqueEmail();
      await subscribers.insertMany([subscriber('a@x.org', { n: 1 }), subscriber('b@x.org', { n: 2 })]);
      const error = await expectServerError(
        subscribers.findOneAndUpdate({ n: 2 }, { $set: { email: 'a@x.org' } }),
        11000,
      );
      expect(error.keyPattern).to.deep.equal({ email: 1 });
      expect(error.keyValue).to.deep.equal({ email: 'a@x.org' });
    });

    it('treats a missing field as null: a second document without it is a duplicate', async function () {
      const subscribers = await withUniqueEmail();
      await subscribers.insertOne(subscriber(undefined, { n: 1 }));
      const error = await expectServerError(subscribers.insertOne(subscriber(undefined, { n: 2 })), 11000);
      expect(error.keyValue).to.deep.equal({ email: null });
    });

    it('compound unique: the same first key with another second key is allowed, the same pair is not', async function () {
      const subscribers = suite.collection(suite.freshName('subscribers'));
      await subscribers.createIndex({ publisher: 1, email: 1 }, { unique: true });
      await subscribers.insertOne({ publisher: 'p1', email: 'a@x.org' });
      await subscribers.insertOne({ publisher: 'p2', email: 'a@x.org' });
      await subscribers.insertOne({ publisher: 'p1', email: 'b@x.org' });
      const error = await expectServerError(subscribers.insertOne({ publisher: 'p1', email: 'a@x.org' }), 11000);
      expect(error.keyPattern).to.deep.equal({ publisher: 1, email: 1 });
      expect(error.keyValue).to.deep.equal({ publisher: 'p1', email: 'a@x.org' });
      expect(await subscribers.countDocuments()).to.equal(3);
    });

    it('fails to build a unique index over existing duplicates, and leaves no index behind', async function () {
      const subscribers = suite.collection(suite.freshName('subscribers'));
      await subscribers.insertMany([subscriber('a@x.org'), subscriber('a@x.org')]);
      await expectServerError(subscribers.createIndex({ email: 1 }, { unique: true }), 11000);
      expect(await indexNames(subscribers)).to.deep.equal(['_id_']);
    });

    it('allows the duplicate again once the unique index is dropped', async function () {
      const subscribers = await withUniqueEmail();
      await subscribers.insertOne(subscriber('a@x.org'));
      await expectServerError(subscribers.insertOne(subscriber('a@x.org')), 11000);
      await subscribers.dropIndex('email_1');
      await subscribers.insertOne(subscriber('a@x.org'));
      expect(await subscribers.countDocuments({ email: 'a@x.org' })).to.equal(2);
    });
  });

  describe('sparse and partial unique', function () {
    it('sparse: documents without the field never collide, but explicit nulls do', async function () {
      const subscribers = await withUniqueEmail({ sparse: true });
      await subscribers.insertMany([subscriber(undefined), subscriber(undefined), subscriber('a@x.org')]);
      await subscribers.insertOne(subscriber(null));
      await expectServerError(subscribers.insertOne(subscriber(null)), 11000);
      await expectServerError(subscribers.insertOne(subscriber('a@x.org')), 11000);
      expect(await subscribers.countDocuments()).to.equal(4);
    });

    it('partialFilterExpression: only documents matching the filter are held unique', async function () {
      const subscribers = await withUniqueEmail({ partialFilterExpression: { status: 'active' } });
      await subscribers.insertMany([
        subscriber('a@x.org', { status: 'inactive' }),
        subscriber('a@x.org', { status: 'inactive' }),
        subscriber('a@x.org', { status: 'active' }),
      ]);
      await expectServerError(subscribers.insertOne(subscriber('a@x.org', { status: 'active' })), 11000);
      await expectServerError(
        subscribers.updateOne({ status: 'inactive' }, { $set: { status: 'active' } }),
        11000,
      );
      expect(await subscribers.countDocuments({ status: 'active' })).to.equal(1);
    });

    it('lists the sparse and partialFilterExpression options', async function () {
      const sparse = await withUniqueEmail({ sparse: true });
      const partial = await withUniqueEmail({ partialFilterExpression: { status: 'active' } });
      const sparseIndex = (await sparse.listIndexes().toArray()).find((index) => index.name === 'email_1');
      const partialIndex = (await partial.listIndexes().toArray()).find((index) => index.name === 'email_1');
      expect(sparseIndex).to.deep.include({ unique: true, sparse: true });
      expect(partialIndex).to.deep.include({ unique: true, partialFilterExpression: { status: 'active' } });
    });
  });
});
