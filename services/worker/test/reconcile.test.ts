import { commentJobId, enqueueComments, queueKeyOptions, type AnalyzeCommentJob, type CommentQueue } from '@moderato/contracts';
import { silentLogger } from '@moderato/service-kit';
import { sharedRedis, uniqueName } from '@moderato/testkit';
import { Queue, UnrecoverableError, Worker, type Processor, type WorkerOptions } from 'bullmq';
import { expect } from 'chai';
import { Redis } from 'ioredis';
import { buildComment } from '../../../test/support/fixtures.js';
import { eventually } from '../../../test/support/stack.js';
import { reconcileFailedComments, type ReconcileOptions } from '../src/jobs/reconcile-failed.js';

const publisherId = 'reconcile-test';
const options: ReconcileOptions = { olderThanMs: 0, maxRequeues: 2, pageSize: 2 };

function jobFor(text: string, attempts?: number): AnalyzeCommentJob & { attempts?: number } {
  return { version: 1, publisherId, receivedAt: new Date().toISOString(), webhookId: `msg_${text}`, comment: buildComment({ text }), ...(attempts ? { attempts } : {}) };
}

/**
 * The reconciler on failed jobs made the way production makes them: every attempt failing on an outage, a job failed
 * as unprocessable, and a job whose worker died while it was active more often than maxStalledCount allows.
 */
describe('worker: reconciling acknowledged comments left unstored', function () {
  this.timeout(30_000);
  let redisUrl: string;
  let redis: Redis;
  let queue: CommentQueue;
  let workers: Worker[];
  const stored = new Set<string>();
  const deps = () => ({ queue, redis, isStored: async (_publisher: string, commentId: string) => stored.has(commentId), logger: silentLogger() });

  beforeEach(async () => {
    redisUrl = (await sharedRedis()).url;
    redis = new Redis(redisUrl);
    const name = uniqueName('reconcile');
    queue = new Queue(name, { connection: { url: redisUrl }, ...queueKeyOptions(name) });
    workers = [];
    stored.clear();
  });

  afterEach(async () => {
    await Promise.all(workers.map((worker) => worker.close(true)));
    await queue.obliterate({ force: true });
    await queue.close();
    redis.disconnect();
  });

  function startWorker(processor: Processor, extra: Partial<WorkerOptions> = {}): Worker {
    const worker = new Worker(queue.name, processor, { connection: { url: redisUrl }, ...queueKeyOptions(queue.name), ...extra });
    worker.on('error', () => {});
    workers.push(worker);
    return worker;
  }

  const inState = (jobId: string, state: string) =>
    eventually(async () => ((await queue.getJobState(jobId)) === state ? true : undefined), `job ${jobId} to be ${state}`);

  async function failed(job: AnalyzeCommentJob, attempts: number, error: () => Error): Promise<string> {
    const jobId = commentJobId(publisherId, job.comment.id);
    await queue.add('analyze-comment', job, { jobId, attempts });
    const worker = startWorker(async () => { throw error(); });
    await inState(jobId, 'failed');
    await worker.close();
    return jobId;
  }

  /**
   * A worker that takes the job and dies with it (no lock renewals after the forced close, as after kill -9). With
   * `checkStalls` it also runs BullMQ's stall check (maxStalledCount 1), which is how it finds the job a dead worker left.
   */
  async function dieWithJob(checkStalls: boolean): Promise<void> {
    let started!: () => void;
    const taken = new Promise<void>((resolve) => (started = resolve));
    const stalls = checkStalls ? { stalledInterval: 100, maxStalledCount: 1 } : { skipStalledCheck: true };
    const dying = startWorker(() => { started(); return new Promise(() => {}); }, { lockDuration: 500, ...stalls });
    await taken;
    await dying.close(true);
  }

  /** The second death is past maxStalledCount 1: the next worker's stall check fails the job. */
  async function stalledTwice(job: AnalyzeCommentJob): Promise<string> {
    const [jobId] = await enqueueComments(queue, [job]);
    await dieWithJob(false);
    await dieWithJob(true);
    startWorker(async () => ({ status: 'approved' }), { stalledInterval: 100, maxStalledCount: 1 });
    await inState(jobId!, 'failed');
    await Promise.all(workers.splice(0).map((worker) => worker.close(true)));
    return jobId!;
  }

  it('queues again a job whose attempts all met an outage, and it is then processed', async () => {
    const jobId = await failed(jobFor('outage'), 2, () => new Error('MongoDB unreachable'));
    const report = await reconcileFailedComments(deps(), options);
    expect(report.requeued).to.deep.equal([jobId]);
    expect(await queue.getJobState(jobId)).to.equal('waiting');
    startWorker(async () => ({ status: 'approved' }));
    await inState(jobId, 'completed');
  });

  it('leaves a job failed as unprocessable where it is', async () => {
    const jobId = await failed(jobFor('unprocessable'), 8, () => new UnrecoverableError('invalid job payload'));
    const report = await reconcileFailedComments(deps(), options);
    expect(report).to.deep.equal({ requeued: [], alreadyStored: [], givenUp: [] });
    expect(await queue.getJobState(jobId)).to.equal('failed');
  });

  it('queues again a job whose worker died twice while it was active, with its stall count cleared', async () => {
    const jobId = await stalledTwice(jobFor('stalled'));
    expect((await queue.getJob(jobId))?.failedReason).to.match(/stalled more than allowable limit/);
    const report = await reconcileFailedComments(deps(), options);
    expect(report.requeued).to.deep.equal([jobId]);
    // One more death is survived again, as a fresh job's would be.
    await dieWithJob(false);
    startWorker(async () => ({ status: 'approved' }), { maxStalledCount: 1, stalledInterval: 100 });
    await inState(jobId, 'completed');
  });

  it('removes the failed job of a comment that is stored after all', async () => {
    const job = jobFor('stored');
    const jobId = await failed(job, 1, () => new Error('failed after the store'));
    stored.add(job.comment.id);
    const report = await reconcileFailedComments(deps(), options);
    expect(report.alreadyStored).to.deep.equal([jobId]);
    expect(await queue.getJob(jobId)).to.equal(undefined);
  });

  it('gives up after maxRequeues and leaves the job failed, listed, for an operator', async () => {
    const jobId = await failed(jobFor('poison'), 1, () => new Error('crashes every time'));
    const failing = () => {
      const worker = startWorker(async () => { throw new Error('crashes every time'); });
      return inState(jobId, 'failed').then(() => worker.close());
    };
    for (let round = 0; round < options.maxRequeues; round++) {
      expect((await reconcileFailedComments(deps(), options)).requeued).to.deep.equal([jobId]);
      await failing();
    }
    const report = await reconcileFailedComments(deps(), options);
    expect(report).to.deep.include({ requeued: [], givenUp: [jobId] });
    expect(await queue.getJobState(jobId)).to.equal('failed');
    expect((await reconcileFailedComments(deps(), options)).givenUp).to.deep.equal([jobId]);
  });

  it('waits until a failure is older than olderThanMs, and pages through many failed jobs', async () => {
    const ids = [];
    for (const text of ['one', 'two', 'three']) ids.push(await failed(jobFor(text), 1, () => new Error('outage')));
    expect((await reconcileFailedComments(deps(), { ...options, olderThanMs: 60_000 })).requeued).to.deep.equal([]);
    expect((await reconcileFailedComments(deps(), options)).requeued.sort()).to.deep.equal([...ids].sort());
  });
});
