import { expect } from 'chai';
import { Long, MongoServerError } from 'mongodb';
import { expectServerError, rejection, useTestDatabase } from './support.js';

describe('mongo-double conformance: errors a standalone mongod gives', function () {
  const suite = useTestDatabase('errors');

  /**
   * For a write the driver replaces IllegalOperation with its own advice about retryWrites, and keeps
   * the server's error as `originalError`: that is what the server said.
   */
  const TRANSACTIONS_REFUSED = /Transaction numbers are only allowed on a replica set member or mongos/;
  function expectTransactionRefused(error: MongoServerError) {
    const original = (error as MongoServerError & { originalError?: MongoServerError }).originalError ?? error;
    expect(original.code, original.message).to.equal(20);
    expect(original.message).to.match(TRANSACTIONS_REFUSED);
  }

  it('refuses a transaction in withTransaction with IllegalOperation, as a standalone has none', async function () {
    const collection = suite.collection(suite.freshName());
    const session = suite.client.startSession();
    try {
      const error = await rejection(
        session.withTransaction(async () => {
          await collection.insertOne({ a: 1 }, { session });
        }),
      );
      expectTransactionRefused(error);
    } finally {
      await session.endSession();
    }
    expect(await collection.countDocuments()).to.equal(0);
  });

  it('refuses startTransaction followed by an insert the same way', async function () {
    const collection = suite.collection(suite.freshName());
    const session = suite.client.startSession();
    try {
      session.startTransaction();
      expectTransactionRefused(await rejection(collection.insertOne({ a: 1 }, { session })));
      await session.abortTransaction().catch(() => undefined);
    } finally {
      await session.endSession();
    }
    expect(await collection.countDocuments()).to.equal(0);
  });

  it('refuses a raw insert that carries a transaction number with code 20', async function () {
    const session = suite.client.startSession();
    try {
      const command = {
        insert: suite.freshName(),
        documents: [{ a: 1 }],
        txnNumber: Long.fromNumber(1),
        startTransaction: true,
        autocommit: false,
      };
      const error = await expectServerError(suite.db.command(command, { session }), 20);
      expect(error.codeName).to.equal('IllegalOperation');
      expect(error.message).to.match(TRANSACTIONS_REFUSED);
    } finally {
      await session.endSession();
    }
  });

  it('refuses a change stream with code 40573', async function () {
    const stream = suite.collection(suite.freshName()).watch();
    try {
      await expectServerError(stream.tryNext(), 40573);
    } finally {
      await stream.close();
    }
  });

  it('refuses a raw $changeStream aggregate with code 40573', async function () {
    await expectServerError(
      suite.db.command({ aggregate: suite.freshName(), pipeline: [{ $changeStream: {} }], cursor: {} }),
      40573,
    );
  });

  it('refuses an unknown command with CommandNotFound', async function () {
    const error = await expectServerError(suite.db.command({ frobnicateEverything: 1 }), 59);
    expect(error.codeName).to.equal('CommandNotFound');
    expect(error.message).to.include('frobnicateEverything');
  });

  it('refuses an unknown field in a find command with UnknownField', async function () {
    const error = await expectServerError(suite.db.command({ find: suite.freshName(), filter: {}, frobnicate: true }), 40415);
    expect(error.message).to.include('frobnicate');
  });

  it('refuses an unknown top-level query operator with BadValue', async function () {
    const collection = suite.collection(suite.freshName());
    await collection.insertOne({ a: 1 });
    await expectServerError(collection.find({ $frobnicate: 1 }).toArray(), 2);
    await expectServerError(collection.find({ a: { $frobnicate: 1 } }).toArray(), 2);
  });

  it('collation: a real server matches case-insensitively; the double must refuse it by name', async function () {
    const collection = suite.collection(suite.freshName());
    await collection.insertMany([{ name: 'Zoë' }, { name: 'ZOË' }, { name: 'other' }]);
    const query = collection.find({ name: 'zoë' }, { collation: { locale: 'en', strength: 2 } }).toArray();
    if (suite.handle.backend === 'double') {
      // Double-only: it does not implement collation, and must say so rather than ignore it and
      // silently return a case-sensitive (empty) result. mongod legitimately succeeds here.
      let caught: unknown;
      await query.catch((error: unknown) => (caught = error));
      expect(caught).to.be.instanceOf(MongoServerError);
      expect((caught as Error).message).to.match(/collation/i);
    } else {
      expect((await query).map((doc) => doc.name).sort()).to.deep.equal(['ZOË', 'Zoë']);
    }
  });
});
