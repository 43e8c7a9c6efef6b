import { expect } from 'chai';
import { Long, type ClientSession, type Document } from 'mongodb';
import { commandNames, cursorId, expectServerError, numberedDocs, useTestDatabase } from './support.js';

describe('mongo-double conformance: cursors', function () {
  const suite = useTestDatabase('cursors');
  let name: string;
  // A cursor belongs to the session that created it: raw find/getMore/killCursors share one.
  let session: ClientSession;

  before(async function () {
    name = suite.freshName('numbers');
    await suite.collection(name).insertMany(numberedDocs(25).reverse());
    session = suite.client.startSession();
  });

  after(async function () {
    await session?.endSession();
  });

  it('iterates 25 documents in batches of 4 through getMore and ends exhausted', async function () {
    suite.commands.length = 0;
    const cursor = suite.collection(name).find({}, { batchSize: 4 }).sort({ n: 1 });
    const seen: number[] = [];
    while (await cursor.hasNext()) {
      const doc = await cursor.next();
      seen.push(doc!.n as number);
    }
    expect(seen).to.deep.equal(numberedDocs(25).map((doc) => doc.n));
    // 4 in the first batch, then batches of 4, 4, 4, 4, 4 and 1: the last one closes the cursor.
    expect(commandNames(suite.commands).filter((command) => command === 'getMore')).to.have.length(6);
    expect(cursor.id?.isZero()).to.equal(true);
    expect(cursor.closed).to.equal(true);
    await cursor.close();
  });

  it('pages by hand with raw find and getMore until the cursor id is 0', async function () {
    const first = await suite.db.command({ find: name, sort: { n: 1 }, batchSize: 4 }, { session });
    expect(first.cursor.firstBatch).to.have.length(4);
    let id = cursorId(first.cursor.id);
    expect(id.isZero()).to.equal(false);
    const seen: number[] = (first.cursor.firstBatch as Document[]).map((doc) => doc.n as number);
    while (!id.isZero()) {
      const reply = await suite.db.command({ getMore: id, collection: name, batchSize: 4 }, { session });
      expect(reply.cursor.ns).to.equal(`${suite.database.name}.${name}`);
      expect(reply.cursor.nextBatch.length).to.be.at.most(4);
      seen.push(...(reply.cursor.nextBatch as Document[]).map((doc) => doc.n as number));
      id = cursorId(reply.cursor.id);
    }
    expect(seen).to.deep.equal(numberedDocs(25).map((doc) => doc.n));
  });

  it('fails a getMore on a cursor that is already exhausted with CursorNotFound', async function () {
    const first = await suite.db.command({ find: name, batchSize: 20 }, { session });
    const id = cursorId(first.cursor.id);
    const rest = await suite.db.command({ getMore: id, collection: name }, { session });
    expect(cursorId(rest.cursor.id).isZero()).to.equal(true);
    const error = await expectServerError(suite.db.command({ getMore: id, collection: name }, { session }), 43);
    expect(error.codeName).to.equal('CursorNotFound');
  });

  it('kills the server cursor when the driver cursor is closed early', async function () {
    suite.commands.length = 0;
    const cursor = suite.collection(name).find({}, { batchSize: 4 }).sort({ n: 1 });
    expect((await cursor.next())?.n).to.equal(0);
    const id = cursor.id;
    expect(id?.isZero()).to.equal(false);
    await cursor.close();
    expect(commandNames(suite.commands)).to.include('killCursors');
    const error = await expectServerError(suite.db.command({ getMore: id, collection: name }), 43);
    expect(error.codeName).to.equal('CursorNotFound');
  });

  it('answers a raw killCursors with the killed and the unknown ids', async function () {
    const first = await suite.db.command({ find: name, batchSize: 2 }, { session });
    const live = cursorId(first.cursor.id);
    const unknown = Long.fromString('123456789012345');
    const reply = await suite.db.command({ killCursors: name, cursors: [live, unknown] }, { session });
    expect(reply.ok).to.equal(1);
    expect(reply.cursorsKilled.map(String)).to.deep.equal([live.toString()]);
    expect(reply.cursorsNotFound.map(String)).to.deep.equal([unknown.toString()]);
    expect(reply.cursorsAlive).to.deep.equal([]);
    await expectServerError(suite.db.command({ getMore: live, collection: name }, { session }), 43);
  });

  it('returns one batch and no cursor when singleBatch is set', async function () {
    const reply = await suite.db.command({ find: name, sort: { n: 1 }, batchSize: 4, singleBatch: true }, { session });
    expect((reply.cursor.firstBatch as Document[]).map((doc) => doc.n)).to.deep.equal([0, 1, 2, 3]);
    expect(cursorId(reply.cursor.id).isZero()).to.equal(true);
    const docs = await suite.collection(name).find({}, { sort: { n: 1 }, batchSize: 3, singleBatch: true }).toArray();
    expect(docs.map((doc) => doc.n)).to.deep.equal([0, 1, 2]);
  });

  it('treats a negative limit as a single batch of at most that many documents', async function () {
    suite.commands.length = 0;
    const docs = await suite.collection(name).find().sort({ n: -1 }).limit(-5).toArray();
    expect(docs.map((doc) => doc.n)).to.deep.equal([24, 23, 22, 21, 20]);
    expect(commandNames(suite.commands)).not.to.include('getMore');
  });

  it('accepts maxTimeMS, readConcern local and majority, and a hint naming an existing index', async function () {
    await suite.collection(name).createIndex({ n: -1 });
    const timed = await suite.collection(name).find({ n: { $lt: 3 } }, { maxTimeMS: 10_000 }).sort({ n: 1 }).toArray();
    expect(timed.map((doc) => doc.n)).to.deep.equal([0, 1, 2]);
    for (const level of ['local', 'majority'] as const) {
      const docs = await suite.collection(name).find({ n: 4 }, { readConcern: { level } }).toArray();
      expect(docs.map((doc) => doc.n)).to.deep.equal([4]);
    }
    const hinted = await suite.collection(name).find({ n: { $gte: 22 } }, { hint: 'n_-1' }).sort({ n: 1 }).toArray();
    expect(hinted.map((doc) => doc.n)).to.deep.equal([22, 23, 24]);
  });

  it('refuses a hint naming no index with BadValue', async function () {
    await expectServerError(suite.collection(name).find({}, { hint: 'no_such_index' }).toArray(), 2);
  });

  it('limits the total across getMores to the limit', async function () {
    suite.commands.length = 0;
    const docs = await suite.collection(name).find().sort({ n: 1 }).limit(10).batchSize(3).toArray();
    expect(docs.map((doc) => doc.n)).to.deep.equal([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(commandNames(suite.commands).filter((command) => command === 'getMore').length).to.be.at.least(3);
  });
});
