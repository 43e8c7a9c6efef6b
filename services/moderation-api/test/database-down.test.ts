import { closeStorage } from '@moderato/storage';
import { expect } from 'chai';
import request from 'supertest';
import { createTenant, startHarness, type Harness, type Tenant } from './harness.js';

describe('moderation API without its database', () => {
  let harness: Harness;
  let tenant: Tenant;

  before(async () => {
    harness = await startHarness('modapi-db-down');
    tenant = await createTenant(harness.storage);
    await closeStorage(harness.storage);
  });

  after(() => harness.stop());

  it('answers 503 problem+json (retry later), not 500, and reports itself not ready', async () => {
    const res = await request(harness.app).get('/v1/queue').set('Authorization', tenant.auth.moderator);
    expect(res.status).to.equal(503);
    expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
    expect(res.body).to.include({ code: 'dependency_unavailable', status: 503 });
    const ready = await request(harness.app).get('/readyz');
    expect(ready.status).to.equal(503);
    expect(ready.body.checks.mongodb).not.to.equal('ok');
  });
});
