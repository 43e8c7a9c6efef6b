import { provisionPublisher } from '@moderato/cli';
import { expect } from 'chai';
import type { Redis } from 'ioredis';
import { buildComment } from '../../../test/support/fixtures.js';
import { sendSigned } from '../../../test/support/webhook-client.js';
import { ingestKeys } from '../src/redis/keys.js';
import { countRoundTrips } from './round-trips.js';
import { startIngestHarness, type IngestHarness } from './support.js';

/** The loud publisher's delivery budget a minute: its deliveries past this in the group are refused. */
const BUDGET = 3;
/** How long Redis holds writes back, so that every delivery but the first meets in the next call. */
const PAUSE_MS = 300;

/**
 * Group commit of deliveries: those that meet share one script call, and each is answered as if it had been alone.
 * Redis is paused for writes while the deliveries are sent, so the first one's call waits in Redis and the rest meet
 * behind it.
 */
describe('ingest API: deliveries that meet share one Redis call', () => {
  let h: IngestHarness;
  let admin: Redis;
  const brokenPublisher = 'broken-keys-publisher';
  let brokenSecret: string;

  before(async () => {
    h = await startIngestHarness('ingest_groups', undefined, { rateLimits: { requestsPerMinute: BUDGET, authFailuresPerMinute: 100 } });
    ({ secret: brokenSecret } = await provisionPublisher(h.storage, brokenPublisher));
    admin = h.redis.duplicate();
  });
  after(async () => {
    admin?.disconnect();
    await h?.close();
  });

  it('answers each delivery of a shared call as alone: queued, over its budget, or failed by a broken key and queued on retry', async () => {
    // The broken publisher's volume is a string, so its delivery fails where the script reads it, after admission.
    const volumeKey = ingestKeys.volume(h.queue.name, brokenPublisher);
    await h.redis.set(volumeKey, 'not a hash');
    const loud = Array.from({ length: BUDGET + 2 }, () => ({ comment: buildComment(), webhookId: `msg_group_${Math.random()}` }));
    const broken = { comment: buildComment(), webhookId: 'msg_group_broken' };
    const trips = countRoundTrips(h.redis);
    await admin.client('PAUSE', PAUSE_MS, 'WRITE');
    const [loudAnswers, brokenAnswer] = await Promise.all([
      Promise.all(loud.map(({ comment, webhookId }) => sendSigned(h.app, { path: '/v1/comments', publisherId: h.publisherId, secret: h.secret, body: comment, webhookId }))),
      sendSigned(h.app, { path: '/v1/comments', publisherId: brokenPublisher, secret: brokenSecret, body: broken.comment, webhookId: broken.webhookId }),
    ]);
    trips.stop();
    // Six deliveries in at most three calls: at least two of them met.
    expect(trips.count).to.be.within(1, 3);

    expect(loudAnswers.map((res) => res.status).sort()).to.deep.equal([...Array(BUDGET).fill(202), 429, 429]);
    for (const [i, res] of loudAnswers.entries()) {
      const job = await h.queue.getJob(commentJobIdOf(res.body));
      if (res.status === 202) {
        expect(res.body.results[0].status).to.equal('queued');
        expect(job?.data.comment.id).to.equal(loud[i]!.comment.id);
      } else {
        expect(res.headers['retry-after']).to.match(/^\d+$/);
      }
    }
    expect(await h.queue.count()).to.equal(BUDGET);
    expect(brokenAnswer.status).to.be.at.least(500);
    expect(brokenAnswer.headers['content-type']).to.match(/^application\/problem\+json/);

    await h.redis.del(volumeKey);
    const retried = await sendSigned(h.app, { path: '/v1/comments', publisherId: brokenPublisher, secret: brokenSecret, body: broken.comment, webhookId: broken.webhookId });
    expect(retried.status).to.equal(202);
    expect(retried.body.results[0].status).to.equal('queued');
    expect((await h.queue.getJob(retried.body.results[0].jobId))?.data.comment.id).to.equal(broken.comment.id);
  });
});

/** The job id an accepted delivery's answer names; a refusal names none. */
function commentJobIdOf(body: { results?: Array<{ jobId?: string }> }): string {
  return body.results?.[0]?.jobId ?? 'no-job';
}
