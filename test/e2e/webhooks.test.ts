import { issueApiKey, provisionPublisher } from '@moderato/cli';
import { eventEnvelopeSchema, type EventEnvelope } from '@moderato/contracts';
import { startWebhookReceiver, uniqueName, type ReceivedDelivery, type WebhookReceiver } from '@moderato/testkit';
import { expect } from 'chai';
import { Webhook } from 'standardwebhooks';
import request from 'supertest';
import { buildLinkSpam, seedArticle, seedComments } from '../support/fixtures.js';
import { eventually, startStack, type RunningStack } from '../support/stack.js';
import { sendSigned } from '../support/webhook-client.js';

/** End to end: comments in by signed webhook, their outcomes back out to the publisher's own endpoint and feed. */
describe('end to end: results back to the publisher (outbound webhooks and the event feed)', function () {
  this.timeout(60_000);
  let stack: RunningStack;
  let receiver: WebhookReceiver;
  let secret: string;
  let endpointSecret: string;
  let adminKey: string;
  let moderatorKey: string;
  // Its own publisher id: the ingest API's redelivery guard is keyed by publisher and comment id across test stacks.
  const publisherId = uniqueName('chronicle');
  const article = seedArticle();
  const comments = [...seedComments(), buildLinkSpam({ id: 'spam-1' })];

  /** What the publisher's receiver does with a delivery: verify it with the official library, then read it. */
  const verified = (delivery: ReceivedDelivery): EventEnvelope =>
    eventEnvelopeSchema.parse(new Webhook(endpointSecret).verify(delivery.body, delivery.headers as Record<string, string>));

  before(async () => {
    stack = await startStack('e2e-hooks');
    receiver = await startWebhookReceiver();
    ({ secret } = await provisionPublisher(stack.storage, publisherId, 'Daily Chronicle'));
    ({ key: adminKey } = await issueApiKey(stack.storage, publisherId, 'admin'));
    ({ key: moderatorKey } = await issueApiKey(stack.storage, publisherId, 'moderator'));
  });

  after(async () => {
    await stack?.stop();
    await receiver?.close();
  });

  it('registers the publisher’s endpoint through the moderation API', async () => {
    const res = await request(stack.moderationUrl).post('/v1/webhooks/endpoints').set('authorization', `Bearer ${adminKey}`).send({ url: receiver.url, description: 'newsroom CMS' });
    expect(res.status).to.equal(201);
    endpointSecret = res.body.secret;
  });

  it('sends a comment.analyzed event for each of the seed’s six comments and a spam comment, each verifiable', async () => {
    const registered = await sendSigned(stack.ingestUrl, { method: 'put', path: `/v1/articles/${article.id}`, publisherId, secret, body: { title: article.title, body: article.body, url: article.url } });
    expect(registered.status).to.equal(201);
    const sent = await sendSigned(stack.ingestUrl, { path: '/v1/comments', publisherId, secret, body: { comments } });
    expect(sent.status).to.equal(202);

    const deliveries = await receiver.waitFor(comments.length, 30_000);
    const events = deliveries.map(verified);
    expect(events.every((event) => event.type === 'comment.analyzed')).to.equal(true);
    expect(events.map((event) => event.data.commentId).sort()).to.deep.equal(comments.map((comment) => comment.id).sort());
    const spam = events.find((event) => event.data.commentId === 'spam-1')!;
    expect(spam.data).to.include({ status: 'pending', sequence: 1 });
    expect((spam.data as { flags: Array<{ kind: string }> }).flags.map((flag) => flag.kind)).to.include('spam');
  });

  it('sends the moderator’s decision as comment.decided, sequence 2', async () => {
    const decided = await request(stack.moderationUrl).post('/v1/comments/spam-1/decision').set('authorization', `Bearer ${moderatorKey}`).send({ action: 'reject', reason: 'link spam' });
    expect(decided.status).to.equal(200);
    const deliveries = await receiver.waitFor(comments.length + 1);
    const decision = verified(deliveries.at(-1)!);
    expect(decision.type).to.equal('comment.decided');
    expect(decision.data).to.deep.include({ commentId: 'spam-1', sequence: 2, status: 'rejected', previousStatus: 'pending' });
    expect((decision.data as { decision: { reason: string } }).decision.reason).to.equal('link spam');
  });

  it('lists the same events, once each, in the feed an analytics job reads from the start', async () => {
    const ids = receiver.received.map((delivery) => delivery.headers['webhook-id']);
    const feed = await eventually(async () => {
      const res = await request(stack.moderationUrl).get('/v1/events?limit=500').set('authorization', `Bearer ${adminKey}`);
      return res.body.events.length === ids.length ? res.body : undefined;
    }, 'the feed to hold every event');
    expect(feed.events.map((event: { id: string }) => event.id).sort()).to.deep.equal([...ids].sort());
    expect(new Set(ids).size).to.equal(ids.length);
  });
});
