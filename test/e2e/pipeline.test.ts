import { issueApiKey, provisionPublisher } from '@moderato/cli';
import { expect } from 'chai';
import request from 'supertest';
import { buildComment, buildLinkSpam, seedArticle, seedComments } from '../support/fixtures.js';
import { eventually, startStack, type RunningStack } from '../support/stack.js';
import { sendSigned } from '../support/webhook-client.js';

interface QueueItem {
  commentId: string;
  flags: string[];
  reasons?: unknown;
}

describe('end to end: signed webhook → queue → worker → MongoDB → moderation API', function () {
  this.timeout(60_000);
  let stack: RunningStack;
  let secret: string;
  let moderatorKey: string;
  let analystKey: string;
  let otherPublisherKey: string;
  const publisherId = 'daily-chronicle';
  const article = seedArticle();
  const comments = seedComments();
  const spam = buildLinkSpam({ id: 'spam-1' });
  const source = comments[3]!;
  const nearCopy = buildComment({
    id: 'copy-1',
    author: { id: 'donatello', name: 'Donatello' },
    text: source.text.replace('are valid', 'are legitimate').replace('complex', 'complex!!'),
  });

  const moderation = () => request(stack.moderationUrl);
  const comment = (id: string, key = moderatorKey) => moderation().get(`/v1/comments/${encodeURIComponent(id)}`).set('authorization', `Bearer ${key}`);
  const queue = (query: string, key = moderatorKey) => moderation().get(`/v1/queue?${query}`).set('authorization', `Bearer ${key}`);

  before(async () => {
    stack = await startStack('e2e');
    ({ secret } = await provisionPublisher(stack.storage, publisherId, 'Daily Chronicle'));
    ({ key: moderatorKey } = await issueApiKey(stack.storage, publisherId, 'moderator'));
    ({ key: analystKey } = await issueApiKey(stack.storage, publisherId, 'analyst'));
    await provisionPublisher(stack.storage, 'other-gazette');
    ({ key: otherPublisherKey } = await issueApiKey(stack.storage, 'other-gazette', 'admin'));
  });

  after(async () => {
    await stack?.stop();
  });

  it('keeps the webhook secret sealed in MongoDB: the stored publisher holds no copy of it', async () => {
    const stored = await stack.storage.models.publishers.findOne({ publisherId }).lean();
    expect(stored?.webhookSecrets[0]?.secret).to.match(/^enc:v1:/);
    expect(JSON.stringify(stored)).to.not.contain(secret.slice('whsec_'.length));
  });

  it('registers the article', async () => {
    const res = await sendSigned(stack.ingestUrl, {
      method: 'put',
      path: `/v1/articles/${article.id}`,
      publisherId,
      secret,
      body: { title: article.title, body: article.body, url: article.url },
    });
    expect(res.status).to.equal(201);
  });

  it('accepts the six seed comments, a link-spam comment and a near-copy as one signed batch', async () => {
    const res = await sendSigned(stack.ingestUrl, { path: '/v1/comments', publisherId, secret, body: { comments: [...comments, spam, nearCopy] }, webhookId: 'msg_batch_1' });
    expect(res.status).to.equal(202);
    expect(res.body.accepted).to.equal(8);
    expect(res.body.results.map((r: { status: string }) => r.status)).to.deep.equal(Array(8).fill('queued'));
  });

  it('stores all eight with sentiment, visible through the moderation API', async () => {
    for (const id of [...comments.map((c) => c.id), spam.id, nearCopy.id]) {
      const body = await eventually(async () => {
        const res = await comment(id);
        return res.status === 200 ? res.body : undefined;
      }, `comment ${id} to be analyzed`);
      expect(body.commentId).to.equal(id);
      expect(body.analysis.sentiment.label).to.be.oneOf(['negative', 'neutral', 'positive']);
      expect(body.analysis.sentiment.score).to.be.within(-1, 1);
    }
  });

  it('leaves the seed comments approved: ordinary news comments are not held', async () => {
    for (const seed of comments) {
      const res = await comment(seed.id);
      expect(res.body.status, `${seed.id}: ${JSON.stringify(res.body.flags)}`).to.equal('approved');
    }
  });

  it('holds the spam and the near-copy in the review queue, each with its reasons', async () => {
    const spamQueue = await queue('flag=spam');
    expect(spamQueue.status).to.equal(200);
    const spamItem = spamQueue.body.items.find((item: QueueItem) => item.commentId === spam.id);
    expect(spamItem, 'spam in the queue').to.not.equal(undefined);

    const spamDetail = await comment(spam.id);
    const spamFlag = spamDetail.body.analysis.flags.find((flag: { kind: string }) => flag.kind === 'spam');
    expect(spamFlag.reasons.map((reason: { code: string }) => reason.code)).to.include.members(['shortener']);

    const duplicateQueue = await queue('flag=duplicate');
    const copyItem = duplicateQueue.body.items.find((item: QueueItem) => item.commentId === nearCopy.id);
    expect(copyItem, 'near-copy in the queue').to.not.equal(undefined);
    const copyDetail = await comment(nearCopy.id);
    expect(copyDetail.body.analysis.duplicate.match.commentId).to.equal(source.id);
    expect(copyDetail.body.analysis.duplicate.match.similarity).to.be.greaterThan(0.5);
    expect(copyDetail.body.duplicate.commentId).to.equal(source.id);
    expect(copyDetail.body.duplicate.text).to.equal(source.text);
  });

  it('lets a moderator decide one item, which then leaves the queue', async () => {
    const res = await moderation()
      .post(`/v1/comments/${spam.id}/decision`)
      .set('authorization', `Bearer ${moderatorKey}`)
      .send({ action: 'reject', reason: 'link spam' });
    expect(res.status).to.equal(200);
    const after = await queue('flag=spam');
    expect(after.body.items.map((item: QueueItem) => item.commentId)).not.to.include(spam.id);
    const detail = await comment(spam.id);
    expect(detail.body.status).to.equal('rejected');
    expect(detail.body.decision.reason).to.equal('link spam');
  });

  it('gives analysts the sentiment stats of the article', async () => {
    const counted = async (query: string) => {
      const res = await moderation().get(`/v1/stats/sentiment?articleId=${article.id}&interval=day${query}`).set('authorization', `Bearer ${analystKey}`);
      expect(res.status).to.equal(200);
      const buckets = res.body.buckets as Array<{ counts: Record<string, number> }>;
      return buckets.reduce((sum, bucket) => sum + Object.values(bucket.counts).reduce((a, b) => a + b, 0), 0);
    };
    // The readers' sentiment: the six seed comments; the spam and the near-copy only when asked for.
    expect(await counted('')).to.equal(6);
    expect(await counted('&include=spam,duplicate')).to.equal(8);
  });

  it('stores nothing twice when the same webhook is delivered again', async () => {
    const res = await sendSigned(stack.ingestUrl, { path: '/v1/comments', publisherId, secret, body: { comments: [...comments, spam, nearCopy] }, webhookId: 'msg_batch_1' });
    expect(res.status).to.equal(202);
    expect(res.headers['x-moderato-redelivery']).to.equal('true');
    const again = await sendSigned(stack.ingestUrl, { path: '/v1/comments', publisherId, secret, body: { comments: [comments[0]] } });
    expect(again.body.results[0].status).to.equal('duplicate');
    const count = await stack.storage.models.comments.countDocuments({ publisherId });
    expect(count).to.equal(8);
  });

  it('stores nothing from a delivery with a bad signature', async () => {
    const forged = buildComment({ id: 'forged-1' });
    const res = await sendSigned(stack.ingestUrl, { path: '/v1/comments', publisherId, secret: `whsec_${Buffer.alloc(32, 7).toString('base64')}`, body: forged });
    expect(res.status).to.equal(401);
    expect(res.headers['content-type']).to.match(/application\/problem\+json/);
    // A valid comment sent after it is processed; the forged one never is.
    const marker = buildComment({ id: 'after-forged' });
    await sendSigned(stack.ingestUrl, { path: '/v1/comments', publisherId, secret, body: marker });
    await eventually(async () => ((await comment(marker.id)).status === 200 ? true : undefined), 'the marker comment');
    expect((await comment(forged.id)).status).to.equal(404);
  });

  it("shows another publisher's key none of it", async () => {
    const res = await queue('', otherPublisherKey);
    expect(res.status).to.equal(200);
    expect(res.body.items).to.deep.equal([]);
    expect((await comment(comments[0]!.id, otherPublisherKey)).status).to.equal(404);
    const decision = await moderation().post(`/v1/comments/${nearCopy.id}/decision`).set('authorization', `Bearer ${otherPublisherKey}`).send({ action: 'approve' });
    expect(decision.status).to.equal(404);
  });

  it("applies a policy change to the next comment at once, though the worker had the publisher's policy cached", async () => {
    // The stack's workers keep what they read for ten minutes: only the change's announcement can make this pass.
    const { key: adminKey } = await issueApiKey(stack.storage, publisherId, 'admin');
    const current = await moderation().get('/v1/policy').set('authorization', `Bearer ${adminKey}`);
    const changed = await moderation().put('/v1/policy').set('authorization', `Bearer ${adminKey}`).set('if-match', current.headers.etag!)
      .send({ policy: { bannedTerms: ['zeppelin'] } });
    expect(changed.status).to.equal(200);
    const banned = buildComment({ id: 'after-policy-change', text: 'The zeppelin coverage in this article was thorough and fair to everyone.' });
    await sendSigned(stack.ingestUrl, { path: '/v1/comments', publisherId, secret, body: banned });
    const stored = await eventually(async () => {
      const res = await comment(banned.id);
      return res.status === 200 ? res.body : undefined;
    }, 'the comment sent after the policy change');
    expect(stored.status).to.equal('rejected');
    expect(stored.flags).to.include('policy');
  });
});
