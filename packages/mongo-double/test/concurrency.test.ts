import { expect } from 'chai';
import { MongoServerError, type MongoClient } from 'mongodb';
import type { LooseDoc } from './support.js';
import { useTestDatabase } from './support.js';

const CLIENTS = 6;
const KEYS = 15;

describe('mongo-double conformance: concurrency', function () {
  const suite = useTestDatabase('concurrency');
  let clients: MongoClient[];

  before(async function () {
    // Separate clients have separate connection pools: the writes really arrive on different sockets.
    clients = await Promise.all(Array.from({ length: CLIENTS }, () => suite.extraClient({ maxPoolSize: 5 })));
  });

  const keys = Array.from({ length: KEYS }, (_, i) => `key-${i}`);

  it('never stores two documents with the same unique key, however many clients race', async function () {
    const name = suite.freshName('race');
    await suite.collection(name).createIndex({ key: 1 }, { unique: true });
    const outcomes = await Promise.allSettled(
      clients.flatMap((client, c) =>
        keys.map((key) => client.db(suite.database.name).collection<LooseDoc>(name).insertOne({ key, writer: c })),
      ),
    );
    const failures = outcomes.filter((outcome) => outcome.status === 'rejected');
    for (const failure of failures) {
      expect(failure.reason).to.be.instanceOf(MongoServerError);
      expect((failure.reason as MongoServerError).code).to.equal(11000);
    }
    expect(outcomes.length - failures.length).to.equal(KEYS);
    const stored = await suite.collection(name).find().toArray();
    expect(stored).to.have.length(KEYS);
    expect(new Set(stored.map((doc) => doc.key)).size).to.equal(KEYS);
  });

  it('counts every concurrent upsert on an equality filter over a unique key into one document', async function () {
    // mongod retries an upsert that loses the insert race on the unique index (since 4.2), so
    // every increment lands and none fails.
    const name = suite.freshName('upserts');
    await suite.collection(name).createIndex({ key: 1 }, { unique: true });
    await Promise.all(
      clients.flatMap((client) =>
        Array.from({ length: 5 }, () =>
          client
            .db(suite.database.name)
            .collection(name)
            .updateOne({ key: 'counter' }, { $inc: { n: 1 } }, { upsert: true }),
        ),
      ),
    );
    const stored = await suite.collection(name).find().toArray();
    expect(stored).to.have.length(1);
    expect(stored[0]?.n).to.equal(CLIENTS * 5);
  });

  it('applies every concurrent $inc from every client', async function () {
    const name = suite.freshName('incs');
    await suite.collection(name).insertOne({ _id: 'total', n: 0 });
    await Promise.all(
      clients.flatMap((client) =>
        Array.from({ length: 10 }, () =>
          client.db(suite.database.name).collection<LooseDoc>(name).updateOne({ _id: 'total' }, { $inc: { n: 1 } }),
        ),
      ),
    );
    expect((await suite.collection(name).findOne({ _id: 'total' }))?.n).to.equal(CLIENTS * 10);
  });

  it('serves many cursors open at once on one client without mixing their documents', async function () {
    const name = suite.freshName('cursors');
    await suite.collection(name).insertMany(Array.from({ length: 40 }, (_, n) => ({ n, group: n % 4 })));
    const perGroup = await Promise.all(
      [0, 1, 2, 3].map((group) =>
        suite.collection(name).find({ group }, { batchSize: 3 }).sort({ n: 1 }).toArray(),
      ),
    );
    perGroup.forEach((docs, group) => {
      expect(docs.map((doc) => doc.n)).to.deep.equal(Array.from({ length: 10 }, (_, i) => i * 4 + group));
    });
  });
});
