import { expect } from 'chai';
import request from 'supertest';
import { saveAnalyzedComment } from '@moderato/storage';
import { buildAnalysis, buildAnalyzedComment } from '../../../packages/storage/test/builders.js';
import { at, createTenant, saveComments, startHarness, type Harness, type Tenant } from './harness.js';

describe('moderation API: GET /v1/queue', () => {
  let harness: Harness;
  let tenant: Tenant;

  before(async () => {
    harness = await startHarness('modapi-queue');
    tenant = await createTenant(harness.storage);
    const publisherId = tenant.publisherId;
    await saveComments(harness.storage, [
      { publisherId, commentId: 'spam-old', flags: { spam: 0.6 }, articleId: 'a1', authorId: 'u1', createdAt: at(0) },
      { publisherId, commentId: 'toxic', flags: { toxic: 0.95 }, articleId: 'a2', authorId: 'u2', createdAt: at(10) },
      { publisherId, commentId: 'dup', flags: { duplicate: 0.8, spam: 0.7 }, articleId: 'a1', authorId: 'u2', createdAt: at(20) },
      { publisherId, commentId: 'negative', flags: { negative: 0.4 }, articleId: 'a1', authorId: 'u3', createdAt: at(30) },
      { publisherId, commentId: 'fine', articleId: 'a1', createdAt: at(40) },
    ]);
  });

  after(() => harness.stop());

  const get = (query: string) => request(harness.app).get(`/v1/queue${query}`).set('Authorization', tenant.auth.moderator);
  const ids = (body: { items: Array<{ commentId: string }> }) => body.items.map((item) => item.commentId);

  it('lists pending items oldest first by default, with what a moderator scans for', async () => {
    const res = await get('');
    expect(res.status).to.equal(200);
    expect(ids(res.body)).to.deep.equal(['spam-old', 'toxic', 'dup', 'negative']);
    expect(res.body.items[2]).to.include({ commentId: 'dup', articleId: 'a1', authorId: 'u2', severity: 0.8, createdAt: at(20).toISOString() });
    expect(res.body.items[2].flags).to.deep.equal(['duplicate', 'spam']);
    expect(res.body.nextCursor).to.equal(null);
  });

  it('sorts newest first and most severe first', async () => {
    expect(ids((await get('?sort=newest')).body)).to.deep.equal(['negative', 'dup', 'toxic', 'spam-old']);
    expect(ids((await get('?sort=severity')).body)).to.deep.equal(['toxic', 'dup', 'spam-old', 'negative']);
  });

  it('filters by flags (repeated or comma-separated), article, author and time', async () => {
    expect(ids((await get('?flag=spam')).body)).to.deep.equal(['spam-old', 'dup']);
    expect(ids((await get('?flag=toxic&flag=negative')).body)).to.deep.equal(['toxic', 'negative']);
    expect(ids((await get('?flag=toxic,negative')).body)).to.deep.equal(['toxic', 'negative']);
    expect(ids((await get('?articleId=a1&authorId=u2')).body)).to.deep.equal(['dup']);
    const range = `?from=${encodeURIComponent(at(10).toISOString())}&to=${encodeURIComponent(at(30).toISOString())}`;
    expect(ids((await get(range)).body)).to.deep.equal(['toxic', 'dup']);
  });

  it('pages with a cursor that survives decisions made between pages', async () => {
    const first = await get('?sort=severity&limit=2');
    expect(ids(first.body)).to.deep.equal(['toxic', 'dup']);
    // Another moderator decides an item already shown and the next one not yet shown.
    for (const id of ['dup', 'spam-old']) {
      const decided = await request(harness.app).post(`/v1/comments/${id}/decision`).set('Authorization', tenant.auth.admin).send({ action: 'approve' });
      expect(decided.status).to.equal(200);
    }
    const second = await get(`?sort=severity&limit=2&cursor=${first.body.nextCursor}`);
    expect(ids(second.body)).to.deep.equal(['negative']);
    expect(second.body.nextCursor).to.equal(null);
  });

  // Most publishers send no language: the item then names the one the analysis detected, as the comment in full does.
  it('names the language the publisher sent, else the one the analysis detected, else none', async () => {
    const own = await createTenant(harness.storage);
    const comment = (commentId: string, minute: number, sent: string | undefined, detected: string) => {
      const analysis = buildAnalysis({ commentId, flags: { spam: 0.6 } });
      const built = buildAnalyzedComment({ publisherId: own.publisherId, commentId, createdAt: at(minute) });
      return { ...built, language: sent, analysis: { ...analysis, language: { ...analysis.language, code: detected } } };
    };
    for (const saved of [comment('fr', 0, undefined, 'fr'), comment('sent-de', 1, 'de', 'en'), comment('undetermined', 2, undefined, 'und')]) {
      await saveAnalyzedComment(harness.storage, saved);
    }
    const res = await request(harness.app).get('/v1/queue').set('Authorization', own.auth.moderator);
    expect(res.status).to.equal(200);
    expect(res.body.items.map((item: { commentId: string; language: string | null }) => [item.commentId, item.language])).to.deep.equal([
      ['fr', 'fr'], ['sent-de', 'de'], ['undetermined', null],
    ]);
    const detail = await request(harness.app).get('/v1/comments/fr').set('Authorization', own.auth.moderator);
    expect(detail.body.language).to.equal('fr');
  });

  it('rejects operators smuggled into parameters with 400, naming the parameter', async () => {
    for (const query of ['?status[$ne]=x', '?articleId[$ne]=x', '?authorId[$gt]=', '?articleId=a1&articleId=a2', '?flag[$in]=spam', '?sort[$ne]=oldest']) {
      const res = await get(query);
      expect(res.status, query).to.equal(400);
      expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
      expect(res.body.code).to.equal('validation_failed');
      expect(res.body.errors[0].path).to.match(/^query/);
    }
  });

  it('rejects bad values with 400: unknown flag or sort, limit out of range, bad dates, inverted range', async () => {
    const cases: Record<string, string> = {
      '?flag=rude': 'query.flag.0',
      '?sort=random': 'query.sort',
      '?limit=0': 'query.limit',
      '?limit=101': 'query.limit',
      '?limit=ten': 'query.limit',
      '?from=yesterday': 'query.from',
      '?from=2025-10-02&to=2025-10-01': 'query.to',
    };
    for (const [query, path] of Object.entries(cases)) {
      const res = await get(query);
      expect(res.status, query).to.equal(400);
      expect(res.body.errors.map((error: { path: string }) => error.path), query).to.include(path);
    }
  });

  it('rejects a tampered cursor and a cursor issued for another order', async () => {
    const issued = (await get('?limit=1')).body.nextCursor as string;
    const tampered = Buffer.from(JSON.stringify({ sort: 'oldest', createdAt: { $gt: '' }, severity: 0, commentId: 'x' })).toString('base64url');
    for (const cursor of [tampered, 'bm90LWpzb24', issued.slice(0, -6)]) {
      const res = await get(`?cursor=${cursor}`);
      expect(res.status, cursor).to.equal(400);
      expect(res.body.errors[0].path).to.equal('query.cursor');
    }
    const otherOrder = await get(`?sort=newest&cursor=${issued}`);
    expect(otherOrder.status).to.equal(400);
    expect(otherOrder.body.errors[0].message).to.match(/sort=oldest/);
  });
});
