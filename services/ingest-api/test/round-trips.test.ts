import { MAX_BATCH_SIZE } from '@moderato/contracts';
import { expect } from 'chai';
import { buildComment } from '../../../test/support/fixtures.js';
import { sendSigned } from '../../../test/support/webhook-client.js';
import { countRoundTrips } from './round-trips.js';
import { startIngestHarness, type IngestHarness } from './support.js';

/** Issue 11 asked for at most two Redis round trips per signed delivery, whatever its size; the ingest makes one. */
const MAX_ROUND_TRIPS = 1;

describe('ingest API: Redis round trips per delivery', () => {
  let h: IngestHarness;
  let trips: ReturnType<typeof countRoundTrips>;
  const send = (body: unknown, webhookId?: string) =>
    sendSigned(h.app, { path: '/v1/comments', publisherId: h.publisherId, secret: h.secret, body, ...(webhookId ? { webhookId } : {}) });

  /** Sends a delivery and answers its response with the round trips it cost (nothing else uses the connection meanwhile). */
  async function countedSend(body: unknown, webhookId?: string) {
    trips.reset();
    const res = await send(body, webhookId);
    return { res, roundTrips: trips.count };
  }

  async function expectQueued(results: Array<{ status: string; jobId: string; id: string }>): Promise<void> {
    for (const result of results) {
      expect(result.status).to.equal('queued');
      const job = await h.queue.getJob(result.jobId);
      expect(job?.data.comment.id, `job of comment ${result.id}`).to.equal(result.id);
    }
  }

  before(async () => {
    h = await startIngestHarness('ingest_trips');
    // The ingest's Redis work runs on the client the queue was given; count the writes on that connection.
    trips = countRoundTrips(h.redis);
    // A first delivery loads the scripts into Redis (ioredis checks and loads them once per connection); the bound
    // is about every delivery after that, which is all of them in a running service.
    expect((await send(buildComment())).status).to.equal(202);
  });
  after(async () => {
    trips?.stop();
    await h?.close();
  });

  it('queues a signed single comment in one round trip', async () => {
    const { res, roundTrips } = await countedSend(buildComment());
    expect(res.status).to.equal(202);
    // At least one: the counter sees the connection the delivery used, so the upper bound means something.
    expect(roundTrips).to.be.within(1, MAX_ROUND_TRIPS);
    await expectQueued(res.body.results);
  });

  it('queues a batch of 100 comments in one round trip', async () => {
    const comments = Array.from({ length: 100 }, () => buildComment());
    const { res, roundTrips } = await countedSend({ comments });
    expect(res.status).to.equal(202);
    expect(res.body.accepted).to.equal(100);
    expect(roundTrips).to.be.within(1, MAX_ROUND_TRIPS);
    expect(res.body.results).to.have.length(100);
    await expectQueued(res.body.results);
  });

  it(`queues a batch of the largest size, ${MAX_BATCH_SIZE} comments, in one round trip`, async () => {
    const comments = Array.from({ length: MAX_BATCH_SIZE }, () => buildComment());
    const { res, roundTrips } = await countedSend({ comments });
    expect(res.status).to.equal(202);
    expect(res.body.accepted).to.equal(MAX_BATCH_SIZE);
    expect(roundTrips).to.be.within(1, MAX_ROUND_TRIPS);
    await expectQueued(res.body.results);
  });

  it('answers a batch mixing seen and fresh comments in one round trip, queueing only the fresh', async () => {
    const seen = Array.from({ length: 50 }, () => buildComment());
    expect((await send({ comments: seen })).status).to.equal(202);
    const fresh = Array.from({ length: 50 }, () => buildComment());
    const queued = await h.queue.count();
    const { res, roundTrips } = await countedSend({ comments: [...seen, ...fresh] });
    expect(res.status).to.equal(202);
    expect(roundTrips).to.be.within(1, MAX_ROUND_TRIPS);
    expect(res.body).to.include({ accepted: 50, duplicates: 50 });
    await expectQueued(res.body.results.slice(50));
    expect(await h.queue.count()).to.equal(queued + 50);
  });

  it('answers a redelivery with the first answer in one round trip, queueing nothing', async () => {
    const body = { comments: Array.from({ length: 100 }, () => buildComment()) };
    const first = await send(body, 'msg_trips_redelivered');
    expect(first.status).to.equal(202);
    const queued = await h.queue.count();
    const { res, roundTrips } = await countedSend(body, 'msg_trips_redelivered');
    expect(res.status).to.equal(202);
    expect(res.headers['x-moderato-redelivery']).to.equal('true');
    expect(res.body).to.deep.equal(first.body);
    expect(roundTrips).to.be.within(1, MAX_ROUND_TRIPS);
    expect(await h.queue.count()).to.equal(queued);
    await expectQueued(first.body.results);
  });
});
