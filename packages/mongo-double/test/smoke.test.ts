// Behaviour specific to the double (wire details and what it refuses by name); the conformance suite next to this
// file covers what must match mongod.
import { spawn } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { deserialize, serialize, type Document } from 'bson';
import { MongoClient, MongoServerError } from 'mongodb';
import { startMongoDouble, type MongoDoubleServer } from '../src/index.js';
import { crc32c } from '../src/crc32c.js';

const OP_QUERY = 2004;
const OP_MSG = 2013;

function header(length: number, requestId: number, opCode: number): Buffer {
  const buffer = Buffer.alloc(16);
  buffer.writeInt32LE(length, 0);
  buffer.writeInt32LE(requestId, 4);
  buffer.writeInt32LE(opCode, 12);
  return buffer;
}

function opMsg(command: Document, options: { checksum?: 'valid' | 'corrupt'; moreToCome?: boolean } = {}): Buffer {
  const flags = Buffer.alloc(4);
  flags.writeUInt32LE((options.checksum ? 1 : 0) | (options.moreToCome ? 2 : 0));
  const body = Buffer.concat([flags, Buffer.from([0]), serialize(command)]);
  const trailer = options.checksum ? 4 : 0;
  const message = Buffer.concat([header(16 + body.length + trailer, 1, OP_MSG), body, Buffer.alloc(trailer)]);
  if (options.checksum) {
    const crc = crc32c(message.subarray(0, message.length - 4));
    message.writeUInt32LE(options.checksum === 'valid' ? crc : (crc ^ 1) >>> 0, message.length - 4);
  }
  return message;
}

function opQuery(namespace: string, command: Document): Buffer {
  const fields = Buffer.concat([Buffer.alloc(4), Buffer.from(`${namespace}\0`), Buffer.alloc(4), Buffer.from([0xff, 0xff, 0xff, 0xff])]);
  const body = Buffer.concat([fields, serialize(command)]);
  return Buffer.concat([header(16 + body.length, 2, OP_QUERY), body]);
}

/** Sends one message and resolves with the first reply, or with 'closed' if the server hangs up instead. */
function exchange(server: MongoDoubleServer, message: Buffer): Promise<Buffer | 'closed'> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(server.port, server.host, () => socket.write(message));
    socket.once('data', (reply) => {
      resolve(reply);
      socket.destroy();
    });
    socket.once('close', () => resolve('closed'));
    socket.once('error', reject);
  });
}

function replyDocument(reply: Buffer | 'closed'): Document {
  if (reply === 'closed') throw new Error('the server closed the connection instead of replying');
  const opCode = reply.readInt32LE(12);
  return deserialize(reply.subarray(opCode === OP_MSG ? 21 : 36));
}

async function expectRefusal(promise: Promise<unknown>, code: number, naming: RegExp): Promise<void> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error, 'expected a server error').to.be.instanceOf(MongoServerError);
  expect((error as MongoServerError).code).to.equal(code);
  expect((error as MongoServerError).message).to.match(naming);
}

describe('mongo-double smoke: wire details and refusals', function () {
  let server: MongoDoubleServer;
  let client: MongoClient;

  before(async function () {
    server = await startMongoDouble();
    // One pooled connection: a w: 0 write and the read after it then reach the server in order.
    client = new MongoClient(`${server.uri}?compressors=zlib`, { serverSelectionTimeoutMS: 5_000, maxPoolSize: 1 });
    await client.connect();
  });

  after(async function () {
    await client.close();
    await server.close();
  });

  it('answers a legacy OP_QUERY isMaster with an OP_REPLY that advertises no compressors', async function () {
    const reply = await exchange(server, opQuery('admin.$cmd', { isMaster: 1, helloOk: true, compression: ['zlib'] }));
    expect(reply).not.to.equal('closed');
    expect((reply as Buffer).readInt32LE(12)).to.equal(1);
    const document = replyDocument(reply);
    expect(document).to.include({ ismaster: true, helloOk: true, ok: 1 });
    expect(document).not.to.have.property('compression');
  });

  it('accepts an OP_MSG with a valid checksum and hangs up on a corrupt one', async function () {
    expect(replyDocument(await exchange(server, opMsg({ ping: 1, $db: 'admin' }, { checksum: 'valid' })))).to.include({ ok: 1 });
    expect(await exchange(server, opMsg({ ping: 1, $db: 'admin' }, { checksum: 'corrupt' }))).to.equal('closed');
  });

  it('applies a moreToCome (w: 0) insert without replying to it', async function () {
    const collection = client.db('smoke').collection<{ _id: number }>('unacknowledged');
    await collection.insertOne({ _id: 1 }, { writeConcern: { w: 0 } });
    expect(await collection.countDocuments({ _id: 1 })).to.equal(1);
  });

  it('keeps a driver with compressors=zlib working, since compression is never negotiated', async function () {
    const collection = client.db('smoke').collection('compressed');
    await collection.insertMany([{ text: 'x'.repeat(10_000) }, { text: 'y' }]);
    expect(await collection.countDocuments()).to.equal(2);
  });

  it('refuses what it does not implement, naming it', async function () {
    const db = client.db('smoke');
    const collection = db.collection('refusals');
    await collection.insertOne({ a: 1 });
    await expectRefusal(collection.aggregate([{ $out: 'elsewhere' }]).toArray(), 2, /\$out/);
    await expectRefusal(collection.createIndex({ text: 'text' }), 2, /text/);
    await expectRefusal(db.createCollection('validated', { validator: { a: { $exists: true } } }), 2, /validator/);
    await expectRefusal(collection.find({}, { collation: { locale: 'fr' } }).toArray(), 2, /collation/);
    await expectRefusal(db.command({ find: 'refusals', tailable: true }), 2, /tailable/);
    await expectRefusal(collection.find({}).explain(), 59, /explain/);
  });

  it('keeps a TTL index as recorded metadata without expiring documents', async function () {
    const collection = client.db('smoke').collection('ttl');
    await collection.createIndex({ at: 1 }, { expireAfterSeconds: 0 });
    await collection.insertOne({ at: new Date(0) });
    const indexes = await collection.listIndexes().toArray();
    expect(indexes.find((index) => index.name === 'at_1')).to.include({ expireAfterSeconds: 0 });
    expect(await collection.countDocuments()).to.equal(1);
  });

  it('runs as a command: prints its URI, serves it, and exits cleanly on SIGTERM', async function () {
    const launcher = fileURLToPath(new URL('../bin/mongo-double.js', import.meta.url));
    const child = spawn(process.execPath, [launcher, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const uri = await new Promise<string>((resolve, reject) => {
        child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
        child.once('exit', () => reject(new Error('mongo-double exited before printing its URI')));
      });
      expect(uri).to.match(/^mongodb:\/\/127\.0\.0\.1:\d+\/$/);
      const other = new MongoClient(uri, { serverSelectionTimeoutMS: 5_000 });
      try {
        expect(await other.db('admin').command({ ping: 1 })).to.include({ ok: 1 });
      } finally {
        await other.close();
      }
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).to.equal(0);
  });
});
