import { provisionPublisher } from '@moderato/cli';
import { expect } from 'chai';
import { buildComment } from '../../../test/support/fixtures.js';
import { deliveryRequest } from '../src/http/comments-route.js';
import { planDelivery } from '../src/http/intake.js';
import { IntakeStore, type Admission, type DeliveryRequest } from '../src/redis/intake-store.js';
import { ingestKeys } from '../src/redis/keys.js';
import { countRoundTrips } from './round-trips.js';
import { startIngestHarness, type IngestHarness } from './support.js';

/** The loud publisher's delivery budget a minute: its deliveries past this in the shared call are refused. */
const BUDGET = 3;
const ADDRESS = '127.0.0.1';

/** A signed delivery as the comments route hands it to the store, for one comment body. */
function deliveryOf(publisherId: string, body: unknown, webhookId: string): DeliveryRequest {
  const raw = Buffer.from(JSON.stringify(body));
  const read = planDelivery(raw, publisherId);
  if ('error' in read) throw read.error;
  return { ...deliveryRequest(read.plan, raw, { publisherId, webhookId, receivedAt: new Date() }), firstCall: true };
}

/** Group commit of deliveries: those that reach the store in one turn share one script call, each answered as if alone. */
describe('ingest: deliveries that meet share one Redis call', () => {
  let h: IngestHarness;
  let store: IntakeStore;
  const brokenPublisher = 'broken-keys-publisher';

  before(async () => {
    h = await startIngestHarness('ingest_groups');
    await provisionPublisher(h.storage, brokenPublisher);
    store = new IntakeStore(h.queue, { requestsPerMinute: BUDGET, authFailuresPerMinute: 100 });
    // The first call loads the scripts (ioredis checks and loads them once per connection).
    await store.deliver(ADDRESS, deliveryOf('warm-up-publisher', buildComment(), 'msg_group_warm_up'));
  });
  after(async () => {
    await h?.close();
  });

  it('answers each delivery of a shared call as alone: queued, over its budget, or failed by a broken key and queued on retry', async () => {
    // The broken publisher's volume is a string, so its delivery fails where the script reads it, after admission.
    const volumeKey = ingestKeys.volume(h.queue.name, brokenPublisher);
    await h.redis.set(volumeKey, 'not a hash');
    const loud = Array.from({ length: BUDGET + 2 }, (_, i) => deliveryOf(h.publisherId, buildComment(), `msg_group_loud_${i}`));
    const broken = deliveryOf(brokenPublisher, buildComment(), 'msg_group_broken');
    const queuedBefore = await h.queue.count();

    const trips = countRoundTrips(h.redis);
    const answers = await Promise.all([...loud, broken].map((delivery) => store.deliver(ADDRESS, delivery).then(
      (admission): Admission | Error => admission,
      (error: Error) => error,
    )));
    trips.stop();
    expect(trips.count).to.equal(1);

    const loudAnswers = answers.slice(0, loud.length) as Admission[];
    expect(loudAnswers.map((answer) => answer.outcome)).to.deep.equal([...Array(BUDGET).fill('admitted'), 'over-budget', 'over-budget']);
    for (const [i, answer] of loudAnswers.entries()) {
      const job = await h.queue.getJob(loud[i]!.jobIds[0]!);
      if (answer.outcome === 'admitted') {
        expect(answer.seen).to.deep.equal([false]);
        expect(job?.data.comment.id).to.equal(loud[i]!.jobs[0]!.comment.id);
      } else {
        expect(answer.retryAfterMs).to.be.greaterThan(0);
        expect(job).to.equal(undefined);
      }
    }
    expect(answers[loud.length]).to.be.instanceOf(Error);
    expect((answers[loud.length] as Error).message).to.match(/WRONGTYPE/);
    expect(await h.queue.count()).to.equal(queuedBefore + BUDGET);

    await h.redis.del(volumeKey);
    const retried = await store.deliver(ADDRESS, broken);
    expect(retried).to.deep.equal({ outcome: 'admitted', answer: undefined, seen: [false] });
    expect((await h.queue.getJob(broken.jobIds[0]!))?.data.comment.id).to.equal(broken.jobs[0]!.comment.id);
  });

  it('has the second of two deliveries of one comment in a shared call see the first one\'s mark: one job, one duplicate', async () => {
    const comment = buildComment();
    const [first, second] = [deliveryOf('twice-publisher', comment, 'msg_group_twice_a'), deliveryOf('twice-publisher', comment, 'msg_group_twice_b')];
    const trips = countRoundTrips(h.redis);
    const answers = await Promise.all([store.deliver(ADDRESS, first), store.deliver(ADDRESS, second)]);
    trips.stop();
    expect(trips.count).to.equal(1);
    expect(answers.map((answer) => (answer.outcome === 'admitted' ? answer.seen : answer.outcome))).to.deep.equal([[false], [true]]);
    const jobs = await h.queue.getJobs(['waiting', 'prioritized']);
    expect(jobs.filter((job) => job.data.comment.id === comment.id)).to.have.length(1);
  });
});
