import { revokeApiKey } from '@moderato/storage';
import { expect } from 'chai';
import request from 'supertest';
import { createTenant, saveComments, startHarness, type Harness, type Tenant } from './harness.js';

describe('moderation API: authentication, roles and tenants', () => {
  let harness: Harness;
  let tenant: Tenant;
  let otherTenant: Tenant;

  before(async () => {
    harness = await startHarness('modapi-access');
    tenant = await createTenant(harness.storage);
    otherTenant = await createTenant(harness.storage);
    await saveComments(harness.storage, [{ publisherId: tenant.publisherId, commentId: 'c-1', flags: { spam: 0.9 } }]);
  });

  after(() => harness.stop());

  it('answers 401 problem+json without a key, with a malformed header and with an unknown key', async () => {
    const cases = [
      [undefined, 'missing_api_key'],
      ['Basic dXNlcjpwYXNz', 'malformed_authorization'],
      ['Bearer mod_AAAAAAAAAAAAAAAA_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'invalid_api_key'],
    ] as const;
    for (const [authorization, code] of cases) {
      const req = request(harness.app).get('/v1/queue');
      const res = await (authorization ? req.set('Authorization', authorization) : req);
      expect(res.status, code).to.equal(401);
      expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
      expect(res.headers['www-authenticate']).to.match(/^Bearer/);
      expect(res.body).to.include({ status: 401, code, type: `https://moderato.dev/problems/${code}`, instance: '/v1/queue' });
      expect(res.body.requestId).to.be.a('string');
    }
  });

  it('stops accepting a key once it is revoked', async () => {
    const revoked = await createTenant(harness.storage);
    await revokeApiKey(harness.storage, revoked.keyIds.moderator);
    const res = await request(harness.app).get('/v1/queue').set('Authorization', revoked.auth.moderator);
    expect(res.status).to.equal(401);
  });

  it('lets an analyst read stats but neither the queue nor decisions', async () => {
    const stats = await request(harness.app).get('/v1/stats/sentiment').set('Authorization', tenant.auth.analyst);
    expect(stats.status).to.equal(200);
    const queue = await request(harness.app).get('/v1/queue').set('Authorization', tenant.auth.analyst);
    expect(queue.status).to.equal(403);
    const decision = await request(harness.app).post('/v1/comments/c-1/decision').set('Authorization', tenant.auth.analyst).send({ action: 'approve' });
    expect(decision.status).to.equal(403);
    expect(decision.body).to.include({ code: 'forbidden', status: 403 });
    const detail = await request(harness.app).get('/v1/comments/c-1').set('Authorization', tenant.auth.moderator);
    expect(detail.body.status).to.equal('pending');
  });

  it('keeps /v1/admin for admins', async () => {
    for (const role of ['moderator', 'analyst'] as const) {
      const res = await request(harness.app).get('/v1/admin/failed').set('Authorization', tenant.auth[role]);
      expect(res.status, role).to.equal(403);
    }
    const res = await request(harness.app).get('/v1/admin/failed').set('Authorization', tenant.auth.admin);
    expect(res.status).to.equal(200);
  });

  it('shows another publisher’s key an empty queue and 404 for this publisher’s ids', async () => {
    const queue = await request(harness.app).get('/v1/queue').set('Authorization', otherTenant.auth.moderator);
    expect(queue.body).to.deep.equal({ items: [], nextCursor: null });
    const detail = await request(harness.app).get('/v1/comments/c-1').set('Authorization', otherTenant.auth.admin);
    expect(detail.status).to.equal(404);
    const unknown = await request(harness.app).get('/v1/comments/no-such-id').set('Authorization', otherTenant.auth.admin);
    expect(detail.body.detail.replace('c-1', 'ID')).to.equal(unknown.body.detail.replace('no-such-id', 'ID'));
    const decision = await request(harness.app).post('/v1/comments/c-1/decision').set('Authorization', otherTenant.auth.moderator).send({ action: 'reject' });
    expect(decision.status).to.equal(404);
    const stillPending = await request(harness.app).get('/v1/comments/c-1').set('Authorization', tenant.auth.moderator);
    expect(stillPending.body).to.include({ status: 'pending', decision: null });
  });

  it('answers unknown routes and health probes without a key', async () => {
    expect((await request(harness.app).get('/healthz')).body).to.deep.equal({ status: 'ok' });
    const ready = await request(harness.app).get('/readyz');
    expect(ready.status).to.equal(200);
    expect(ready.body.checks).to.deep.equal({ mongodb: 'ok', redis: 'ok' });
    const unknown = await request(harness.app).get('/nowhere');
    expect(unknown.status).to.equal(404);
    expect(unknown.headers['content-type']).to.match(/^application\/problem\+json/);
  });
});
