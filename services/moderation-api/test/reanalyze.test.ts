import { REANALYZE_COMMENTS_JOB, reanalyzeQueueName, type ReanalyzeCommentsJob, type ReanalyzeQueue, queueKeyOptions } from '@moderato/contracts';
import { freePort } from '@moderato/testkit';
import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import { expect } from 'chai';
import type { Express } from 'express';
import { Redis } from 'ioredis';
import request from 'supertest';
import { at, createTenant, reanalyzeApp, saveComments, startHarness, type Harness, type Tenant } from './harness.js';

describe('moderation API: re-analysis after a policy change', () => {
  let harness: Harness;
  let connection: Redis;
  let queue: ReanalyzeQueue;
  let app: Express;
  let tenant: Tenant;

  before(async () => {
    harness = await startHarness('modapi-reanalyze');
    connection = new Redis(harness.redisUrl, { maxRetriesPerRequest: null });
    queue = new Queue(reanalyzeQueueName(harness.queue.name), { connection, ...queueKeyOptions(reanalyzeQueueName(harness.queue.name)) });
    app = reanalyzeApp(harness.storage, queue);
  });

  beforeEach(async () => {
    tenant = await createTenant(harness.storage);
    // Four undecided comments (two on `trial`, one of them late in the day) and one a moderator decided.
    await saveComments(harness.storage, [
      { publisherId: tenant.publisherId, commentId: 'c1', articleId: 'trial', createdAt: at(0) },
      { publisherId: tenant.publisherId, commentId: 'c2', articleId: 'trial', createdAt: at(600), flags: { spam: 0.7 } },
      { publisherId: tenant.publisherId, commentId: 'c3', articleId: 'budget', createdAt: at(10), status: 'rejected', flags: { toxic: 0.99 } },
      { publisherId: tenant.publisherId, commentId: 'c4', articleId: 'budget', createdAt: at(20) },
      { publisherId: tenant.publisherId, commentId: 'c5', articleId: 'trial', createdAt: at(30) },
    ]);
    await harness.storage.models.comments.updateOne(
      { publisherId: tenant.publisherId, commentId: 'c5' },
      { $set: { status: 'approved', decision: { action: 'approve', decidedBy: 'k-mod', decidedAt: new Date() } } },
    );
  });

  afterEach(() => queue.obliterate({ force: true }));

  after(async () => {
    await queue?.close();
    connection?.disconnect();
    await harness?.stop();
  });

  const post = (auth: string, body?: unknown) => {
    const req = request(app).post('/v1/admin/reanalyze').set('Authorization', auth);
    return body === undefined ? req : req.send(body as object);
  };
  const read = (auth: string, jobId: string) => request(app).get(`/v1/admin/reanalyze/${jobId}`).set('Authorization', auth);
  const badFields = (res: request.Response): string[] => (res.body.errors as Array<{ path: string }>).map((error) => error.path);

  /** Runs `process` as the worker would, for the jobs on the test's queue, until one job has finished. */
  async function runOneJob(process: (job: Job<ReanalyzeCommentsJob>) => Promise<unknown>): Promise<void> {
    const workerConnection = new Redis(harness.redisUrl, { maxRetriesPerRequest: null });
    const worker = new Worker<ReanalyzeCommentsJob>(queue.name, process, { connection: workerConnection, ...queueKeyOptions(queue.name), autorun: false });
    const finished = new Promise<void>((resolve) => {
      worker.on('completed', () => resolve());
      worker.on('failed', () => resolve());
    });
    void worker.run();
    await finished;
    await worker.close();
    workerConnection.disconnect();
  }

  it('queues a job for every undecided comment on an empty body: 202 with its id, Location and the count', async () => {
    const res = await post(tenant.auth.admin);
    expect(res.status).to.equal(202);
    expect(res.body).to.include({ status: 'queued', total: 4 });
    expect(res.body.jobId).to.match(/^r_[0-9a-f-]{36}$/);
    expect(res.headers.location).to.equal(`/v1/admin/reanalyze/${res.body.jobId}`);
    const job = await queue.getJob(res.body.jobId);
    expect(job?.name).to.equal(REANALYZE_COMMENTS_JOB);
    expect(job?.data).to.deep.equal({ version: 1, publisherId: tenant.publisherId, requestedBy: tenant.keyIds.admin, filter: {} });
    expect(job?.opts.attempts).to.equal(5);
    // `{}` says the same as no body.
    expect((await post(tenant.auth.admin, {})).body).to.include({ total: 4 });
  });

  it('counts and passes on the filter: one article, a time range with `to` excluded, in UTC', async () => {
    const article = await post(tenant.auth.admin, { articleId: 'trial' });
    expect(article.body.total, 'c1 and c2; c5 is decided').to.equal(2);
    const range = await post(tenant.auth.admin, { articleId: 'trial', from: '2025-10-01T10:00:00+02:00', to: at(600).toISOString() });
    expect(range.status).to.equal(202);
    expect(range.body.total, 'c1 only: c2 is at `to`').to.equal(1);
    const job = await queue.getJob(range.body.jobId);
    expect(job?.data.filter).to.deep.equal({ articleId: 'trial', from: '2025-10-01T08:00:00.000Z', to: '2025-10-01T18:00:00.000Z' });
  });

  it('answers the job as queued, then its progress while it runs, then the final counts', async () => {
    const { body: queued } = await post(tenant.auth.admin, { articleId: 'budget' });
    const waiting = await read(tenant.auth.admin, queued.jobId);
    expect(waiting.status).to.equal(200);
    expect(waiting.body).to.deep.include({
      jobId: queued.jobId, state: 'waiting', progress: null, filter: { articleId: 'budget' }, requestedBy: tenant.keyIds.admin, finishedAt: null, failedReason: null,
    });
    expect(Date.parse(waiting.body.createdAt)).to.be.closeTo(Date.now(), 60_000);

    let reachedHalfway!: () => void;
    const halfway = new Promise<void>((resolve) => (reachedHalfway = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const running = runOneJob(async (job) => {
      await job.updateProgress({ total: 2, processed: 1, changed: 1, skippedDecided: 0, after: { createdAt: at(10).toISOString(), commentId: 'c3' } });
      reachedHalfway();
      await released;
      await job.updateProgress({ total: 2, processed: 2, changed: 1, skippedDecided: 1, after: { createdAt: at(20).toISOString(), commentId: 'c4' } });
      return { total: 2, processed: 2, changed: 1, skippedDecided: 1 };
    });
    await halfway;
    const active = await read(tenant.auth.admin, queued.jobId);
    // The position the worker continues from is its own business.
    expect(active.body).to.deep.include({ state: 'active', progress: { total: 2, processed: 1, changed: 1, skippedDecided: 0 }, finishedAt: null });
    release();
    await running;
    const done = await read(tenant.auth.admin, queued.jobId);
    expect(done.body).to.deep.include({ state: 'completed', progress: { total: 2, processed: 2, changed: 1, skippedDecided: 1 }, failedReason: null });
    expect(Date.parse(done.body.finishedAt)).to.be.closeTo(Date.now(), 60_000);
  });

  it('answers a failed job with its reason', async () => {
    const { body: queued } = await post(tenant.auth.admin);
    await runOneJob(async () => {
      throw new UnrecoverableError('unknown publisher gone-away');
    });
    const failed = await read(tenant.auth.admin, queued.jobId);
    expect(failed.body).to.deep.include({ state: 'failed', failedReason: 'unknown publisher gone-away' });
    expect(failed.body.finishedAt).to.be.a('string');
  });

  it('refuses invalid input with 400, naming each bad field', async () => {
    const cases: Array<[body: unknown, field: string]> = [
      [{ status: 'pending' }, 'body'],
      [{ articleId: '' }, 'body.articleId'],
      [{ articleId: 42 }, 'body.articleId'],
      [{ from: 'yesterday' }, 'body.from'],
      [{ to: '2025-10-01T10:00:00' }, 'body.to'],
      [{ from: at(10).toISOString(), to: at(10).toISOString() }, 'body.to'],
      [{ from: at(20).toISOString(), to: at(10).toISOString() }, 'body.to'],
      [['trial'], 'body'],
    ];
    for (const [body, field] of cases) {
      const res = await post(tenant.auth.admin, body);
      expect(res.status, JSON.stringify(body)).to.equal(400);
      expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
      expect(badFields(res), JSON.stringify(body)).to.include(field);
    }
    const badId = await read(tenant.auth.admin, 'not%20a%20job');
    expect(badId.status).to.equal(400);
    expect(badFields(badId)).to.deep.equal(['path.jobId']);
    // A body that is not JSON is not taken for "everything".
    const text = await request(app).post('/v1/admin/reanalyze').set('Authorization', tenant.auth.admin).set('Content-Type', 'text/plain').send('articleId=trial');
    expect(text.status).to.equal(415);
    expect(await queue.count()).to.equal(0);
  });

  it('is for admins only', async () => {
    const { body: queued } = await post(tenant.auth.admin);
    for (const role of ['moderator', 'analyst'] as const) {
      expect((await post(tenant.auth[role])).status, `${role} POST`).to.equal(403);
      expect((await read(tenant.auth[role], queued.jobId)).status, `${role} GET`).to.equal(403);
    }
    expect((await request(app).post('/v1/admin/reanalyze')).status).to.equal(401);
    expect(await queue.count(), 'only the admin’s job').to.equal(1);
  });

  it('answers another publisher’s job id exactly as an unknown one: 404', async () => {
    const { body: queued } = await post(tenant.auth.admin);
    const other = await createTenant(harness.storage);
    const theirs = await read(other.auth.admin, queued.jobId);
    const unknown = await read(other.auth.admin, 'r_00000000-0000-0000-0000-000000000000');
    expect(theirs.status).to.equal(404);
    expect(unknown.status).to.equal(404);
    expect(theirs.body.code).to.equal(unknown.body.code);
    expect(theirs.body.detail.replace(queued.jobId, 'ID')).to.equal(unknown.body.detail.replace('r_00000000-0000-0000-0000-000000000000', 'ID'));
    // Their own view of it is unchanged.
    expect((await read(tenant.auth.admin, queued.jobId)).status).to.equal(200);
  });

  it('answers 503 within a second when Redis is unreachable, queueing nothing', async () => {
    const unreachable = new Redis(`redis://127.0.0.1:${await freePort()}`, { maxRetriesPerRequest: null, enableOfflineQueue: false, commandTimeout: 1_000, lazyConnect: true });
    unreachable.on('error', () => {});
    const offline: ReanalyzeQueue = new Queue(queue.name, { connection: unreachable, ...queueKeyOptions(queue.name) });
    offline.on('error', () => {});
    try {
      const offlineApp = reanalyzeApp(harness.storage, offline);
      const started = Date.now();
      const res = await request(offlineApp).post('/v1/admin/reanalyze').set('Authorization', tenant.auth.admin);
      expect(res.status).to.equal(503);
      expect(res.body).to.include({ code: 'dependency_unavailable' });
      expect((await request(offlineApp).get('/v1/admin/reanalyze/r_x').set('Authorization', tenant.auth.admin)).status).to.equal(503);
      expect(Date.now() - started).to.be.below(3_000);
      expect(await queue.count()).to.equal(0);
    } finally {
      await offline.close().catch(() => {});
      unreachable.disconnect();
    }
  });
});
