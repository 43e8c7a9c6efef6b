import { PAGE_CONTENT_SECURITY_POLICY } from '@moderato/moderator-web';
import { expect } from 'chai';
import request from 'supertest';
import { startHarness, type Harness } from './harness.js';

describe('moderation API: the moderators’ page', () => {
  let harness: Harness;

  before(async () => {
    harness = await startHarness('modapi-page');
  });

  after(() => harness.stop());

  it('serves the page, its modules and its stylesheet without a key, under the page’s security headers', async () => {
    for (const [path, type] of [['/', /^text\/html/], ['/js/main.js', /^text\/javascript/], ['/js/api.js', /^text\/javascript/], ['/app.css', /^text\/css/]] as const) {
      const res = await request(harness.app).get(path);
      expect(res.status, path).to.equal(200);
      expect(res.headers['content-type'], path).to.match(type);
      expect(res.headers['content-security-policy'], path).to.equal(PAGE_CONTENT_SECURITY_POLICY);
      expect(res.headers['x-content-type-options'], path).to.equal('nosniff');
      expect(res.headers['www-authenticate'], path).to.equal(undefined);
    }
  });

  it('keeps the API behind its key', async () => {
    const res = await request(harness.app).get('/v1/queue');
    expect(res.status).to.equal(401);
    expect(res.body.code).to.equal('missing_api_key');
  });

  it('answers other paths with the API’s 404 problem, never a file', async () => {
    for (const path of ['/index.html', '/..%2fpackage.json', '/%2e%2e/package.json', '/public/js/main.js', '/js/main.js/', '/js/', '/app.js']) {
      const res = await request(harness.app).get(path);
      expect(res.status, path).to.equal(404);
      expect(res.headers['content-type'], path).to.match(/^application\/problem\+json/);
      expect(res.body.code, path).to.equal('route_not_found');
    }
  });

  it('times page requests under their route, not under "unmatched"', async () => {
    await request(harness.app).get('/app.css');
    const metrics = await request(harness.app).get('/metrics');
    expect(metrics.text).to.match(/moderato_http_request_duration_seconds_count\{[^}]*route="\/app\.css"[^}]*status="200"/);
  });
});
