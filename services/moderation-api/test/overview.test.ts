import { expect } from 'chai';
import request from 'supertest';
import { createApiKey } from '@moderato/storage';
import { createTenant, saveComments, startHarness, type Harness, type Tenant } from './harness.js';

describe('moderation API: GET /v1/overview', () => {
  let harness: Harness;
  let tenant: Tenant;
  let anna: { key: string; keyId: string };
  const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000);

  before(async () => {
    harness = await startHarness('modapi-overview');
    tenant = await createTenant(harness.storage);
    anna = await createApiKey(harness.storage, { publisherId: tenant.publisherId, role: 'moderator', label: 'Anna' });
    const { publisherId } = tenant;
    await saveComments(harness.storage, [
      { publisherId, commentId: 'insult', createdAt: hoursAgo(2), flags: { toxic: 0.9 } },
      { publisherId, commentId: 'harsh', createdAt: hoursAgo(2), flags: { toxic: 0.6, negative: 0.7 } },
      { publisherId, commentId: 'ad', createdAt: hoursAgo(1), flags: { spam: 0.8 } },
      { publisherId, commentId: 'waiting', createdAt: hoursAgo(1), flags: { spam: 0.6 } },
      { publisherId, commentId: 'fine', createdAt: hoursAgo(1) },
      { publisherId, commentId: 'junk', createdAt: hoursAgo(1), flags: { spam: 0.99 }, status: 'rejected' },
      // Ten days ago: outside the default range, but in the queue now.
      { publisherId, commentId: 'old', createdAt: hoursAgo(240), flags: { negative: 0.5 } },
    ]);
    const decide = (auth: string, id: string, action: string) => request(harness.app).post(`/v1/comments/${id}/decision`).set('Authorization', auth).send({ action });
    expect((await decide(`Bearer ${anna.key}`, 'insult', 'reject')).status).to.equal(200);
    expect((await decide(`Bearer ${anna.key}`, 'harsh', 'approve')).status).to.equal(200);
    expect((await decide(tenant.auth.admin, 'ad', 'reject')).status).to.equal(200);
  });

  after(() => harness.stop());

  const overview = (query = '', auth = tenant.auth.moderator) => request(harness.app).get(`/v1/overview${query}`).set('Authorization', auth);

  it('covers the last 7 days by default: what came in, what became of it, who decided, how fast, how precise each flag was', async () => {
    const res = await overview();
    expect(res.status).to.equal(200);
    expect(Date.parse(res.body.to) - Date.parse(res.body.from)).to.equal(7 * 86_400_000);
    expect(res.body.pendingNow).to.equal(2); // waiting, old
    expect(res.body.received).to.deep.equal({ total: 6, byPolicy: { approved: 1, rejected: 1 }, byHand: { approved: 1, rejected: 2 }, pending: 1 });
    expect(res.body.topFlags).to.deep.equal([{ kind: 'spam', count: 3 }, { kind: 'toxic', count: 2 }, { kind: 'negative', count: 1 }]);
    expect(res.body.decisions).to.deep.include({ total: 3, approved: 1, rejected: 2 });
    expect(res.body.decisions.moderators).to.deep.equal([
      { keyId: anna.keyId, label: 'Anna', total: 2, approved: 1, rejected: 1 },
      { keyId: tenant.keyIds.admin, label: null, total: 1, approved: 0, rejected: 1 },
    ]);
    expect(res.body.decisions.precision).to.deep.equal([
      { kind: 'toxic', decided: 2, rejected: 1, rejectedShare: 0.5 },
      { kind: 'negative', decided: 1, rejected: 0, rejectedShare: 0 },
      { kind: 'spam', decided: 1, rejected: 1, rejectedShare: 1 },
    ]);
    // Received 1 or 2 hours (less a second) before the decisions just made: p50 is the 2nd of 3 (2 h), p95 the 3rd (2 h).
    expect(res.body.decisions.timeToDecision.p50Seconds).to.be.closeTo(7_199, 30);
    expect(res.body.decisions.timeToDecision.p95Seconds).to.be.closeTo(7_199, 30);
  });

  it('narrows to the range asked', async () => {
    const from = encodeURIComponent(hoursAgo(300).toISOString());
    const to = encodeURIComponent(hoursAgo(100).toISOString());
    const res = await overview(`?from=${from}&to=${to}`, tenant.auth.admin);
    expect(res.status).to.equal(200);
    expect(res.body.received).to.deep.include({ total: 1, pending: 1 });
    expect(res.body.decisions.total).to.equal(0);
    expect(res.body.decisions.timeToDecision).to.deep.equal({ p50Seconds: null, p95Seconds: null });
  });

  it('refuses a range that is backwards or longer than 366 days, unknown parameters, and analysts', async () => {
    for (const query of ['?from=2025-10-02&to=2025-10-01', '?from=2024-01-01&to=2025-10-01', '?from=yesterday', '?publisherId=x']) {
      const res = await overview(query);
      expect(res.status, query).to.equal(400);
      expect(res.type).to.equal('application/problem+json');
    }
    expect((await overview('', tenant.auth.analyst)).status).to.equal(403);
  });
});
