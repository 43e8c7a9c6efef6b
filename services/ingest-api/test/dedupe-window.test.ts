import { COMMENT_DEDUPE_SECONDS, WEBHOOK_DEDUPE_SECONDS } from '@moderato/contracts';
import { expect } from 'chai';
import { buildComment } from '../../../test/support/fixtures.js';
import { sendSigned } from '../../../test/support/webhook-client.js';
import { DEDUPE_BUCKET_SECONDS, answerField, bucketExpiresAt, bucketsToRead, currentBucket } from '../src/redis/dedupe-window.js';
import { ingestKeys } from '../src/redis/keys.js';
import { startIngestHarness, type IngestHarness } from './support.js';

const DAY_MS = 24 * 3600 * 1000;
const WINDOW_MS = COMMENT_DEDUPE_SECONDS * 1000;

describe('ingest API: the dedupe window', () => {
  describe('buckets', () => {
    const start = Date.UTC(2026, 0, 1);
    const offsets = [0, 1, DAY_MS / 2, DAY_MS, 2.9 * DAY_MS, 3 * DAY_MS, 7.5 * DAY_MS];

    it('reads the bucket of every mark made up to the whole window ago, whatever the time within a bucket', () => {
      for (const markedAt of offsets.map((offset) => start + offset)) {
        for (const age of [0, DAY_MS, WINDOW_MS / 2, WINDOW_MS - 1, WINDOW_MS]) {
          expect(bucketsToRead(markedAt + age, COMMENT_DEDUPE_SECONDS), `mark at +${markedAt - start} ms read ${age} ms later`).to.include(currentBucket(markedAt));
        }
      }
    });

    it('stops reading a mark at most one bucket after the window', () => {
      for (const markedAt of offsets.map((offset) => start + offset)) {
        const later = markedAt + WINDOW_MS + 2 * DEDUPE_BUCKET_SECONDS * 1000;
        expect(bucketsToRead(later, COMMENT_DEDUPE_SECONDS)).not.to.include(currentBucket(markedAt));
      }
    });

    it('keeps a bucket until its newest possible mark is a window old', () => {
      for (const markedAt of offsets.map((offset) => start + offset)) {
        const expiresAtMs = bucketExpiresAt(currentBucket(markedAt), COMMENT_DEDUPE_SECONDS) * 1000;
        expect(expiresAtMs - markedAt).to.be.at.least(WINDOW_MS);
        expect(expiresAtMs - markedAt).to.be.at.most(WINDOW_MS + DEDUPE_BUCKET_SECONDS * 1000);
      }
    });
  });

  describe('through the ingest, with its clock moved', () => {
    let h: IngestHarness;
    let now = Date.now();
    const send = (body: unknown, webhookId?: string) => sendSigned(h.app, { path: '/v1/comments', publisherId: h.publisherId, secret: h.secret, body, ...(webhookId ? { webhookId } : {}) });

    before(async () => {
      h = await startIngestHarness('dedupe-window', undefined, { clock: () => now });
    });
    after(async () => {
      await h?.close();
    });
    beforeEach(() => {
      now = Date.now();
    });

    it('refuses a comment sent again 29 days later, and queues it again once the window has passed', async () => {
      const comment = buildComment();
      expect((await send(comment)).body.results[0].status).to.equal('queued');
      now += 29 * DAY_MS;
      expect((await send(comment)).body.results[0].status).to.equal('duplicate');
      now += 5 * DAY_MS;
      // Past the window the ingest forgets it; the comment's unique key in MongoDB keeps it stored once.
      expect((await send(comment)).body.results[0].status).to.equal('queued');
    });

    it('replays a webhook-id\'s answer byte for byte 29 days later, invalid items and in-batch duplicates included', async () => {
      const repeated = buildComment();
      const body = { comments: [repeated, { ...buildComment(), text: '' }, repeated, buildComment()] };
      const first = await send(body, 'msg_late_redelivery');
      expect(first.body.results.map((result: { status: string }) => result.status)).to.deep.equal(['queued', 'invalid', 'duplicate', 'queued']);
      now += 29 * DAY_MS;
      const waiting = await h.queue.count();
      const replay = await send(body, 'msg_late_redelivery');
      expect(replay.headers['x-moderato-redelivery']).to.equal('true');
      expect(replay.text).to.equal(first.text);
      expect(await h.queue.count()).to.equal(waiting);
    });

    it('keeps marks in one set and one hash per bucket, each expiring a window after the bucket ends', async () => {
      now = Date.UTC(2031, 5, 1);
      for (let i = 0; i < 20; i++) await send(buildComment());
      await send({ comments: Array.from({ length: 30 }, () => buildComment()) });
      const bucket = currentBucket(now);
      const seen = ingestKeys.seenBucket(h.queue.name, bucket);
      const answers = ingestKeys.answerBucket(h.queue.name, bucket);
      expect(await h.redis.scard(seen)).to.equal(50);
      expect(await h.redis.hlen(answers)).to.equal(21);
      expect(await h.redis.call('EXPIRETIME', seen)).to.equal(bucketExpiresAt(bucket, COMMENT_DEDUPE_SECONDS));
      expect(await h.redis.call('EXPIRETIME', answers)).to.equal(bucketExpiresAt(bucket, WEBHOOK_DEDUPE_SECONDS));
    });

    it('treats a delivery as new when its stored answer no longer fits the body, queueing only unseen comments', async () => {
      const seenBefore = buildComment();
      await send(seenBefore);
      const fresh = buildComment();
      // An answer stored for this webhook-id over a body whose comments counted differently (a schema change between
      // the two deliveries): one letter for two valid comments.
      const body = { comments: [seenBefore, fresh] };
      const first = await send(body, 'msg_other_schema');
      expect(first.body.results.map((result: { status: string }) => result.status)).to.deep.equal(['duplicate', 'queued']);
      const answers = ingestKeys.answerBucket(h.queue.name, currentBucket(now));
      const field = answerField(h.publisherId, 'msg_other_schema');
      const stored = await h.redis.hgetBuffer(answers, field);
      const [digest] = stored!.toString().split(' ');
      await h.redis.hset(answers, field, `${digest} q`);
      const deliveries = ingestKeys.deliveries(h.queue.name, h.publisherId);
      const countedBefore = Number(await h.redis.get(deliveries));
      const again = await send(body, 'msg_other_schema');
      expect(again.status).to.equal(202);
      // Two calls to Redis, one delivery against the publisher's budget.
      expect(Number(await h.redis.get(deliveries))).to.equal(countedBefore + 1);
      expect(again.headers['x-moderato-redelivery']).to.equal(undefined);
      expect(again.body.results.map((result: { status: string }) => result.status)).to.deep.equal(['duplicate', 'duplicate']);
    });
  });
});
