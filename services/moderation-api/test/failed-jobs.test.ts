import { ANALYZE_COMMENT_JOB, commentJobId, queueKeyOptions, type AnalyzeCommentJob } from '@moderato/contracts';
import { expect } from 'chai';
import { UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import request from 'supertest';
import { createTenant, startHarness, type Harness, type Tenant } from './harness.js';

describe('moderation API: failed jobs', () => {
  let harness: Harness;
  let tenant: Tenant;
  let otherTenant: Tenant;

  const jobFor = (publisherId: string, commentId: string): AnalyzeCommentJob => ({
    version: 1,
    publisherId,
    receivedAt: '2025-10-01T10:00:00.000Z',
    webhookId: `msg_${commentId}`,
    comment: { id: commentId, article: { id: 'a1' }, author: { id: 'u1' }, text: 'hello', createdAt: '2025-10-01T09:59:00Z' },
  });

  before(async () => {
    harness = await startHarness('modapi-failed');
    tenant = await createTenant(harness.storage);
    otherTenant = await createTenant(harness.storage);
    const jobs = [jobFor(tenant.publisherId, 'broken-1'), jobFor(tenant.publisherId, 'broken-2'), jobFor(otherTenant.publisherId, 'theirs')];
    await harness.queue.addBulk(jobs.map((data) => ({ name: ANALYZE_COMMENT_JOB, data, opts: { jobId: commentJobId(data.publisherId, data.comment.id), attempts: 3 } })));
    await failEveryJob(jobs.length);
  });

  after(() => harness.stop());

  /** Runs a worker that rejects every job as unprocessable until `count` jobs have failed. */
  async function failEveryJob(count: number): Promise<void> {
    const connection = new Redis(harness.redisUrl, { maxRetriesPerRequest: null });
    let failed = 0;
    const worker = new Worker<AnalyzeCommentJob>(
      harness.queue.name,
      async (job) => {
        throw new UnrecoverableError(`comment ${job.data.comment.id} cannot be analyzed: text is not valid UTF-8`);
      },
      { connection, ...queueKeyOptions(harness.queue.name), autorun: false },
    );
    const allFailed = new Promise<void>((resolve) => worker.on('failed', () => ++failed === count && resolve()));
    void worker.run();
    await allFailed;
    await worker.close();
    connection.disconnect();
  }

  const admin = () => tenant.auth.admin;

  it('lists only the caller’s failed jobs with their reason and attempts, and no stack trace', async () => {
    const res = await request(harness.app).get('/v1/admin/failed').set('Authorization', admin());
    expect(res.status).to.equal(200);
    expect(res.body.items.map((item: { commentId: string }) => item.commentId).sort()).to.deep.equal(['broken-1', 'broken-2']);
    const item = res.body.items.find((entry: { commentId: string }) => entry.commentId === 'broken-1');
    expect(item).to.include({
      jobId: commentJobId(tenant.publisherId, 'broken-1'),
      articleId: 'a1',
      webhookId: 'msg_broken-1',
      failedReason: 'comment broken-1 cannot be analyzed: text is not valid UTF-8',
      attemptsMade: 1,
    });
    expect(item.failedAt).to.be.a('string');
    expect(JSON.stringify(res.body)).not.to.match(/stacktrace|at .+\.(ts|js):\d+/);
    const limited = await request(harness.app).get('/v1/admin/failed?limit=1').set('Authorization', admin());
    expect(limited.body.items).to.have.length(1);
  });

  it('retries a failed job back into the queue with a fresh attempt budget, once', async () => {
    const jobId = commentJobId(tenant.publisherId, 'broken-2');
    const res = await request(harness.app).post(`/v1/admin/failed/${jobId}/retry`).set('Authorization', admin());
    expect(res.status).to.equal(202);
    expect(res.body).to.deep.equal({ jobId, state: 'waiting' });
    const job = await harness.queue.getJob(jobId);
    expect(await job?.getState()).to.equal('waiting');
    expect(job?.attemptsMade).to.equal(0);
    const listed = await request(harness.app).get('/v1/admin/failed').set('Authorization', admin());
    expect(listed.body.items.map((item: { jobId: string }) => item.jobId)).not.to.include(jobId);
    const again = await request(harness.app).post(`/v1/admin/failed/${jobId}/retry`).set('Authorization', admin());
    expect(again.status).to.equal(409);
    expect(again.body).to.include({ code: 'job_not_failed', state: 'waiting' });
  });

  it('answers 404 for another publisher’s job and leaves it failed', async () => {
    const jobId = commentJobId(otherTenant.publisherId, 'theirs');
    const res = await request(harness.app).post(`/v1/admin/failed/${jobId}/retry`).set('Authorization', admin());
    expect(res.status).to.equal(404);
    expect(await (await harness.queue.getJob(jobId))?.getState()).to.equal('failed');
    const unknown = await request(harness.app).post('/v1/admin/failed/c_unknown/retry').set('Authorization', admin());
    expect(unknown.status).to.equal(404);
    const malformed = await request(harness.app).post('/v1/admin/failed/bad%20id/retry').set('Authorization', admin());
    expect(malformed.status).to.equal(400);
  });
});
