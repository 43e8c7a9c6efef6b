import { startMongoDouble, type MongoDoubleServer } from '@moderato/mongo-double';
import { silentLogger } from '@moderato/service-kit';
import { closeStorage, openStorage, type Storage } from '@moderato/storage';
import { sharedRedis, uniqueName } from '@moderato/testkit';
import { Queue } from 'bullmq';
import { expect } from 'chai';
import type { Express } from 'express';
import request from 'supertest';
import { queueKeyOptions, type CommentQueue } from '@moderato/contracts';
import { createModerationApp } from '../src/app.js';
import { MONGODB_REQUEST_DEADLINE_MS } from '../src/main.js';
import { createTenant, type Tenant } from './harness.js';

/**
 * MongoDB stalled (it accepts connections and requests but answers none), as a hung primary or a saturated disk
 * does: every data route answers 503 dependency_unavailable after the deadline instead of waiting for the stall to end.
 */
describe('moderation API with a stalled database', function () {
  this.timeout(20_000);
  let mongo: MongoDoubleServer;
  let storage: Storage;
  let queue: CommentQueue;
  let app: Express;
  let tenant: Tenant;

  before(async () => {
    mongo = await startMongoDouble();
    storage = await openStorage(`${mongo.uri}stall`, { requestDeadlineMs: MONGODB_REQUEST_DEADLINE_MS });
    const name = uniqueName('modapi-stall');
    queue = new Queue(name, { connection: { url: (await sharedRedis()).url }, ...queueKeyOptions(name) });
    app = createModerationApp({ storage, queue, logger: silentLogger() });
    tenant = await createTenant(storage);
  });

  after(async () => {
    mongo.resume();
    await queue.obliterate({ force: true });
    await queue.close();
    await closeStorage(storage);
    await mongo.close();
  });

  const routes = ['/v1/me', '/v1/queue', '/v1/stats/sentiment?articleId=a1', '/v1/events', '/v1/policy', '/v1/webhooks/endpoints'];

  it('answers every data route 503 dependency_unavailable while MongoDB is stalled, and 200 once it answers again', async () => {
    for (const route of routes) expect((await request(app).get(route).set('Authorization', tenant.auth.admin)).status, route).to.equal(200);
    mongo.pause();
    for (const route of routes) {
      const res = await request(app).get(route).set('Authorization', tenant.auth.admin);
      expect(res.status, route).to.equal(503);
      expect(res.headers['content-type'], route).to.match(/^application\/problem\+json/);
      expect(res.body.code, route).to.equal('dependency_unavailable');
    }
    expect((await request(app).get('/readyz')).status).to.equal(503);
    mongo.resume();
    for (const route of routes) {
      const res = await retryUntilAnswered(() => request(app).get(route).set('Authorization', tenant.auth.admin));
      expect(res.status, route).to.equal(200);
    }
  });

  /** After a stall the driver reconnects in the background; the first requests may still meet the closed connections. */
  async function retryUntilAnswered(send: () => Promise<request.Response>): Promise<request.Response> {
    for (let attempt = 0; ; attempt++) {
      const res = await send();
      if (res.status !== 503 || attempt === 20) return res;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
});
