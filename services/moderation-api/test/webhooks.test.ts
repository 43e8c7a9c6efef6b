import { silentLogger } from '@moderato/service-kit';
import { appendToFeed, findPendingEvents, decideComment } from '@moderato/storage';
import { expect } from 'chai';
import type { Express } from 'express';
import request from 'supertest';
import { createModerationApp } from '../src/app.js';
import { createTenant, saveComments, startHarness, type Harness, type Tenant } from './harness.js';

// A literal public address: registration resolves names, and this machine has no DNS for public ones.
const PUBLIC_URL = 'https://93.184.216.34/hooks/moderato';

describe('moderation API: webhook endpoints', () => {
  let harness: Harness;
  let tenant: Tenant;
  let other: Tenant;

  before(async () => {
    harness = await startHarness('modapi-webhooks');
    tenant = await createTenant(harness.storage);
    other = await createTenant(harness.storage);
  });

  after(() => harness.stop());

  const register = (body: unknown, auth = tenant.auth.admin, app: Express = harness.app) =>
    request(app).post('/v1/webhooks/endpoints').set('authorization', auth).send(body as object);

  it('registers an https endpoint, shows its whsec_ secret once, and never again', async () => {
    const res = await register({ url: PUBLIC_URL, eventTypes: ['comment.decided', 'comment.decided'], description: 'CMS' });
    expect(res.status).to.equal(201);
    expect(res.body.secret).to.match(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(res.body).to.include({ url: PUBLIC_URL, enabled: true, description: 'CMS' });
    expect(res.body.eventTypes).to.deep.equal(['comment.decided']);
    expect(res.headers.location).to.equal(`/v1/webhooks/endpoints/${res.body.endpointId}`);

    const listed = await request(harness.app).get('/v1/webhooks/endpoints').set('authorization', tenant.auth.admin);
    expect(listed.body.endpoints.map((e: { endpointId: string }) => e.endpointId)).to.include(res.body.endpointId);
    expect(JSON.stringify(listed.body)).to.not.contain(res.body.secret.slice(6));
    const stored = await harness.storage.models.webhookEndpoints.findOne({ endpointId: res.body.endpointId }).lean();
    expect(stored?.secrets[0]?.secret).to.match(/^enc:v1:/);
  });

  it('refuses URLs that reach this machine, private networks or the metadata service, and plain http, naming why', async () => {
    for (const url of ['https://127.0.0.1:8443/x', 'https://10.1.2.3/x', 'https://169.254.169.254/latest/meta-data', 'https://localhost/x', 'https://[::1]/x', 'http://93.184.216.34/x', 'ftp://93.184.216.34/x', 'not a url']) {
      const res = await register({ url });
      expect(res.status, url).to.equal(400);
      expect(res.body.code).to.equal('validation_failed');
      expect(res.body.errors[0].path, url).to.equal('body.url');
    }
    const metadata = await register({ url: 'https://169.254.169.254/latest/meta-data' });
    expect(metadata.body.errors[0].message).to.match(/169\.254\.169\.254/);
  });

  it('validates the body with errors naming each field', async () => {
    const res = await register({ url: PUBLIC_URL, eventTypes: ['comment.deleted'], colour: 'red' });
    expect(res.status).to.equal(400);
    const paths = res.body.errors.map((e: { path: string }) => e.path);
    expect(paths).to.include('body.eventTypes.0');
    expect(paths.some((p: string) => p.startsWith('body'))).to.equal(true);
  });

  it('is for admin keys only, and keeps publishers apart', async () => {
    expect((await register({ url: PUBLIC_URL }, tenant.auth.moderator)).status).to.equal(403);
    expect((await register({ url: PUBLIC_URL }, tenant.auth.analyst)).status).to.equal(403);
    const mine = await register({ url: PUBLIC_URL });
    const path = `/v1/webhooks/endpoints/${mine.body.endpointId}`;
    expect((await request(harness.app).get(path).set('authorization', other.auth.admin)).status).to.equal(404);
    expect((await request(harness.app).delete(path).set('authorization', other.auth.admin)).status).to.equal(404);
    expect((await request(harness.app).get(path).set('authorization', tenant.auth.admin)).status).to.equal(200);
  });

  it('changes, disables and re-enables an endpoint; deletes it', async () => {
    const { body: created } = await register({ url: PUBLIC_URL });
    const path = `/v1/webhooks/endpoints/${created.endpointId}`;
    const disabled = await request(harness.app).patch(path).set('authorization', tenant.auth.admin).send({ enabled: false, eventTypes: ['comment.analyzed'] });
    expect(disabled.body).to.include({ enabled: false, disabledReason: 'disabled by the publisher' });
    expect(disabled.body.eventTypes).to.deep.equal(['comment.analyzed']);
    const enabled = await request(harness.app).patch(path).set('authorization', tenant.auth.admin).send({ enabled: true });
    expect(enabled.body).to.include({ enabled: true, disabledReason: null, failingSince: null });
    expect((await request(harness.app).patch(path).set('authorization', tenant.auth.admin).send({})).status).to.equal(400);
    expect((await request(harness.app).patch(path).set('authorization', tenant.auth.admin).send({ url: 'https://192.168.0.1/' })).status).to.equal(400);
    expect((await request(harness.app).delete(path).set('authorization', tenant.auth.admin)).status).to.equal(204);
    expect((await request(harness.app).get(path).set('authorization', tenant.auth.admin)).status).to.equal(404);
    expect((await request(harness.app).get('/v1/webhooks/endpoints/ep_nope').set('authorization', tenant.auth.admin)).status).to.equal(400);
  });

  it('rotates a secret: a new one is shown, the old one stays valid for the grace period', async () => {
    const { body: created } = await register({ url: PUBLIC_URL });
    const rotated = await request(harness.app).post(`/v1/webhooks/endpoints/${created.endpointId}/rotate-secret`).set('authorization', tenant.auth.admin).send({ graceHours: 2 });
    expect(rotated.status).to.equal(200);
    expect(rotated.body.secret).to.match(/^whsec_/).and.not.equal(created.secret);
    expect(rotated.body.secrets).to.have.length(2);
    const expiresIn = new Date(rotated.body.secrets[0].expiresAt).getTime() - Date.now();
    expect(expiresIn).to.be.within(2 * 3600_000 - 60_000, 2 * 3600_000 + 1_000);
    expect(rotated.body.secrets[1].expiresAt).to.equal(null);
    const tooLong = await request(harness.app).post(`/v1/webhooks/endpoints/${created.endpointId}/rotate-secret`).set('authorization', tenant.auth.admin).send({ graceHours: 1000 });
    expect(tooLong.status).to.equal(400);
  });

  it('allows loopback http receivers only when the deployment says so', async () => {
    const permissive = createModerationApp({ storage: harness.storage, queue: harness.queue, logger: silentLogger(), egress: { allowPrivateNetworks: true, allowHttp: true } });
    expect((await register({ url: 'http://127.0.0.1:9/hook' }, tenant.auth.admin, permissive)).status).to.equal(201);
    expect((await register({ url: 'http://127.0.0.1:9/hook' })).status).to.equal(400);
  });

  it('lists an endpoint’s delivery attempts, newest first, for its own publisher only', async () => {
    const { body: created } = await register({ url: PUBLIC_URL });
    const models = harness.storage.models.deliveryAttempts;
    const base = { publisherId: tenant.publisherId, endpointId: created.endpointId, eventId: 'evt_aaaaaaaaaaaaaaaaaaaaaaaaaaa', eventType: 'comment.analyzed', latencyMs: 12 };
    await models.create({ ...base, attempt: 1, at: new Date(Date.now() - 2000), outcome: 'failed', status: 500, excerpt: 'oops' });
    await models.create({ ...base, attempt: 2, at: new Date(Date.now() - 1000), outcome: 'delivered', status: 200 });
    const res = await request(harness.app).get(`/v1/webhooks/endpoints/${created.endpointId}/attempts?limit=10`).set('authorization', tenant.auth.admin);
    expect(res.body.attempts.map((a: { attempt: number; outcome: string }) => [a.attempt, a.outcome])).to.deep.equal([[2, 'delivered'], [1, 'failed']]);
    expect(res.body.attempts[1].excerpt).to.equal('oops');
    const forged = await request(harness.app).get(`/v1/webhooks/endpoints/${created.endpointId}/attempts?limit=10&eventId[$ne]=x`).set('authorization', tenant.auth.admin);
    expect(forged.status).to.equal(400);
    expect((await request(harness.app).get(`/v1/webhooks/endpoints/${created.endpointId}/attempts`).set('authorization', other.auth.admin)).status).to.equal(404);
  });
});

describe('moderation API: the event feed', () => {
  let harness: Harness;
  let tenant: Tenant;

  before(async () => {
    harness = await startHarness('modapi-feed');
    tenant = await createTenant(harness.storage);
  });

  after(() => harness.stop());

  /** What the dispatcher's relay does, here by hand: every recorded event into the feed. */
  async function relayAll(): Promise<void> {
    for (const pending of await findPendingEvents(harness.storage, 1_000)) await appendToFeed(harness.storage, pending.publisherId, pending.events);
  }

  const feed = (query: string, auth = tenant.auth.analyst) => request(harness.app).get(`/v1/events${query}`).set('authorization', auth);

  it('reads every event exactly once, in order, from the start and after each cursor, filtered by type', async () => {
    await saveComments(harness.storage, Array.from({ length: 5 }, (_, i) => ({ publisherId: tenant.publisherId, commentId: `f-${i}`, flags: { spam: 0.9 } })));
    await relayAll();
    await decideComment(harness.storage, { publisherId: tenant.publisherId, commentId: 'f-2', action: 'approve', decidedBy: tenant.keyIds.moderator });
    await relayAll();

    const seen: string[] = [];
    let cursor = '';
    for (let page = 0; page < 10; page++) {
      const res = await feed(`?limit=2${cursor ? `&after=${cursor}` : ''}`);
      expect(res.status).to.equal(200);
      seen.push(...res.body.events.map((e: { type: string; data: { commentId: string } }) => `${e.type}:${e.data.commentId}`));
      cursor = res.body.nextCursor;
      if (!res.body.hasMore) break;
    }
    expect(seen).to.deep.equal([...[0, 1, 2, 3, 4].map((i) => `comment.analyzed:f-${i}`), 'comment.decided:f-2']);
    const again = await feed(`?after=${cursor}`);
    expect(again.body.events).to.deep.equal([]);
    expect(again.body.nextCursor).to.equal(cursor);

    const decisions = await feed('?types=comment.decided');
    expect(decisions.body.events.map((e: { data: { commentId: string; sequence: number } }) => [e.data.commentId, e.data.sequence])).to.deep.equal([['f-2', 2]]);
  });

  it('is readable by admin and analyst keys, not moderator keys, and only the caller’s own events', async () => {
    expect((await feed('', tenant.auth.admin)).status).to.equal(200);
    expect((await feed('', tenant.auth.moderator)).status).to.equal(403);
    const stranger = await createTenant(harness.storage);
    expect((await feed('', stranger.auth.analyst)).body.events).to.deep.equal([]);
  });

  it('answers 400 to forged cursors and unknown types', async () => {
    for (const query of ['?after=bm90LWpzb24', `?after=${Buffer.from(JSON.stringify({ v: 1, position: -1 })).toString('base64url')}`, '?after=a.b', '?types=comment.deleted', '?limit=0', '?limit=501', '?after[$gt]=0']) {
      const res = await feed(query);
      expect(res.status, query).to.equal(400);
      expect(res.body.code).to.equal('validation_failed');
    }
  });
});
