import { expect } from 'chai';
import fc from 'fast-check';
import request from 'supertest';
import { createTenant, saveComments, startHarness, type Harness, type Tenant } from './harness.js';

/**
 * Property: whatever query string a client sends to GET /v1/queue (operator-looking keys, nested brackets, repeated
 * and empty parameters, JSON in values, forged cursors), the API answers 200 with only the caller's own comments,
 * filtered as asked, or 400 naming the problem: never a 5xx, never another publisher's data.
 */
describe('moderation API: GET /v1/queue under fuzzed query strings', function () {
  this.timeout(60_000);
  let harness: Harness;
  let mine: Tenant;
  let theirs: Tenant;

  before(async () => {
    harness = await startHarness('modapi-query-fuzz');
    mine = await createTenant(harness.storage);
    theirs = await createTenant(harness.storage);
    const flagged = (publisherId: string, prefix: string) =>
      ['a1', 'a2', '$ne', '{"$gt":""}'].map((articleId, i) => ({ publisherId, commentId: `${prefix}-${i}`, articleId, authorId: `u${i}`, flags: { spam: 0.5 + i / 10 } }));
    await saveComments(harness.storage, [...flagged(mine.publisherId, 'mine'), ...flagged(theirs.publisherId, 'theirs')]);
  });

  after(() => harness.stop());

  const keys = fc.constantFrom('flag', 'articleId', 'authorId', 'from', 'to', 'sort', 'limit', 'cursor', 'articleId[$ne]', 'articleId[$gt]',
    '$where', 'publisherId', '__proto__', 'constructor[prototype]', 'flag[]', 'articleId[][$in]', 'limit[$gt]', 'cursor[a]');
  const values = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.constantFrom('', 'a1', '$ne', '{"$gt":""}', 'spam', 'spam,toxic', 'toxic,,', '2025-10-01', '2025-10-01T00:00:00Z', 'newest', 'severity',
      '0', '101', '-1', '1e3', 'eyJwIjoieCJ9', 'true', 'null', '[object Object]', '%00', '\u0000'),
  );
  const queries = fc.array(fc.tuple(keys, values), { maxLength: 6 });

  it('answers 200 with only the caller’s matching comments, or 400, for any query', async () => {
    await fc.assert(
      fc.asyncProperty(queries, async (pairs) => {
        const query = pairs.map(([key, value]) => `${encodeURIComponent(key).replace(/%5B/g, '[').replace(/%5D/g, ']')}=${encodeURIComponent(value)}`).join('&');
        const res = await request(harness.app).get(`/v1/queue?${query}`).set('Authorization', mine.auth.moderator);
        expect(res.status, query).to.be.oneOf([200, 400]);
        if (res.status === 400) {
          expect(res.headers['content-type'], query).to.match(/^application\/problem\+json/);
          return;
        }
        const items = res.body.items as Array<{ commentId: string; articleId: string }>;
        for (const item of items) expect(item.commentId, query).to.match(/^mine-/);
        const asked = new URLSearchParams(query).getAll('articleId');
        if (asked.length === 1) for (const item of items) expect(item.articleId, query).to.equal(asked[0]);
      }),
      { numRuns: 300 },
    );
  });
});
