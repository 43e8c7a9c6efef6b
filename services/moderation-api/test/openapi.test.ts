import { createAnalyzer, defaultPolicy, loadModels } from '@moderato/analysis';
import { ANALYZE_COMMENT_JOB, EVENT_TYPES, commentJobId, queueKeyOptions, reanalyzeQueueName, type AnalyzeCommentJob, type ReanalyzeQueue } from '@moderato/contracts';
import { moderatorWebRouter } from '@moderato/moderator-web';
import { silentLogger } from '@moderato/service-kit';
import { API_KEY_ROLES, appendToFeed, clearRelayedEvents, findPendingEvents, recordDeliveryAttempt, replaceAnalysisUnlessDecided, type ApiKeyRole } from '@moderato/storage';
import { Queue, UnrecoverableError, Worker } from 'bullmq';
import { expect } from 'chai';
import type { Express } from 'express';
import { Redis } from 'ioredis';
import request, { type Response } from 'supertest';
import { ResponseChecker, byPath, documentedOperations, expectValidOpenApi, servedOperations, type Operation } from '../../../packages/openapi-kit/test/support.js';
import { buildAnalysis, buildPolicyOverrides } from '../../../packages/storage/test/builders.js';
import { createModerationApp } from '../src/app.js';
import { createModerationDocument } from '../src/http/openapi.js';
import { createTenant, saveComments, startHarness, type Harness, type Tenant } from './harness.js';

type Method = 'get' | 'put' | 'post' | 'patch' | 'delete';

interface Call {
  params?: Record<string, string>;
  query?: Record<string, string>;
  auth?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** The moderator page's own files: not API routes, so not in the document. */
const pageOperations = (): Operation[] => servedOperations(moderatorWebRouter());
const withoutPage = (operations: Operation[]): Operation[] => {
  const page = new Set(pageOperations().map((op) => `${op.method} ${op.path}`));
  return operations.filter((op) => !page.has(`${op.method} ${op.path}`));
};

/** The roles an operation's document names (an empty list: public). */
function documentedRoles(document: ReturnType<typeof createModerationDocument>, { method, path }: Operation): string[] {
  const security = (document.paths?.[path] as Record<string, { security?: Array<Record<string, string[]>> }>)[method]?.security ?? [];
  return security.flatMap((requirement) => Object.values(requirement).flat());
}

describe('moderation API: the OpenAPI document', () => {
  const document = createModerationDocument({ reanalysis: true });
  const checker = new ResponseChecker(document);
  /** Operations the suite saw answer 2xx, each answer checked against the document. */
  const succeeded = new Set<string>();
  let harness: Harness;
  let tenant: Tenant;
  let app: Express;
  let reanalyzeQueue: ReanalyzeQueue;
  let connection: Redis;

  before(async () => {
    harness = await startHarness('modapi-openapi');
    tenant = await createTenant(harness.storage);
    connection = new Redis(harness.redisUrl, { maxRetriesPerRequest: null });
    const name = reanalyzeQueueName(harness.queue.name);
    reanalyzeQueue = new Queue(name, { connection, ...queueKeyOptions(name) });
    // Plain http to loopback, so an endpoint can be registered without a public https receiver.
    const egress = { allowPrivateNetworks: true, allowHttp: true };
    app = createModerationApp({ storage: harness.storage, queue: harness.queue, reanalyzeQueue, logger: silentLogger(), egress });
  });

  after(async () => {
    await reanalyzeQueue?.obliterate({ force: true });
    await reanalyzeQueue?.close();
    connection?.disconnect();
    await harness?.stop();
  });

  /** Calls an operation by its documented path, checks the answer against the document, and returns it. */
  async function call(method: Method, path: string, { params = {}, query, auth, body, headers = {} }: Call = {}): Promise<Response> {
    const url = path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? 'x1'));
    let req = request(app)[method](url).set(headers);
    if (auth) req = req.set('authorization', auth);
    if (query) req = req.query(query);
    const res = await (body === undefined ? req : req.send(body as object));
    checker.check(method, path, res);
    if (res.status < 300) succeeded.add(`${method} ${path}`);
    return res;
  }

