import { expect } from 'chai';
import { MongoClient, UUID, type CommandSucceededEvent } from 'mongodb';
import mongoose from 'mongoose';
import { useTestDatabase } from './support.js';

describe('mongo-double conformance: handshake', function () {
  const suite = useTestDatabase('handshake');

  it('answers hello as a writable standalone', async function () {
    const reply = await suite.db.admin().command({ hello: 1 });
    expect(reply.ok).to.equal(1);
    expect(reply.isWritablePrimary).to.equal(true);
    // A standalone is not a replica set member: no set name, no host list.
    expect(reply).not.to.have.property('setName');
    expect(reply).not.to.have.property('hosts');
    expect(reply.maxWireVersion).to.be.at.least(17);
    expect(reply.minWireVersion).to.be.a('number').and.at.most(reply.maxWireVersion);
    expect(reply.maxBsonObjectSize).to.equal(16 * 1024 * 1024);
    expect(reply.maxMessageSizeBytes).to.equal(48_000_000);
    expect(reply.maxWriteBatchSize).to.equal(100_000);
    expect(reply.localTime).to.be.instanceOf(Date);
    expect(reply.logicalSessionTimeoutMinutes).to.be.a('number');
  });

  it('answers the legacy isMaster with the legacy field name', async function () {
    const reply = await suite.db.admin().command({ isMaster: 1 });
    expect(reply.ok).to.equal(1);
    expect(reply.ismaster).to.equal(true);
    expect(reply).not.to.have.property('setName');
    expect(reply.maxWireVersion).to.be.at.least(17);
  });

  it('answers ping', async function () {
    expect(await suite.db.command({ ping: 1 })).to.deep.include({ ok: 1 });
  });

  it('reports a version string in buildInfo that agrees with versionArray', async function () {
    const reply = await suite.db.admin().command({ buildInfo: 1 });
    expect(reply.version).to.match(/^\d+\.\d+\.\d+/);
    expect(reply.versionArray).to.be.an('array').with.length(4);
    const [major, minor, patch] = reply.versionArray as number[];
    expect(reply.version.startsWith(`${major}.${minor}.${patch}`)).to.equal(true);
    expect(major).to.be.at.least(7);
  });

  it('accepts endSessions for session ids it has never seen', async function () {
    const reply = await suite.db.admin().command({ endSessions: [{ id: new UUID() }] });
    expect(reply.ok).to.equal(1);
  });

  it('receives endSessions from the driver when a client that used sessions closes', async function () {
    const client = new MongoClient(suite.database.uri, { monitorCommands: true, serverSelectionTimeoutMS: 5_000 });
    const succeeded: CommandSucceededEvent[] = [];
    client.on('commandSucceeded', (event) => succeeded.push(event));
    await client.connect();
    const session = client.startSession();
    await client.db().collection(suite.freshName()).insertOne({ a: 1 }, { session });
    await session.endSession();
    await client.close();
    expect(succeeded.map((event) => event.commandName)).to.include('endSessions');
  });

  it('lets mongoose connect and ping', async function () {
    const connection = await mongoose.createConnection(suite.database.uri, { serverSelectionTimeoutMS: 5_000 }).asPromise();
    try {
      expect(connection.readyState).to.equal(mongoose.ConnectionStates.connected);
      const reply = await connection.db!.admin().command({ ping: 1 });
      expect(reply.ok).to.equal(1);
    } finally {
      await connection.close();
    }
  });
});
