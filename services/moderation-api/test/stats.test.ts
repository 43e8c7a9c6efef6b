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
      // Not readers' sentiment: left out unless asked for.
      { ...comment('2025-10-01T10:00:00Z', -0.9), flags: { spam: 0.97 }, status: 'rejected' },
      { ...comment('2025-10-01T14:30:00Z', -0.5, 'a2'), flags: { duplicate: 0.99 }, duplicateOf: 'c-original', status: 'approved' },
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

  it('leaves out spam and duplicates unless included, and says so', async () => {
    const readers = await stats('?from=2025-10-01&to=2025-10-02');
    expect(readers.body.excluded).to.deep.equal(['spam', 'duplicate']);
    expect(readers.body.buckets[0]).to.deep.include({ total: 4, counts: { negative: 2, neutral: 1, positive: 1 } });
    const withSpam = await stats('?from=2025-10-01&to=2025-10-02&include=spam');
    expect(withSpam.body.excluded).to.deep.equal(['duplicate']);
    expect(withSpam.body.buckets[0]).to.deep.include({ total: 5, counts: { negative: 3, neutral: 1, positive: 1 } });
    const everything = await stats('?from=2025-10-01&to=2025-10-02&include=spam,duplicate');
    expect(everything.body.excluded).to.deep.equal([]);
    expect(everything.body.buckets[0]).to.deep.include({ total: 6, counts: { negative: 4, neutral: 1, positive: 1 } });
    expect(everything.body.buckets[0].meanScore).to.be.closeTo(-2.4 / 6, 1e-9);
    const repeated = await stats('?from=2025-10-01&to=2025-10-02&include=duplicate&include=spam');
    expect(repeated.body.buckets[0].total).to.equal(6);
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
    for (const query of ['?interval=week', '?from=soon', '?from=2025-10-02&to=2025-10-01', '?articleId[$ne]=x', '?publisherId=someone-else', '?include=toxic', '?include=']) {
      const res = await stats(query);
      expect(res.status, query).to.equal(400);
      expect(res.body.code).to.equal('validation_failed');
    }
    const toxic = await stats('?include=spam,toxic');
    expect(toxic.body.errors.map((error: { path: string }) => error.path)).to.include('query.include.1');
  });
});

