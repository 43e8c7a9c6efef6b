import { expect } from 'chai';
import { ObjectId, type Document } from 'mongodb';
import { comment, expectServerError, numberedDocs, useTestDatabase, type CommentFixture } from './support.js';

describe('mongo-double conformance: update', function () {
  const suite = useTestDatabase('update');

  /**
   * A new collection holding one comment. `comments` is typed by the fixture; `loose` is the same
   * collection for updates that leave the fixture's shape (new fields, wrong types on purpose).
   */
  async function oneComment(overrides: Partial<CommentFixture> = {}) {
    const name = suite.freshName();
    const comments = suite.db.collection<CommentFixture>(name);
    const doc = comment(overrides);
    await comments.insertOne(doc);
    return { comments, loose: suite.collection(name), _id: doc._id, doc };
  }

  describe('operators', function () {
    it('$set changes the named fields and keeps the others', async function () {
      const { comments, _id, doc } = await oneComment({ text: 'before' });
      const result = await comments.updateOne({ _id }, { $set: { text: 'after', 'author.name': 'Renamed' } });
      expect(result.matchedCount).to.equal(1);
      expect(result.modifiedCount).to.equal(1);
      expect(await comments.findOne({ _id })).to.deep.equal({
        ...doc,
        text: 'after',
        author: { ...doc.author, name: 'Renamed' },
      });
    });

    it('$set on a dotted path creates the embedded documents it needs', async function () {
      const { loose, _id } = await oneComment();
      await loose.updateOne({ _id }, { $set: { 'moderation.review.state': 'pending' } });
      expect((await loose.findOne({ _id }))?.moderation).to.deep.equal({ review: { state: 'pending' } });
    });

    it('$inc adds to a number and starts a missing field from zero', async function () {
      const { loose, _id } = await oneComment({ score: 2 });
      await loose.updateOne({ _id }, { $inc: { score: 3, reports: 1 } });
      await loose.updateOne({ _id }, { $inc: { reports: 1, score: -0.5 } });
      expect(await loose.findOne({ _id }, { projection: { _id: 0, score: 1, reports: 1 } })).to.deep.equal({
        score: 4.5,
        reports: 2,
      });
    });

    it('$inc on a non-numeric field fails with TypeMismatch and changes nothing', async function () {
      const { comments, loose, _id } = await oneComment({ text: 'words' });
      await expectServerError(loose.updateOne({ _id }, { $inc: { text: 1 } }), 14);
      expect((await comments.findOne({ _id }))?.text).to.equal('words');
    });

    it('$push appends, with $each several at once, duplicates included', async function () {
      const { comments, _id } = await oneComment({ tags: ['a'] });
      await comments.updateOne({ _id }, { $push: { tags: 'b' } });
      await comments.updateOne({ _id }, { $push: { tags: { $each: ['a', 'c'] } } });
      expect((await comments.findOne({ _id }))?.tags).to.deep.equal(['a', 'b', 'a', 'c']);
    });

    it('$addToSet adds only values that are not there yet', async function () {
      const { comments, _id } = await oneComment({ tags: ['a'] });
      const repeat = await comments.updateOne({ _id }, { $addToSet: { tags: 'a' } });
      expect(repeat.matchedCount).to.equal(1);
      expect(repeat.modifiedCount).to.equal(0);
      await comments.updateOne({ _id }, { $addToSet: { tags: { $each: ['b', 'a', 'c', 'b'] } } });
      expect((await comments.findOne({ _id }))?.tags).to.deep.equal(['a', 'b', 'c']);
    });

    it('$pull removes every matching element', async function () {
      const { comments, _id } = await oneComment({ tags: ['a', 'b', 'a', 'c'] });
      await comments.updateOne({ _id }, { $pull: { tags: 'a' } });
      expect((await comments.findOne({ _id }))?.tags).to.deep.equal(['b', 'c']);
    });

    it('$unset removes the field', async function () {
      const { comments, _id } = await oneComment();
      await comments.updateOne({ _id }, { $unset: { text: '' } });
      const stored = await comments.findOne({ _id });
      expect(stored).not.to.have.property('text');
      expect(stored).to.have.property('articleId');
    });

    it('$min and $max keep the smaller or larger value; $rename moves a field', async function () {
      const { loose, _id } = await oneComment({ score: 0.5 });
      await loose.updateOne({ _id }, { $max: { score: 0.25, peak: 3 } });
      expect((await loose.findOne({ _id }))?.score).to.equal(0.5);
      await loose.updateOne({ _id }, { $min: { score: -0.5 }, $max: { peak: 7 } });
      await loose.updateOne({ _id }, { $rename: { text: 'body' } });
      const stored = await loose.findOne({ _id });
      expect(stored).to.include({ score: -0.5, peak: 7, body: 'A thoughtful remark' });
      expect(stored).not.to.have.property('text');
    });

    it('the positional $ updates the array element the filter matched', async function () {
      const { loose, _id } = await oneComment({
        flags: [
          { kind: 'spam', confidence: 0.2 },
          { kind: 'abuse', confidence: 0.4 },
        ],
      });
      await loose.updateOne({ _id, 'flags.kind': 'abuse' }, { $set: { 'flags.$.confidence': 0.9 } });
      expect((await loose.findOne({ _id }))?.flags).to.deep.equal([
        { kind: 'spam', confidence: 0.2 },
        { kind: 'abuse', confidence: 0.9 },
      ]);
    });

    it('$currentDate stores the server time as a Date', async function () {
      const { loose, _id } = await oneComment();
      await loose.updateOne({ _id }, { $currentDate: { reviewedAt: true } });
      expect((await loose.findOne({ _id }))?.reviewedAt).to.be.instanceOf(Date);
    });

    it('refuses to change _id with ImmutableField', async function () {
      const { comments, _id } = await oneComment();
      await expectServerError(comments.updateOne({ _id }, { $set: { _id: new ObjectId() } }), 66);
      expect(await comments.countDocuments({ _id })).to.equal(1);
    });

    it('refuses an unknown update operator with FailedToParse', async function () {
      const { comments, _id } = await oneComment();
      await expectServerError(comments.updateOne({ _id }, { $frobnicate: { text: 1 } } as Document), 9);
    });
  });

  describe('upsert', function () {
    it('inserts once with $setOnInsert and the equality fields of the filter, then only updates', async function () {
      const counters = suite.collection(suite.freshName('counters'));
      const first = await counters.updateOne(
        { articleId: 'a1', 'window.hour': 9 },
        { $inc: { comments: 1 }, $setOnInsert: { createdBy: 'first' } },
        { upsert: true },
      );
      expect(first.matchedCount).to.equal(0);
      expect(first.modifiedCount).to.equal(0);
      expect(first.upsertedCount).to.equal(1);
      expect(first.upsertedId).to.be.instanceOf(ObjectId);

      const second = await counters.updateOne(
        { articleId: 'a1', 'window.hour': 9 },
        { $inc: { comments: 1 }, $setOnInsert: { createdBy: 'second' } },
        { upsert: true },
      );
      expect(second.matchedCount).to.equal(1);
      expect(second.modifiedCount).to.equal(1);
      expect(second.upsertedCount).to.equal(0);
      expect(second.upsertedId).to.equal(null);

      const all = await counters.find().toArray();
      expect(all).to.deep.equal([
        { _id: first.upsertedId, articleId: 'a1', window: { hour: 9 }, comments: 2, createdBy: 'first' },
      ]);
    });

    it('uses the _id from the filter for the upserted document', async function () {
      const counters = suite.collection(suite.freshName('counters'));
      const result = await counters.updateOne({ _id: 'daily-2024-05-01' }, { $set: { total: 5 } }, { upsert: true });
      expect(result.upsertedId).to.equal('daily-2024-05-01');
      expect(await counters.findOne({ _id: 'daily-2024-05-01' })).to.deep.equal({ _id: 'daily-2024-05-01', total: 5 });
    });

    it('does not copy operator conditions of the filter into the new document', async function () {
      const counters = suite.collection(suite.freshName('counters'));
      await counters.updateOne({ key: 'k', score: { $gt: 5 } }, { $set: { seen: true } }, { upsert: true });
      const stored = await counters.findOne({ key: 'k' });
      expect(stored).to.include({ key: 'k', seen: true });
      expect(stored).not.to.have.property('score');
    });
  });

  describe('many', function () {
    it('updateMany counts matched and modified documents apart', async function () {
      const comments = suite.collection(suite.freshName());
      await comments.insertMany([
        comment({ articleId: 'x', text: 'hidden' }),
        comment({ articleId: 'x', text: 'shown' }),
        comment({ articleId: 'x', text: 'shown' }),
        comment({ articleId: 'y', text: 'shown' }),
      ]);
      const result = await comments.updateMany({ articleId: 'x' }, { $set: { text: 'hidden' } });
      expect(result.matchedCount).to.equal(3);
      expect(result.modifiedCount).to.equal(2);
      expect(await comments.countDocuments({ text: 'hidden' })).to.equal(3);
    });

    it('answers a raw update with n and nModified 0 when the value is already set', async function () {
      const name = suite.freshName();
      await suite.collection(name).insertMany(numberedDocs(4).map((doc) => ({ ...doc, state: 'ok' })));
      const reply = await suite.db.command({
        update: name,
        updates: [{ q: { n: { $lt: 3 } }, u: { $set: { state: 'ok' } }, multi: true }],
      });
      expect(reply).to.deep.include({ ok: 1, n: 3, nModified: 0 });
      expect(reply).not.to.have.property('upserted');
    });

    it('answers a raw upsert with the upserted index and _id', async function () {
      const name = suite.freshName();
      const reply = await suite.db.command({
        update: name,
        updates: [
          { q: { _id: 'missing' }, u: { $set: { v: 1 } }, upsert: true },
          { q: { _id: 'other' }, u: { $set: { v: 2 } }, upsert: true },
        ],
      });
      expect(reply).to.deep.include({ ok: 1, n: 2, nModified: 0 });
      expect(reply.upserted).to.deep.equal([
        { index: 0, _id: 'missing' },
        { index: 1, _id: 'other' },
      ]);
    });
  });

  describe('pipeline and replacement', function () {
    it('applies an aggregation pipeline update computed from the document itself', async function () {
      const comments = suite.collection(suite.freshName());
      await comments.insertOne({ _id: 1, positive: 3, negative: 1 });
      await comments.updateOne({ _id: 1 }, [
        { $set: { total: { $add: ['$positive', '$negative'] } } },
        { $unset: 'negative' },
      ]);
      expect(await comments.findOne({ _id: 1 })).to.deep.equal({ _id: 1, positive: 3, total: 4 });
    });

    it('replaceOne swaps the whole document and keeps _id', async function () {
      const { loose, _id } = await oneComment({ text: 'old' });
      const result = await loose.replaceOne({ _id }, { text: 'new', replaced: true });
      expect(result.matchedCount).to.equal(1);
      expect(result.modifiedCount).to.equal(1);
      expect(await loose.findOne({ _id })).to.deep.equal({ _id, text: 'new', replaced: true });
    });

    it('replaceOne with upsert inserts the replacement when nothing matches', async function () {
      const comments = suite.collection(suite.freshName());
      const result = await comments.replaceOne({ key: 'k' }, { key: 'k', v: 1 }, { upsert: true });
      expect(result.upsertedCount).to.equal(1);
      expect(await comments.findOne({ key: 'k' }, { projection: { _id: 0 } })).to.deep.equal({ key: 'k', v: 1 });
    });
  });
});
