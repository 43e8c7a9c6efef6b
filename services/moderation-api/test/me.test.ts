import { revokeApiKey } from '@moderato/storage';
import { expect } from 'chai';
import request from 'supertest';
import { createTenant, startHarness, type Harness, type Tenant } from './harness.js';

describe('moderation API: GET /v1/me', () => {
  let harness: Harness;
  let tenant: Tenant;

  before(async () => {
    harness = await startHarness('modapi-me');
    tenant = await createTenant(harness.storage);
  });

  after(() => harness.stop());

  for (const role of ['moderator', 'analyst', 'admin'] as const) {
    it(`names the publisher, role and key id of the ${role} key, and nothing else`, async () => {
      const res = await request(harness.app).get('/v1/me').set('Authorization', tenant.auth[role]);
      expect(res.status).to.equal(200);
      expect(res.headers['content-type']).to.match(/^application\/json/);
      expect(res.body).to.deep.equal({ publisherId: tenant.publisherId, role, keyId: tenant.keyIds[role] });
    });
  }

  it('answers each key with its own publisher', async () => {
    const other = await createTenant(harness.storage);
    const res = await request(harness.app).get('/v1/me').set('Authorization', other.auth.analyst);
    expect(res.body).to.deep.equal({ publisherId: other.publisherId, role: 'analyst', keyId: other.keyIds.analyst });
  });

  it('answers 401 problem+json without a key, with a malformed header, an unknown key or a revoked one', async () => {
    const revoked = await createTenant(harness.storage);
    await revokeApiKey(harness.storage, revoked.keyIds.analyst);
    const cases = [
      [undefined, 'missing_api_key'],
      ['Bearer', 'malformed_authorization'],
      ['Bearer mod_AAAAAAAAAAAAAAAA_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'invalid_api_key'],
      [`${tenant.auth.moderator}x`, 'invalid_api_key'],
      [revoked.auth.analyst, 'invalid_api_key'],
    ] as const;
    for (const [authorization, code] of cases) {
      const req = request(harness.app).get('/v1/me');
      const res = await (authorization ? req.set('Authorization', authorization) : req);
      expect(res.status, String(authorization)).to.equal(401);
      expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
      expect(res.headers['www-authenticate']).to.match(/^Bearer/);
      expect(res.body).to.include({ status: 401, code, instance: '/v1/me' });
      expect(res.body).not.to.have.any.keys('publisherId', 'role', 'keyId');
    }
  });
});
