import { defaultPolicy, withOverrides, type ModerationPolicy } from '@moderato/analysis';
import { expect } from 'chai';
import type { Express } from 'express';
import request from 'supertest';
import { buildPolicyOverrides } from '../../../packages/storage/test/builders.js';
import { createTenant, policyApp, startHarness, type Harness, type Tenant } from './harness.js';

/** Defaults as the app would pass them (the models' tuned levels), distinct from the package's plain defaults. */
const TUNED_DEFAULTS: ModerationPolicy = { ...defaultPolicy, spam: { flag: 0.42 }, toxic: { flag: 0.47 } };

describe('moderation API: publisher policy', () => {
  let harness: Harness;
  let app: Express;
  let tenant: Tenant;

  before(async () => {
    harness = await startHarness('modapi-policy');
    app = policyApp(harness.storage, TUNED_DEFAULTS);
  });
  beforeEach(async () => {
    tenant = await createTenant(harness.storage);
  });
  after(() => harness.stop());

  const getPolicy = (auth: string) => request(app).get('/v1/policy').set('Authorization', auth);
  const putPolicy = (auth: string, body: unknown, ifMatch?: string) => {
    const req = request(app).put('/v1/policy').set('Authorization', auth);
    return (ifMatch === undefined ? req : req.set('If-Match', ifMatch)).send(body as object);
  };
  const putStanding = (auth: string, authorId: string, body: unknown) =>
    request(app).put(`/v1/authors/${encodeURIComponent(authorId)}/standing`).set('Authorization', auth).send(body as object);

  /** The field paths a 400 names. */
  const badFields = (res: request.Response): string[] => (res.body.errors as Array<{ path: string }>).map((error) => error.path);

  it('answers the effective policy, the overrides and the defaults, at version 0 before anything is set', async () => {
    const res = await getPolicy(tenant.auth.admin);
    expect(res.status).to.equal(200);
    expect(res.headers.etag).to.equal('"0"');
    expect(res.body).to.deep.equal({ version: 0, policy: TUNED_DEFAULTS, overrides: {}, defaults: TUNED_DEFAULTS, updatedAt: null, updatedBy: null });
    for (const field of ['spam', 'duplicate', 'toxic', 'negative', 'blockedDomains', 'bannedTerms', 'suspectTerms', 'preModeration', 'authors', 'version']) {
      expect(res.body.policy, field).to.have.property(field);
    }
  });

  it('lets moderators read the policy, but only admins replace it; analysts do neither', async () => {
    expect((await getPolicy(tenant.auth.moderator)).status).to.equal(200);
    expect((await getPolicy(tenant.auth.analyst)).status).to.equal(403);
    expect((await putPolicy(tenant.auth.moderator, { policy: {} })).status).to.equal(403);
    expect((await request(app).get('/v1/policy')).status).to.equal(401);
    expect((await request(app).get('/v1/policy/history').set('Authorization', tenant.auth.moderator)).status).to.equal(403);
  });

  it('replaces the overrides, answering the new version, and serves them laid over the defaults', async () => {
    const overrides = buildPolicyOverrides({ blockedDomains: ['Spam.Example', 'spam.example', 'xn--bcher-kva.example'] });
    const res = await putPolicy(tenant.auth.admin, { policy: overrides });
    expect(res.status).to.equal(200);
    expect(res.headers.etag).to.equal('"1"');
    const stored = { ...overrides, blockedDomains: ['spam.example', 'xn--bcher-kva.example'] };
    expect(res.body).to.deep.include({ version: 1, overrides: stored, updatedBy: { keyId: tenant.keyIds.admin } });
    expect(res.body.policy).to.deep.equal(JSON.parse(JSON.stringify(withOverrides(TUNED_DEFAULTS, stored, 1))));
    const read = await getPolicy(tenant.auth.moderator);
    expect(read.body).to.deep.include({ version: 1, overrides: stored });
    expect(read.body.policy.spam).to.deep.equal({ flag: 0.42, reject: 0.95 });
    expect(Date.parse(read.body.updatedAt)).to.be.closeTo(Date.now(), 60_000);
    // Another publisher's policy is its own.
    const other = await createTenant(harness.storage);
    expect((await getPolicy(other.auth.admin)).body).to.include({ version: 0 });
  });

  it('refuses invalid policies with 400, naming each bad field', async () => {
    const cases: Array<[policy: unknown, field: string]> = [
      [{ spam: { reject: 1.5 } }, 'body.policy.spam.reject'],
      [{ toxic: { flag: 0.8, reject: 0.7 } }, 'body.policy.toxic.reject'],
      [{ negative: { flag: -1.2 } }, 'body.policy.negative.flag'],
      [{ negative: { hold: 'no' } }, 'body.policy.negative.hold'],
      [{ bannedTerms: ['x'.repeat(101)] }, 'body.policy.bannedTerms.0'],
      [{ bannedTerms: ['fine', '   '] }, 'body.policy.bannedTerms.1'],
      [{ suspectTerms: ['!!!'] }, 'body.policy.suspectTerms.0'],
      [{ suspectTerms: Array.from({ length: 1_001 }, (_, i) => `term ${i}`) }, 'body.policy.suspectTerms'],
      [{ blockedDomains: ['not a domain'] }, 'body.policy.blockedDomains.0'],
      [{ blockedDomains: ['https://spam.example/'] }, 'body.policy.blockedDomains.0'],
      [{ preModeration: { articleIds: [''] } }, 'body.policy.preModeration.articleIds.0'],
      [{ authors: { trusted: ['u-1'], banned: ['u-1'] } }, 'body.policy.authors.banned'],
      [{ authors: { bannedAction: 'delete' } }, 'body.policy.authors.bannedAction'],
      [{ authors: { banned: Array.from({ length: 10_001 }, (_, i) => `u-${i}`) } }, 'body.policy.authors.banned'],
      [{ bannedTerms: { $ne: 1 } }, 'body.policy.bannedTerms'],
      [{ colour: 'red' }, 'body.policy'],
    ];
    for (const [policy, field] of cases) {
      const res = await putPolicy(tenant.auth.admin, { policy });
      expect(res.status, field).to.equal(400);
      expect(res.body.code, field).to.equal('validation_failed');
      expect(badFields(res), JSON.stringify(policy).slice(0, 80)).to.include(field);
    }
    expect(badFields(await putPolicy(tenant.auth.admin, { bannedTerms: ['a'] }))).to.include('body');
    expect((await getPolicy(tenant.auth.admin)).body.version).to.equal(0);
  });

  it('takes a policy at the size limits: 10,000 trusted and 10,000 banned authors', async () => {
    const ids = (prefix: string) => Array.from({ length: 10_000 }, (_, i) => `${prefix}-${String(i).padStart(6, '0')}-${'x'.repeat(40)}`);
    const res = await putPolicy(tenant.auth.admin, { policy: { authors: { trusted: ids('t'), banned: ids('b') } } });
    expect(res.status).to.equal(200);
    expect(res.body.overrides.authors.banned).to.have.length(10_000);
  });

  it('applies a replacement whose If-Match names the current version, and answers 412 to a stale one', async () => {
    expect((await putPolicy(tenant.auth.admin, { policy: { bannedTerms: ['a'] } }, '"0"')).status).to.equal(200);
    expect((await putPolicy(tenant.auth.admin, { policy: { bannedTerms: ['b'] } }, '"1"')).body.version).to.equal(2);
    const stale = await putPolicy(tenant.auth.admin, { policy: { bannedTerms: ['c'] } }, '"1"');
    expect(stale.status).to.equal(412);
    expect(stale.headers['content-type']).to.match(/^application\/problem\+json/);
    expect(stale.body).to.include({ code: 'policy_version_conflict', expectedVersion: 1, currentVersion: 2 });
    expect((await getPolicy(tenant.auth.admin)).body.overrides).to.deep.equal({ bannedTerms: ['b'] });
    const malformed = await putPolicy(tenant.auth.admin, { policy: {} }, 'version 2');
    expect(malformed.status).to.equal(400);
    expect(badFields(malformed)).to.deep.equal(['headers.if-match']);
  });

  it('pages through the history newest first, with who changed what', async () => {
    for (const terms of [['a'], ['a', 'b'], ['b']]) await putPolicy(tenant.auth.admin, { policy: { bannedTerms: terms } });
    const first = await request(app).get('/v1/policy/history?limit=2').set('Authorization', tenant.auth.admin);
    expect(first.status).to.equal(200);
    expect(first.body.items.map((item: { version: number }) => item.version)).to.deep.equal([3, 2]);
    expect(first.body.items[0]).to.deep.include({ policy: { bannedTerms: ['b'] }, summary: 'bannedTerms +0 −1', changedBy: { keyId: tenant.keyIds.admin } });
    expect(first.body.nextBefore).to.equal(2);
    const next = await request(app).get('/v1/policy/history?limit=2&before=2').set('Authorization', tenant.auth.admin);
    expect(next.body).to.deep.include({ nextBefore: null });
    expect(next.body.items.map((item: { version: number }) => item.version)).to.deep.equal([1]);
    const bad = await request(app).get('/v1/policy/history?limit=500&before=x').set('Authorization', tenant.auth.admin);
    expect(bad.status).to.equal(400);
    expect(badFields(bad)).to.have.members(['query.limit', 'query.before']);
  });

  it("sets an author's standing for moderators, raising the version, and refuses bad input", async () => {
    const trusted = await putStanding(tenant.auth.moderator, 'u 77/ä', { standing: 'trusted', reason: 'long-time reader' });
    expect(trusted.status).to.equal(200);
    expect(trusted.body).to.deep.equal({ authorId: 'u 77/ä', standing: 'trusted', policyVersion: 1 });
    const banned = await putStanding(tenant.auth.admin, 'u 77/ä', { standing: 'banned' });
    expect(banned.body).to.deep.equal({ authorId: 'u 77/ä', standing: 'banned', policyVersion: 2 });
    const read = await getPolicy(tenant.auth.admin);
    expect(read.body.policy.authors).to.deep.equal({ trusted: [], banned: ['u 77/ä'], bannedAction: 'reject' });
    const history = await request(app).get('/v1/policy/history').set('Authorization', tenant.auth.admin);
    expect(history.body.items[1]).to.deep.include({ reason: 'long-time reader', changedBy: { keyId: tenant.keyIds.moderator } });

    expect((await putStanding(tenant.auth.analyst, 'u-1', { standing: 'banned' })).status).to.equal(403);
    const wrong = await putStanding(tenant.auth.moderator, 'u-1', { standing: 'vip', extra: 1 });
    expect(wrong.status).to.equal(400);
    expect(badFields(wrong)).to.have.members(['body.standing', 'body']);
    expect((await putStanding(tenant.auth.moderator, 'x'.repeat(257), { standing: 'none' })).status).to.equal(400);
  });
});