  it('is a valid OpenAPI 3.1 document, with and without the re-analysis routes, served at /openapi.json', async () => {
    await expectValidOpenApi(document);
    await expectValidOpenApi(createModerationDocument({ reanalysis: false }));
    const res = await call('get', '/openapi.json');
    expect(res.body).to.deep.equal(JSON.parse(JSON.stringify(document)));
  });

  it('documents every route the app serves, and no route it does not, whether or not re-analysis is mounted', () => {
    expect(documentedOperations(document).sort(byPath)).to.deep.equal(withoutPage(servedOperations(app)).sort(byPath));
    const without = createModerationDocument({ reanalysis: false });
    expect(documentedOperations(without).sort(byPath)).to.deep.equal(withoutPage(servedOperations(harness.app)).sort(byPath));
    expect(pageOperations()).to.deep.include({ method: 'get', path: '/' });
  });

  it('documents each event type as a webhook', () => {
    expect(Object.keys(document.webhooks ?? {}).sort()).to.deep.equal([...EVENT_TYPES].sort());
  });

  it('routes every documented operation and enforces exactly the roles it names', async () => {
    for (const operation of documentedOperations(document)) {
      const { method, path } = operation;
      const roles = documentedRoles(document, operation);
      if (roles.length === 0) {
        expect((await call(method as Method, path)).status, `${method} ${path}`).to.equal(200);
        continue;
      }
      expect((await call(method as Method, path)).status, `${method} ${path} without a key`).to.equal(401);
      for (const role of API_KEY_ROLES) {
        const res = await call(method as Method, path, { auth: tenant.auth[role] });
        expect(res.body?.code, `${method} ${path}`).to.not.equal('route_not_found');
        expect(res.status === 403, `${method} ${path} as ${role} (documented: ${roles.join(', ')})`).to.equal(!roles.includes(role));
      }
    }
  });

