import { expect } from 'chai';
import request from 'supertest';
import { MAX_HOURLY_RANGE_DAYS } from '../src/http/query-schemas.js';
import { createTenant, saveComments, startHarness, type CommentSpec, type Harness, type Tenant } from './harness.js';

describe('moderation API: GET /v1/stats/sentiment', () => {
  let harness: Harness;
  let tenant: Tenant;

  before(async () => {
    harness = await startHarness('modapi-stats');
    tenant = await createTenant(harness.storage);
    const comment = (createdAt: string, score: number, articleId = 'a1'): CommentSpec => ({
      publisherId: tenant.publisherId,
      createdAt: new Date(createdAt),
      articleId,
      sentiment: { score, label: score <= -0.25 ? 'negative' : score >= 0.25 ? 'positive' : 'neutral' },
    });
    await saveComments(harness.storage, [
      comment('2025-10-01T09:15:00Z', -0.6),
      comment('2025-10-01T09:45:00Z', 0.4),
      comment('2025-10-01T09:50:00Z', 0.2, 'a2'),
      comment('2025-10-01T14:00:00Z', -1),
      comment('2025-10-03T08:00:00Z', 0.5),
    ]);
  });

  after(() => harness.stop());

  const stats = (query: string) => request(harness.app).get(`/v1/stats/sentiment${query}`).set('Authorization', tenant.auth.analyst);

  it('buckets by hour with counts per label and the mean score', async () => {
    const res = await stats('?interval=hour&from=2025-10-01&to=2025-10-02');
    expect(res.status).to.equal(200);
    expect(res.body).to.include({ interval: 'hour', timezone: 'UTC', from: '2025-10-01T00:00:00.000Z', to: '2025-10-02T00:00:00.000Z', articleId: null });
    expect(res.body.buckets).to.have.length(2);
    expect(res.body.buckets[0]).to.deep.include({ start: '2025-10-01T09:00:00.000Z', total: 3, counts: { negative: 1, neutral: 1, positive: 1 } });
    expect(res.body.buckets[0].meanScore).to.be.closeTo(0, 1e-9);
    expect(res.body.buckets[1]).to.deep.include({ start: '2025-10-01T14:00:00.000Z', total: 1, meanScore: -1, counts: { negative: 1, neutral: 0, positive: 0 } });
  });

  it('buckets by day (the default) and narrows to one article', async () => {
    const all = await stats('');
    expect(all.body.buckets.map((bucket: { start: string; total: number }) => [bucket.start, bucket.total])).to.deep.equal([
      ['2025-10-01T00:00:00.000Z', 4],
      ['2025-10-03T00:00:00.000Z', 1],
    ]);
    expect(all.body.buckets[0].meanScore).to.be.closeTo(-1 / 4, 1e-9);
    const article = await stats('?interval=day&articleId=a2');
    expect(article.body.buckets).to.have.length(1);
    expect(article.body.buckets[0]).to.deep.include({ total: 1, meanScore: 0.2 });
  });

  it('asks for a bounded range for hourly figures, naming the limit', async () => {
    for (const query of ['?interval=hour', '?interval=hour&from=2025-09-01&to=2025-10-03', '?interval=hour&from=2020-01-01']) {
      const res = await stats(query);
      expect(res.status, query).to.equal(400);
      expect(JSON.stringify(res.body), query).to.include(`at most ${MAX_HOURLY_RANGE_DAYS} days`);
    }
    const month = await stats('?interval=hour&from=2025-09-03&to=2025-10-04');
    expect(month.status).to.equal(200);
    expect(month.body.buckets).to.have.length(3);
  });

  it('rejects unknown intervals, bad dates and operator parameters with 400', async () => {
    for (const query of ['?interval=week', '?from=soon', '?from=2025-10-02&to=2025-10-01', '?articleId[$ne]=x', '?publisherId=someone-else']) {
      const res = await stats(query);
      expect(res.status, query).to.equal(400);
      expect(res.body.code).to.equal('validation_failed');
    }
  });
});
