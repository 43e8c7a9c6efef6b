import { expect } from 'chai';
import { uniqueName } from '@moderato/testkit';
import { expectServerError, useTestDatabase } from './support.js';

describe('mongo-double conformance: databases and collections', function () {
  const suite = useTestDatabase('admin');
  const collectionNames = async () => (await suite.db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);

  it('creates a collection explicitly and lists it as a collection', async function () {
    const name = suite.freshName('explicit');
    await suite.db.createCollection(name);
    const listed = await suite.db.listCollections({ name }).toArray();
    expect(listed).to.have.length(1);
    expect(listed[0]).to.deep.include({ name, type: 'collection' });
  });

  it('refuses to create a collection that exists with NamespaceExists', async function () {
    const name = suite.freshName('twice');
    await suite.db.createCollection(name);
    const error = await expectServerError(suite.db.createCollection(name), 48);
    expect(error.codeName).to.equal('NamespaceExists');
    await expectServerError(suite.db.command({ create: name }), 48);
  });

  it('creates a collection implicitly on first insert', async function () {
    const name = suite.freshName('implicit');
    expect(await collectionNames()).not.to.include(name);
    await suite.collection(name).insertOne({ a: 1 });
    expect(await collectionNames()).to.include(name);
  });

  it('filters listCollections by name, and by a regular expression on the name', async function () {
    const keep = suite.freshName('listed_keep');
    const other = suite.freshName('listed_other');
    await suite.db.createCollection(keep);
    await suite.db.createCollection(other);
    expect((await suite.db.listCollections({ name: keep }).toArray()).map((c) => c.name)).to.deep.equal([keep]);
    const byPattern = await suite.db.listCollections({ name: { $regex: '^listed_' } }, { nameOnly: true }).toArray();
    expect(byPattern.map((c) => c.name).sort()).to.deep.equal([keep, other].sort());
  });

  it('drops a collection with its documents and indexes', async function () {
    const name = suite.freshName('dropped');
    await suite.collection(name).insertMany([{ a: 1 }, { a: 2 }]);
    await suite.collection(name).createIndex({ a: 1 });
    expect(await suite.collection(name).drop()).to.equal(true);
    expect(await collectionNames()).not.to.include(name);
    expect(await suite.collection(name).countDocuments()).to.equal(0);
    await suite.collection(name).insertOne({ a: 3 });
    const indexes = await suite.collection(name).listIndexes().toArray();
    expect(indexes.map((index) => index.name)).to.deep.equal(['_id_']);
  });

  it('accepts dropping a collection that does not exist (mongod 7.0 no longer fails it)', async function () {
    await suite.collection(suite.freshName('never')).drop();
  });

  it('lists the test database after a write, with its size, and not a database only read from', async function () {
    const readOnly = uniqueName('only_read');
    expect(await suite.client.db(readOnly).collection('x').findOne({})).to.equal(null);
    await suite.collection(suite.freshName()).insertOne({ a: 1 });
    const { databases } = await suite.db.admin().listDatabases();
    const ours = databases.find((database) => database.name === suite.database.name);
    expect(ours, 'the test database is listed').not.to.equal(undefined);
    expect(ours!.sizeOnDisk).to.be.a('number');
    expect(ours!.empty).to.equal(false);
    expect(databases.map((database) => database.name)).not.to.include(readOnly);
    const names = await suite.db.admin().listDatabases({ nameOnly: true });
    expect(names.databases.map((database) => database.name)).to.include(suite.database.name);
  });

  it('dropDatabase removes the database and every collection in it', async function () {
    const name = uniqueName('dropped_db');
    const doomed = suite.client.db(name);
    await doomed.collection('a').insertOne({ a: 1 });
    await doomed.collection('b').insertOne({ b: 1 });
    expect(await doomed.dropDatabase()).to.equal(true);
    const { databases } = await suite.db.admin().listDatabases({ nameOnly: true });
    expect(databases.map((database) => database.name)).not.to.include(name);
    expect(await doomed.listCollections().toArray()).to.deep.equal([]);
    expect(await doomed.collection('a').countDocuments()).to.equal(0);
  });
});
