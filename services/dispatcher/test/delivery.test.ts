import { eventEnvelopeSchema, type EventEnvelope } from '@moderato/contracts';
import { appendToFeed, decideComment, findPendingEvents, listDeliveryAttempts, readEventFeed, findWebhookEndpoint, rotateEndpointSecret } from '@moderato/storage';
import { startWebhookReceiver, uniqueName, type ReceivedDelivery, type WebhookReceiver } from '@moderato/testkit';
import { generateWebhookSecret } from '@moderato/webhooks';
import { expect } from 'chai';
import { Webhook } from 'standardwebhooks';
import { saveComments, startDispatcherHarness, type DispatcherHarness } from './harness.js';

/** Verifies a delivery with the official Standard Webhooks library, as a publisher's receiver would. */
function verified(delivery: ReceivedDelivery, secret: string): EventEnvelope {
  const payload = new Webhook(secret).verify(delivery.body, delivery.headers as Record<string, string>);
  return eventEnvelopeSchema.parse(payload);
}

async function until<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('dispatcher: events out to publishers’ endpoints', function () {
  this.timeout(30_000);
  let harness: DispatcherHarness;
  let receiver: WebhookReceiver;

  beforeEach(async () => {
    harness = await startDispatcherHarness('dispatch');
    receiver = await startWebhookReceiver();
  });

  afterEach(async () => {
    await harness?.stop();
    await receiver?.close();
  });

  it('delivers a stored comment’s comment.analyzed event, signed as Standard Webhooks says, and lists it in the feed', async () => {
    const publisherId = uniqueName('pub');
    const endpoint = await harness.registerEndpoint(publisherId, receiver.url);
    await harness.startDispatcher();
    await saveComments(harness.storage, [{ publisherId, commentId: 'c-1', flags: { spam: 0.93 }, sentiment: { score: -0.4, label: 'negative' }, policyVersion: 3 }]);

    const [delivery] = await receiver.waitFor(1);
    const event = verified(delivery!, endpoint.secret);
    expect(event.type).to.equal('comment.analyzed');
    expect(delivery!.headers['webhook-id']).to.equal(event.id);
    expect(event.data).to.include({ publisherId, commentId: 'c-1', status: 'pending', sequence: 1, policyVersion: 3, duplicateOf: null });
    expect(event.data).to.have.property('flags').that.deep.includes({ kind: 'spam', score: 0.93, reasons: [{ code: 'spam_signal', message: 'spam signal scored 0.93' }] });
    expect((event.data as { sentiment: unknown }).sentiment).to.deep.equal({ label: 'negative', score: -0.4 });

    const feed = await readEventFeed(harness.storage, publisherId, { after: 0, limit: 10 });
    expect(feed.events.map((e) => e.id)).to.deep.equal([event.id]);
    expect(await findPendingEvents(harness.storage, 10)).to.deep.equal([]);
    const attempts = await until(async () => {
      const list = await listDeliveryAttempts(harness.storage, publisherId, endpoint.endpointId, { limit: 10 });
      return list.length > 0 ? list : undefined;
    }, 'the attempt to be logged');
    expect(attempts[0]).to.include({ eventId: event.id, outcome: 'delivered', status: 204, attempt: 1 });
  });

  it('retries after 500s and timeouts on the retry schedule, with every attempt logged, under the same event id', async () => {
    const publisherId = uniqueName('pub');
    const endpoint = await harness.registerEndpoint(publisherId, receiver.url);
    receiver.answerWith((_delivery, index) => (index === 0 ? { status: 500, body: 'database down' } : index === 1 ? { status: 200, hang: true } : { status: 200, body: 'ok' }));
    await harness.startDispatcher({ DELIVERY_TIMEOUT_MS: '300', DELIVERY_RETRY_SCHEDULE_MS: '200,400,800' });
    await saveComments(harness.storage, [{ publisherId, commentId: 'c-2' }]);

    const deliveries = await receiver.waitFor(3);
    const ids = deliveries.map((delivery) => verified(delivery, endpoint.secret).id);
    expect(new Set(ids).size).to.equal(1);
    // After the 500 the wait is 200 ms ± 10%; after the timeout (300 ms) 400 ms ± 10%.
    expect(deliveries[1]!.at - deliveries[0]!.at).to.be.at.least(180);
    expect(deliveries[2]!.at - deliveries[1]!.at).to.be.at.least(300 + 360);
    const attempts = await until(async () => {
      const list = await listDeliveryAttempts(harness.storage, publisherId, endpoint.endpointId, { limit: 10 });
      return list.length === 3 ? list : undefined;
    }, 'three attempts to be logged');
    expect(attempts.map((a) => [a.attempt, a.outcome, a.status])).to.deep.equal([[3, 'delivered', 200], [2, 'failed', null], [1, 'failed', 500]]);
    expect(attempts[2]!.excerpt).to.equal('database down');
    expect(attempts[1]!.error).to.match(/^timeout/);
    expect(receiver.received).to.have.length(3);
  });

  it('stops at 410 Gone: the endpoint is disabled with the reason, and later events are not sent to it', async () => {
    const publisherId = uniqueName('pub');
    const endpoint = await harness.registerEndpoint(publisherId, receiver.url);
    receiver.answerWith(() => ({ status: 410, body: 'gone' }));
    await harness.startDispatcher();
    await saveComments(harness.storage, [{ publisherId, commentId: 'c-3' }]);
    await receiver.waitFor(1);
    const disabled = await until(async () => {
      const record = await findWebhookEndpoint(harness.storage, publisherId, endpoint.endpointId);
      return record && !record.enabled ? record : undefined;
    }, 'the endpoint to be disabled');
    expect(disabled.disabledReason).to.equal('the endpoint answered 410 Gone');

    await saveComments(harness.storage, [{ publisherId, commentId: 'c-4' }]);
    await until(async () => ((await findPendingEvents(harness.storage, 10)).length === 0 ? true : undefined), 'the second event to be relayed');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.received).to.have.length(1);
  });

  it('disables an endpoint that has failed every attempt for the configured time', async () => {
    const publisherId = uniqueName('pub');
    const endpoint = await harness.registerEndpoint(publisherId, receiver.url);
    receiver.answerWith(() => ({ status: 503 }));
    // 0.0002 h is 720 ms: the second or third failure, 200 and 600 ms after the first, passes it.
    await harness.startDispatcher({ ENDPOINT_DISABLE_AFTER_HOURS: '0.0002', DELIVERY_RETRY_SCHEDULE_MS: '200,400,800,1600' });
    await saveComments(harness.storage, [{ publisherId, commentId: 'c-5' }]);
    const disabled = await until(async () => {
      const record = await findWebhookEndpoint(harness.storage, publisherId, endpoint.endpointId);
      return record && !record.enabled ? record : undefined;
    }, 'the endpoint to be disabled');
    expect(disabled.disabledReason).to.match(/^every delivery failed for/);
    expect(disabled.failingSince).to.be.instanceOf(Date);
    const attemptsAtDisable = receiver.received.length;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(receiver.received.length).to.equal(attemptsAtDisable);
  });

  it('delivers an event recorded while no dispatcher ran, exactly once, also when a relay stopped after adding it to the feed', async () => {
    const publisherId = uniqueName('pub');
    const endpoint = await harness.registerEndpoint(publisherId, receiver.url);
    // A worker stored these and died before telling anyone; a relay then got as far as the feed for the first one.
    await saveComments(harness.storage, [{ publisherId, commentId: 'c-6' }, { publisherId, commentId: 'c-7' }]);
    const [first] = await findPendingEvents(harness.storage, 1);
    await appendToFeed(harness.storage, publisherId, first!.events);

    await harness.startDispatcher();
    await harness.startDispatcher();
    await receiver.waitFor(2);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const events = receiver.received.map((delivery) => verified(delivery, endpoint.secret));
    expect(events.map((event) => event.data.commentId).sort()).to.deep.equal(['c-6', 'c-7']);
    const feed = await readEventFeed(harness.storage, publisherId, { after: 0, limit: 10 });
    expect(feed.events.map((event) => [event.position, event.data.commentId])).to.deep.equal([[1, 'c-6'], [2, 'c-7']]);
  });

  it('numbers a comment’s events in order: a decision is sequence 2 after the analysis’ 1', async () => {
    const publisherId = uniqueName('pub');
    const endpoint = await harness.registerEndpoint(publisherId, receiver.url);
    await harness.startDispatcher();
    await saveComments(harness.storage, [{ publisherId, commentId: 'c-8', flags: { toxic: 0.8 } }]);
    await receiver.waitFor(1);
    await decideComment(harness.storage, { publisherId, commentId: 'c-8', action: 'reject', reason: 'insult', decidedBy: 'key-1' });
    const deliveries = await receiver.waitFor(2);
    const [analyzed, decided] = deliveries.map((delivery) => verified(delivery, endpoint.secret));
    expect([analyzed!.type, analyzed!.data.sequence]).to.deep.equal(['comment.analyzed', 1]);
    expect([decided!.type, decided!.data.sequence]).to.deep.equal(['comment.decided', 2]);
    expect(decided!.data).to.deep.include({ status: 'rejected', previousStatus: 'pending' });
    expect((decided!.data as { decision: unknown }).decision).to.deep.include({ action: 'reject', reason: 'insult', decidedBy: 'key-1' });
  });

  it('sends only the event types an endpoint asked for', async () => {
    const publisherId = uniqueName('pub');
    const decisionsOnly = await startWebhookReceiver();
    try {
      await harness.registerEndpoint(publisherId, receiver.url);
      const endpoint = await harness.registerEndpoint(publisherId, decisionsOnly.url, ['comment.decided']);
      await harness.startDispatcher();
      await saveComments(harness.storage, [{ publisherId, commentId: 'c-9', flags: { spam: 0.9 } }]);
      await receiver.waitFor(1);
      await decideComment(harness.storage, { publisherId, commentId: 'c-9', action: 'approve', decidedBy: 'key-1' });
      const [delivery] = await decisionsOnly.waitFor(1);
      expect(verified(delivery!, endpoint.secret).type).to.equal('comment.decided');
      await receiver.waitFor(2);
      expect(decisionsOnly.received).to.have.length(1);
    } finally {
      await decisionsOnly.close();
    }
  });

  it('signs with the old and the new secret during a rotation’s grace period', async () => {
    const publisherId = uniqueName('pub');
    const endpoint = await harness.registerEndpoint(publisherId, receiver.url);
    const next = generateWebhookSecret();
    await rotateEndpointSecret(harness.storage, { publisherId, endpointId: endpoint.endpointId, secret: next, graceSeconds: 3600 });
    await harness.startDispatcher();
    await saveComments(harness.storage, [{ publisherId, commentId: 'c-10' }]);
    const [delivery] = await receiver.waitFor(1);
    expect(String(delivery!.headers['webhook-signature']).split(' ')).to.have.length(2);
    expect(verified(delivery!, endpoint.secret).data.commentId).to.equal('c-10');
    expect(verified(delivery!, next).data.commentId).to.equal('c-10');
    expect(() => verified(delivery!, generateWebhookSecret())).to.throw(/No matching signature/);
  });
});