  describe('answers as documented, with real data', () => {
    const as = (role: ApiKeyRole) => tenant.auth[role];

    before(async () => {
      const analyzer = createAnalyzer(loadModels());
      const text = 'You idiot, buy cheap pills at https://spam.example now!!! Best deals, click here.';
      const real = analyzer.analyze({ commentId: 'real-1', authorId: 'u-2', articleId: 'article-1', text }, { policy: defaultPolicy, duplicateCandidates: [] });
      const { publisherId } = tenant;
      await saveComments(harness.storage, [
        { publisherId, commentId: 'orig', authorId: 'u-1', text: 'The ceasefire must hold.' },
        { publisherId, commentId: 'copy', authorId: 'u-1', text: 'The ceasefire must hold.', duplicateOf: 'orig', flags: { duplicate: 0.97 } },
        { publisherId, commentId: 'held', authorId: 'u-3', text: 'You are all fools.', flags: { toxic: 0.8, negative: 0.7 }, reasons: { toxic: [{ code: 'insult', message: 'an insult', span: [12, 17] }] }, sentiment: { score: -0.6, label: 'negative' } },
        { publisherId, commentId: 'real-1', authorId: 'u-2', text, analysis: real, status: 'pending' },
      ]);
    });

    it('GET /v1/me, for every role', async () => {
      for (const role of API_KEY_ROLES) expect((await call('get', '/v1/me', { auth: as(role) })).body.role).to.equal(role);
    });

    it('the review queue, a comment in full (a real analysis among them), a decision and a second one, changed, undone, and bulk decisions', async () => {
      const page = await call('get', '/v1/queue', { auth: as('moderator'), query: { limit: '1', sort: 'severity' } });
      expect(page.body.nextCursor).to.be.a('string');
      await call('get', '/v1/queue', { auth: as('moderator'), query: { cursor: page.body.nextCursor, sort: 'severity', flag: 'toxic,duplicate' } });
      for (const id of ['copy', 'real-1', 'orig']) await call('get', '/v1/comments/{id}', { auth: as('moderator'), params: { id } });
      expect((await call('get', '/v1/comments/{id}', { auth: as('moderator'), params: { id: 'copy' } })).body.duplicate.commentId).to.equal('orig');
      const decided = await call('post', '/v1/comments/{id}/decision', { auth: as('moderator'), params: { id: 'held' }, body: { action: 'reject', reason: 'Insults another reader.' } });
      expect(decided.status).to.equal(200);
      expect((await call('post', '/v1/comments/{id}/decision', { auth: as('admin'), params: { id: 'held' }, body: { action: 'approve' } })).status).to.equal(409);
      const changed = await call('put', '/v1/comments/{id}/decision', { auth: as('admin'), params: { id: 'held' }, headers: { 'if-match': `"${decided.body.decision.decidedAt}"` }, body: { action: 'approve' } });
      expect(changed.body).to.include({ status: 'approved', previousStatus: 'rejected' });
      const undone = await call('delete', '/v1/comments/{id}/decision', { auth: as('moderator'), params: { id: 'held' }, headers: { 'if-match': `"${changed.body.decision.decidedAt}"` } });
      expect(undone.body).to.include({ status: 'pending', decision: null });
      expect((await call('delete', '/v1/comments/{id}/decision', { auth: as('moderator'), params: { id: 'held' }, headers: { 'if-match': `"${changed.body.decision.decidedAt}"` } })).status).to.equal(409);
      const bulk = await call('post', '/v1/decisions', { auth: as('moderator'), body: { commentIds: ['held', 'real-1', 'orig', 'nobody'], action: 'reject' } });
      expect(bulk.body.results.map((item: { result: string }) => item.result)).to.deep.equal(['decided', 'decided', 'not_awaiting_review', 'not_found']);
      expect((await call('post', '/v1/decisions', { auth: as('moderator'), body: { commentIds: ['held'], action: 'approve' } })).body.results[0].result).to.equal('already_decided');
      expect((await call('get', '/v1/comments/{id}', { auth: as('moderator'), params: { id: 'nobody' } })).status).to.equal(404);
    });

    it('claims of queue items, their release, and the desk’s overview', async () => {
      const claimed = await call('post', '/v1/queue/claim', { auth: as('moderator'), body: { limit: 2, sort: 'severity' } });
      expect(claimed.body.leasedUntil).to.be.a('string');
      const byIds = await call('post', '/v1/queue/claim', { auth: as('admin'), body: { commentIds: ['copy', 'nobody'] } });
      expect(byIds.body.refused.map((item: { reason: string }) => item.reason)).to.include('not_found');
      await call('get', '/v1/queue', { auth: as('admin'), query: { includeClaimed: 'true' } });
      expect((await call('post', '/v1/queue/release', { auth: as('moderator'), body: {} })).status).to.equal(200);
      const overview = await call('get', '/v1/overview', { auth: as('moderator'), query: { from: '2025-01-01', to: '2026-01-01' } });
      expect(overview.body.received.total).to.be.greaterThan(0);
    });

    it('the per-comment export, as CSV', async () => {
      const exported = await call('get', '/v1/export/comments', { auth: as('analyst'), query: { format: 'csv', from: '2025-01-01', to: '2026-01-01', include: 'duplicate' } });
      expect(exported.text.split('\r\n').length).to.be.greaterThan(2);
    });

    it('sentiment figures by day and by hour', async () => {
      const daily = await call('get', '/v1/stats/sentiment', { auth: as('analyst') });
      expect(daily.body.buckets).to.have.length.greaterThan(0);
      await call('get', '/v1/stats/sentiment', { auth: as('analyst'), query: { interval: 'hour', from: '2025-10-01', to: '2025-10-02' } });
      expect((await call('get', '/v1/stats/sentiment', { auth: as('analyst'), query: { interval: 'hour' } })).status).to.equal(400);
      expect((await call('get', '/v1/stats/sentiment', { auth: as('analyst'), query: { include: 'spam,duplicate' } })).body.excluded).to.deep.equal([]);
    });

    it('sentiment per article and per author over a range', async () => {
      const range = { from: '2025-09-01', to: '2025-11-01' };
      const articles = await call('get', '/v1/stats/articles', { auth: as('analyst'), query: { ...range, sort: 'negative', limit: '10' } });
      expect(articles.body.articles).to.have.length.greaterThan(0);
      await call('get', '/v1/stats/articles', { auth: as('moderator') });
      const authors = await call('get', '/v1/stats/authors', { auth: as('analyst'), query: { ...range, sort: 'comments', include: 'duplicate' } });
      expect(authors.body.authors).to.have.length.greaterThan(0);
      expect((await call('get', '/v1/stats/authors', { auth: as('analyst'), query: { limit: '101' } })).status).to.equal(400);
    });

    it('the policy: read, replaced under If-Match, refused on a stale one, its history, an author’s standing', async () => {
      const current = await call('get', '/v1/policy', { auth: as('moderator') });
      const replaced = await call('put', '/v1/policy', { auth: as('admin'), headers: { 'if-match': current.headers.etag! }, body: { policy: buildPolicyOverrides() } });
      expect(replaced.status).to.equal(200);
      expect(replaced.body.overrides.authors.trusted).to.deep.equal(['u-regular']);
      expect((await call('put', '/v1/policy', { auth: as('admin'), headers: { 'if-match': current.headers.etag! }, body: { policy: {} } })).status).to.equal(412);
      await call('put', '/v1/authors/{authorId}/standing', { auth: as('moderator'), params: { authorId: 'u-3' }, body: { standing: 'banned', reason: 'Insults.' } });
      const history = await call('get', '/v1/policy/history', { auth: as('admin'), query: { limit: '1' } });
      expect(history.body.nextBefore).to.be.a('number');
      // The audit log holds the decisions above and these changes, each kind with its before and after.
      const audit = await call('get', '/v1/audit', { auth: as('admin'), query: { limit: '2' } });
      expect(audit.body.items.map((entry: { action: string }) => entry.action)).to.deep.equal(['author.standing_changed', 'policy.replaced']);
      const decisions = await call('get', '/v1/audit', { auth: as('admin'), query: { action: 'comment.decided', cursor: audit.body.nextCursor } });
      expect(decisions.body.items.length).to.be.greaterThan(0);
      expect((await call('get', '/v1/audit', { auth: as('admin'), query: { targetId: 'held' } })).body.items.map((entry: { action: string }) => entry.action))
        .to.include.members(['comment.decided', 'comment.decision_changed', 'comment.decision_undone']);
    });

    it('webhook endpoints: registered, listed, read, changed, rotated, their attempts, removed', async () => {
      const created = await call('post', '/v1/webhooks/endpoints', { auth: as('admin'), body: { url: 'http://127.0.0.1:9/hooks', eventTypes: ['comment.decided'], description: 'CMS' } });
      expect(created.status).to.equal(201);
      const params = { id: created.body.endpointId as string };
      await call('get', '/v1/webhooks/endpoints', { auth: as('admin') });
      await call('get', '/v1/webhooks/endpoints/{id}', { auth: as('admin'), params });
      await call('patch', '/v1/webhooks/endpoints/{id}', { auth: as('admin'), params, body: { enabled: true, description: null } });
      const rotated = await call('post', '/v1/webhooks/endpoints/{id}/rotate-secret', { auth: as('admin'), params, body: { graceHours: 1 } });
      expect(rotated.body.secrets).to.have.length(2);
      await recordDeliveryAttempt(harness.storage, {
        publisherId: tenant.publisherId, endpointId: params.id, eventId: `evt_${'A'.repeat(27)}`, eventType: 'comment.decided', attempt: 1,
        at: new Date(), outcome: 'failed', status: 500, latencyMs: 12, excerpt: 'internal error', error: null,
      });
      expect((await call('get', '/v1/webhooks/endpoints/{id}/attempts', { auth: as('admin'), params })).body.attempts).to.have.length(1);
      expect((await call('delete', '/v1/webhooks/endpoints/{id}', { auth: as('admin'), params })).status).to.equal(204);
      expect((await call('post', '/v1/webhooks/endpoints', { auth: as('admin'), body: { url: 'ftp://example.com/' } })).status).to.equal(400);
    });

    it('the event feed, whose events are the documented webhook payloads of every type', async () => {
      await replaceAnalysisUnlessDecided(harness.storage, tenant.publisherId, 'copy', buildAnalysis({ commentId: 'copy' }), new Date());
      for (const pending of await findPendingEvents(harness.storage, 100)) {
        await appendToFeed(harness.storage, pending.publisherId, pending.events);
        await clearRelayedEvents(harness.storage, pending.publisherId, [pending.commentId], pending.events.map((event) => event.eventId));
      }
      const feed = await call('get', '/v1/events', { auth: as('analyst'), query: { limit: '500' } });
      for (const event of feed.body.events) checker.checkWebhookBody(event.type, event);
      expect([...new Set(feed.body.events.map((event: { type: string }) => event.type))].sort()).to.deep.equal([...EVENT_TYPES].sort());
      await call('get', '/v1/events', { auth: as('admin'), query: { after: feed.body.nextCursor, types: 'comment.decided' } });
    });

    it('failed jobs, retried once and refused the second time', async () => {
      const job: AnalyzeCommentJob = {
        version: 1, publisherId: tenant.publisherId, receivedAt: '2025-10-01T10:00:00.000Z', webhookId: 'msg_broken',
        comment: { id: 'broken', article: { id: 'a1' }, author: { id: 'u1' }, text: 'hello', createdAt: '2025-10-01T09:59:00Z' },
      };
      const jobId = commentJobId(tenant.publisherId, 'broken');
      await harness.queue.add(ANALYZE_COMMENT_JOB, job, { jobId });
      const worker = new Worker(harness.queue.name, async () => {
        throw new UnrecoverableError('cannot be analyzed');
      }, { connection: new Redis(harness.redisUrl, { maxRetriesPerRequest: null }), ...queueKeyOptions(harness.queue.name) });
      await new Promise((resolve) => worker.once('failed', resolve));
      await worker.close();
      expect((await call('get', '/v1/admin/failed', { auth: as('admin') })).body.items).to.have.length(1);
      expect((await call('post', '/v1/admin/failed/{jobId}/retry', { auth: as('admin'), params: { jobId } })).status).to.equal(202);
      expect((await call('post', '/v1/admin/failed/{jobId}/retry', { auth: as('admin'), params: { jobId } })).status).to.equal(409);
    });

    it('a re-analysis, queued and read back', async () => {
      const queued = await call('post', '/v1/admin/reanalyze', { auth: as('admin'), body: { articleId: 'article-1', from: '2025-01-01T00:00:00Z' } });
      expect(queued.status).to.equal(202);
      expect((await call('get', '/v1/admin/reanalyze/{jobId}', { auth: as('admin'), params: { jobId: queued.body.jobId } })).body.state).to.equal('waiting');
    });

    it('has seen every documented operation succeed', () => {
      const documented = documentedOperations(document).map(({ method, path }) => `${method} ${path}`);
      expect(documented.filter((operation) => !succeeded.has(operation))).to.deep.equal([]);
    });
  });
});