describe('moderation API: GET /v1/stats/articles and /v1/stats/authors', () => {
  let harness: Harness;
  let tenant: Tenant;
  let other: Tenant;
  const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000);

  before(async () => {
    harness = await startHarness('modapi-stats-articles');
    [tenant, other] = [await createTenant(harness.storage), await createTenant(harness.storage)];
    const comment = (articleId: string, score: number, hours = 24, authorId = `reader-${articleId}`): CommentSpec => ({
      publisherId: tenant.publisherId,
      createdAt: hoursAgo(hours),
      articleId,
      authorId,
      sentiment: { score, label: score <= -0.25 ? 'negative' : score >= 0.25 ? 'positive' : 'neutral' },
    });
    await saveComments(harness.storage, [
      comment('budget', -0.8), comment('budget', -0.6, 30, 'reader-budget-2'),
      comment('storm', -0.5),
      comment('war', -0.9, 24, 'troll'), comment('war', -0.3, 24, 'troll'), comment('war', 0.6),
      comment('garden', 0.7), comment('garden', 0.1),
      { ...comment('garden', -1, 12, 'spammer'), flags: { spam: 0.99 }, status: 'rejected' },
      { ...comment('garden', -0.9, 12, 'spammer'), flags: { duplicate: 0.98 }, status: 'pending' },
      comment('last-month', -1, 24 * 10),
      { publisherId: other.publisherId, createdAt: hoursAgo(5), articleId: 'war', authorId: 'elsewhere', sentiment: { score: 0.9, label: 'positive' } },
    ]);
  });

  after(() => harness.stop());

  const get = (path: string, query = '', auth = tenant.auth.analyst) => request(harness.app).get(`/v1/stats/${path}${query}`).set('Authorization', auth);
  const ranking = (body: { articles: Array<{ articleId: string; total: number }> }) => body.articles.map((row) => [row.articleId, row.total]);

  it('ranks the last 7 days’ articles most negative first, ties by more comments, without spam and duplicates', async () => {
    const res = await get('articles');
    expect(res.status).to.equal(200);
    expect(res.body).to.include({ sort: 'negative', limit: 20 });
    expect(res.body.excluded).to.deep.equal(['spam', 'duplicate']);
    expect(Date.parse(res.body.to) - Date.parse(res.body.from)).to.equal(7 * 86_400_000);
    expect(Math.abs(Date.parse(res.body.to) - Date.now())).to.be.below(60_000);
    expect(ranking(res.body)).to.deep.equal([['budget', 2], ['storm', 1], ['war', 3], ['garden', 2]]);
    const war = res.body.articles[2];
    expect(war).to.deep.include({ counts: { negative: 2, neutral: 0, positive: 1 } });
    expect(war.negativeShare).to.be.closeTo(2 / 3, 1e-9);
    expect(war.meanScore).to.be.closeTo(-0.2, 1e-9);
    expect(res.body.articles[3]).to.deep.include({ negativeShare: 0, positiveShare: 0.5 });
  });

  it('counts spam and duplicates only when included', async () => {
    const res = await get('articles', '?include=spam,duplicate');
    expect(res.body.excluded).to.deep.equal([]);
    const garden = res.body.articles.find((row: { articleId: string }) => row.articleId === 'garden');
    expect(garden).to.deep.include({ total: 4, counts: { negative: 2, neutral: 1, positive: 1 }, negativeShare: 0.5 });
  });

  it('sorts by comments or share positive, limits, and takes an explicit range', async () => {
    expect(ranking((await get('articles', '?sort=comments&limit=2')).body)).to.deep.equal([['war', 3], ['budget', 2]]);
    expect(ranking((await get('articles', '?sort=positive&limit=2')).body)).to.deep.equal([['garden', 2], ['war', 3]]);
    const month = await get('articles', `?from=${hoursAgo(24 * 30).toISOString()}&to=${new Date().toISOString()}&sort=negative&limit=3`);
    expect(ranking(month.body)).to.deep.equal([['budget', 2], ['last-month', 1], ['storm', 1]]);
  });

  it('counts per author the same way', async () => {
    const res = await get('authors', '?sort=negative&limit=1');
    expect(res.status).to.equal(200);
    expect(res.body.authors).to.have.length(1);
    expect(res.body.authors[0]).to.deep.include({ authorId: 'troll', total: 2, counts: { negative: 2, neutral: 0, positive: 0 }, negativeShare: 1 });
    const spammer = (await get('authors', '?include=spam')).body.authors.find((row: { authorId: string }) => row.authorId === 'spammer');
    expect(spammer).to.deep.include({ total: 1, meanScore: -1 });
    expect((await get('authors')).body.authors.map((row: { authorId: string }) => row.authorId)).to.not.include('spammer');
  });

  it('shows a publisher only its own comments', async () => {
    const res = await get('articles', '', other.auth.analyst);
    expect(ranking(res.body)).to.deep.equal([['war', 1]]);
    expect(res.body.articles[0]).to.deep.include({ positiveShare: 1, meanScore: 0.9 });
    expect((await get('authors', '', other.auth.moderator)).body.authors.map((row: { authorId: string }) => row.authorId)).to.deep.equal(['elsewhere']);
  });

  it('rejects bad parameters with 400 naming the field', async () => {
    const cases: Array<[string, string]> = [
      ['?limit=0', 'query.limit'], ['?limit=101', 'query.limit'], ['?limit=ten', 'query.limit'],
      ['?sort=worst', 'query.sort'], ['?include=toxic', 'query.include.0'],
      ['?from=2025-10-02&to=2025-10-01', 'query.to'], ['?from=yesterday', 'query.from'], ['?from=2020-01-01&to=2025-01-01', 'query.from'],
      ['?articleId[$ne]=x', 'query'], ['?publisherId=someone-else', 'query'],
    ];
    for (const [query, path] of cases) {
      const res = await get('articles', query);
      expect(res.status, query).to.equal(400);
      expect(res.body.code, query).to.equal('validation_failed');
      expect(res.body.errors.map((error: { path: string }) => error.path), query).to.include(path);
    }
    expect((await get('authors', '?limit=500')).status).to.equal(400);
  });

  it('needs a key', async () => {
    expect((await request(harness.app).get('/v1/stats/articles')).status).to.equal(401);
  });
});
