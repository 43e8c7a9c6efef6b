import { expect } from 'chai';
import { ObjectId } from 'mongodb';
import { useTestDatabase } from './support.js';

/** Review tasks as a moderation queue holds them: the highest priority is taken first. */
function reviewTask(id: string, priority: number, state = 'open') {
  return { _id: id, priority, state };
}

describe('mongo-double conformance: findAndModify', function () {
  const suite = useTestDatabase('find_and_modify');

  async function taskQueue() {
    const tasks = suite.collection(suite.freshName('tasks'));
    await tasks.insertMany([reviewTask('low', 1), reviewTask('high', 9), reviewTask('mid', 5)]);
    return tasks;
  }

  it('findOneAndUpdate returns the document before the update by default', async function () {
    const tasks = await taskQueue();
    const before = await tasks.findOneAndUpdate({ _id: 'mid' }, { $set: { state: 'taken' } });
    expect(before).to.deep.equal(reviewTask('mid', 5));
    expect(await tasks.findOne({ _id: 'mid' })).to.deep.equal(reviewTask('mid', 5, 'taken'));
  });

  it('findOneAndUpdate returns the updated document with returnDocument: after', async function () {
    const tasks = await taskQueue();
    const after = await tasks.findOneAndUpdate({ _id: 'low' }, { $inc: { priority: 10 } }, { returnDocument: 'after' });
    expect(after).to.deep.equal(reviewTask('low', 11));
  });

  it('sort chooses which of several matching documents is modified', async function () {
    const tasks = await taskQueue();
    const taken = await tasks.findOneAndUpdate(
      { state: 'open' },
      { $set: { state: 'taken' } },
      { sort: { priority: -1 }, returnDocument: 'after' },
    );
    expect(taken).to.deep.equal(reviewTask('high', 9, 'taken'));
    const next = await tasks.findOneAndUpdate({ state: 'open' }, { $set: { state: 'taken' } }, { sort: { priority: -1 } });
    expect(next?._id).to.equal('mid');
    expect(await tasks.countDocuments({ state: 'open' })).to.equal(1);
  });

  it('returns null when nothing matches and upsert is off, and writes nothing', async function () {
    const tasks = await taskQueue();
    expect(await tasks.findOneAndUpdate({ _id: 'none' }, { $set: { state: 'taken' } })).to.equal(null);
    expect(await tasks.countDocuments()).to.equal(3);
  });

  it('upserts: null before, the new document after', async function () {
    const tasks = suite.collection(suite.freshName('tasks'));
    const before = await tasks.findOneAndUpdate({ _id: 'a' }, { $set: { priority: 1 } }, { upsert: true });
    expect(before).to.equal(null);
    const after = await tasks.findOneAndUpdate(
      { _id: 'b' },
      { $set: { priority: 2 }, $setOnInsert: { state: 'open' } },
      { upsert: true, returnDocument: 'after' },
    );
    expect(after).to.deep.equal(reviewTask('b', 2));
    expect(await tasks.countDocuments()).to.equal(2);
  });

  it('reports lastErrorObject with includeResultMetadata', async function () {
    const tasks = await taskQueue();
    const updated = await tasks.findOneAndUpdate(
      { _id: 'low' },
      { $set: { state: 'taken' } },
      { includeResultMetadata: true },
    );
    expect(updated.ok).to.equal(1);
    expect(updated.value).to.deep.equal(reviewTask('low', 1));
    expect(updated.lastErrorObject).to.deep.include({ n: 1, updatedExisting: true });

    const upserted = await tasks.findOneAndUpdate(
      { _id: 'new' },
      { $set: { priority: 0 } },
      { upsert: true, includeResultMetadata: true },
    );
    expect(upserted.value).to.equal(null);
    expect(upserted.lastErrorObject).to.deep.equal({ n: 1, updatedExisting: false, upserted: 'new' });
  });

  it('findOneAndDelete removes and returns the document the sort picks first', async function () {
    const tasks = await taskQueue();
    const removed = await tasks.findOneAndDelete({}, { sort: { priority: 1 } });
    expect(removed).to.deep.equal(reviewTask('low', 1));
    expect((await tasks.find().sort({ _id: 1 }).toArray()).map((task) => task._id)).to.deep.equal(['high', 'mid']);
  });

  it('findOneAndReplace returns before or after and keeps _id', async function () {
    const tasks = await taskQueue();
    const before = await tasks.findOneAndReplace({ _id: 'high' }, { priority: 0, state: 'closed' });
    expect(before).to.deep.equal(reviewTask('high', 9));
    const after = await tasks.findOneAndReplace(
      { _id: 'mid' },
      { priority: 0, state: 'closed' },
      { returnDocument: 'after' },
    );
    expect(after).to.deep.equal(reviewTask('mid', 0, 'closed'));
    expect(await tasks.findOne({ _id: 'high' })).to.deep.equal(reviewTask('high', 0, 'closed'));
  });

  it('applies a projection to the returned document', async function () {
    const tasks = await taskQueue();
    const result = await tasks.findOneAndUpdate(
      { _id: 'mid' },
      { $set: { state: 'taken' } },
      { projection: { _id: 0, state: 1 }, returnDocument: 'after' },
    );
    expect(result).to.deep.equal({ state: 'taken' });
  });

  describe('raw findAndModify command', function () {
    it('update with new: true returns the new document and lastErrorObject', async function () {
      const tasks = await taskQueue();
      const reply = await suite.db.command({
        findAndModify: tasks.collectionName,
        query: { state: 'open' },
        sort: { priority: -1 },
        update: { $set: { state: 'taken' } },
        new: true,
      });
      expect(reply.ok).to.equal(1);
      expect(reply.value).to.deep.equal(reviewTask('high', 9, 'taken'));
      expect(reply.lastErrorObject).to.deep.equal({ n: 1, updatedExisting: true });
    });

    it('remove: true deletes the document and returns it', async function () {
      const tasks = await taskQueue();
      const reply = await suite.db.command({ findAndModify: tasks.collectionName, query: { _id: 'low' }, remove: true });
      expect(reply.value).to.deep.equal(reviewTask('low', 1));
      expect(reply.lastErrorObject).to.deep.equal({ n: 1 });
      expect(await tasks.countDocuments({ _id: 'low' })).to.equal(0);
    });

    it('a miss returns value null and n: 0', async function () {
      const tasks = await taskQueue();
      const reply = await suite.db.command({
        findAndModify: tasks.collectionName,
        query: { _id: 'absent' },
        update: { $set: { state: 'taken' } },
      });
      expect(reply.value).to.equal(null);
      expect(reply.lastErrorObject).to.deep.equal({ n: 0, updatedExisting: false });
    });

    it('upsert with new: true reports the generated _id', async function () {
      const tasks = suite.collection(suite.freshName('tasks'));
      const reply = await suite.db.command({
        findAndModify: tasks.collectionName,
        query: { queue: 'q1' },
        update: { $inc: { size: 1 } },
        upsert: true,
        new: true,
      });
      expect(reply.lastErrorObject.n).to.equal(1);
      expect(reply.lastErrorObject.updatedExisting).to.equal(false);
      expect(reply.lastErrorObject.upserted).to.be.instanceOf(ObjectId);
      expect(reply.value).to.deep.equal({ _id: reply.lastErrorObject.upserted, queue: 'q1', size: 1 });
    });
  });
});
