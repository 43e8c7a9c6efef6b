import { expect } from 'chai';
import { buildComment } from '../../../test/support/fixtures.js';
import { sendSigned } from '../../../test/support/webhook-client.js';
import { startIngestHarness, type IngestHarness } from './support.js';

describe('ingest API: rate limits', () => {
  let h: IngestHarness;
  const send = (options: { secret?: string; publisherId?: string } = {}) =>
    sendSigned(h.app, { path: '/v1/comments', publisherId: options.publisherId ?? h.publisherId, secret: options.secret ?? h.secret, body: buildComment() });

  describe('deliveries per publisher', () => {
    before(async () => {
      h = await startIngestHarness('ingest_rate', undefined, { rateLimits: { requestsPerMinute: 3, authFailuresPerMinute: 100 } });
    });
    after(async () => {
      await h?.close();
    });

    it('answers 429 with Retry-After past the budget, queueing nothing from the refused delivery', async () => {
      for (let i = 0; i < 3; i++) expect((await send()).status).to.equal(202);
      const waiting = await h.queue.getWaitingCount();
      const refused = await send();
      expect(refused.status).to.equal(429);
      expect(refused.headers['content-type']).to.contain('application/problem+json');
      expect(refused.body.code).to.equal('rate_limited');
      const retryAfter = Number(refused.headers['retry-after']);
      expect(retryAfter).to.be.within(1, 60);
      expect(refused.body.retryAfterSeconds).to.equal(retryAfter);
      expect(await h.queue.getWaitingCount()).to.equal(waiting);
    });

    it('does not let unsigned requests spend a publisher’s budget', async () => {
      const other = await startIngestHarness('ingest_rate_b', undefined, { rateLimits: { requestsPerMinute: 2, authFailuresPerMinute: 100 } });
      try {
        const forged = () => sendSigned(other.app, { path: '/v1/comments', publisherId: other.publisherId, secret: 'whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=', body: buildComment() });
        for (let i = 0; i < 4; i++) expect((await forged()).status).to.equal(401);
        const genuine = await sendSigned(other.app, { path: '/v1/comments', publisherId: other.publisherId, secret: other.secret, body: buildComment() });
        expect(genuine.status).to.equal(202);
      } finally {
        await other.close();
      }
    });
  });

  describe('failed authentications per client address', () => {
    before(async () => {
      h = await startIngestHarness('ingest_authfail', undefined, { rateLimits: { requestsPerMinute: 100, authFailuresPerMinute: 2 } });
    });
    after(async () => {
      await h?.close();
    });

    it('refuses an address unread after repeated failures, even a correctly signed request, until the window ends', async () => {
      const wrong = 'whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
      expect((await send({ secret: wrong })).status).to.equal(401);
      expect((await send({ publisherId: 'no-such-publisher', secret: wrong })).status).to.equal(401);
      const blocked = await send();
      expect(blocked.status).to.equal(429);
      expect(blocked.body.code).to.equal('rate_limited');
      expect(blocked.body.detail).to.contain('failed authentications');
      expect(Number(blocked.headers['retry-after'])).to.be.within(1, 60);
    });
  });
});
