import { provisionPublisher } from '@moderato/cli';
import { queueKeyOptions, type CommentQueue } from '@moderato/contracts';
import { startMongoDouble, type MongoDoubleServer } from '@moderato/mongo-double';
import { silentLogger } from '@moderato/service-kit';
import { closeStorage, openStorage, type Storage } from '@moderato/storage';
import { sharedRedis, uniqueName } from '@moderato/testkit';
import { Queue } from 'bullmq';
import { expect } from 'chai';
import type { Express } from 'express';
import { Redis } from 'ioredis';
import request from 'supertest';
import { buildComment } from '../../../test/support/fixtures.js';
import { sendSigned } from '../../../test/support/webhook-client.js';
import { createIngestApp } from '../src/app.js';
import { MONGODB_REQUEST_DEADLINE_MS } from '../src/main.js';

/**
 * MongoDB stalled (connections open, nothing answered): a delivery whose publisher's secret must be read, and an
 * article registration, are answered 503 dependency_unavailable after the deadline, queueing nothing; they succeed
 * again once MongoDB answers.
 */
describe('ingest API with a stalled database', function () {
  this.timeout(20_000);
  let mongo: MongoDoubleServer;
  let storage: Storage;
  let queue: CommentQueue;
  let connection: Redis;
  let app: Express;
  let secret: string;
  const publisherId = 'stall-publisher';

  before(async () => {
    mongo = await startMongoDouble();
    storage = await openStorage(`${mongo.uri}ingest_stall`, { requestDeadlineMs: MONGODB_REQUEST_DEADLINE_MS });
    ({ secret } = await provisionPublisher(storage, publisherId));
    const name = uniqueName('ingest-stall');
    const redis = await sharedRedis();
    connection = new Redis(redis.url, { maxRetriesPerRequest: 1, commandTimeout: 1_000 });
    queue = new Queue(name, { connection, ...queueKeyOptions(name) });
    // No secret cache, so every delivery reads MongoDB.
    app = createIngestApp({ storage, redis: connection, queue, logger: silentLogger(), secretCacheSeconds: 0 });
  });

  after(async () => {
    mongo.resume();
    await queue.obliterate({ force: true });
    await queue.close();
    connection.disconnect();
    await closeStorage(storage);
    await mongo.close();
  });

  const deliver = () => sendSigned(app, { path: '/v1/comments', publisherId, secret, body: buildComment() });
  const registerArticle = () => sendSigned(app, { method: 'put', path: '/v1/articles/a-stall', publisherId, secret, body: { title: 'Stalled', body: 'While MongoDB hangs.' } });

  it('answers 503 dependency_unavailable while MongoDB is stalled, queueing nothing, and 202 once it answers', async () => {
    expect((await deliver()).status).to.equal(202);
    const queued = await queue.count();
    mongo.pause();
    for (const send of [deliver, registerArticle]) {
      const res = await send();
      expect(res.status).to.equal(503);
      expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
      expect(res.body.code).to.equal('dependency_unavailable');
    }
    expect((await request(app).get('/readyz')).status).to.equal(503);
    expect(await queue.count()).to.equal(queued);
    mongo.resume();
    for (let attempt = 0; attempt < 20; attempt++) {
      const res = await deliver();
      if (res.status === 202) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect.fail('the ingest did not recover after MongoDB answered again');
  });
});
