import { provisionPublisher } from '@moderato/cli';
import { commentJobId, enqueueComments, type AnalyzeCommentJob, type CommentQueue, queueKeyOptions } from '@moderato/contracts';
import { startMongoDouble, type MongoDoubleServer } from '@moderato/mongo-double';
import { silentLogger } from '@moderato/service-kit';
import { closeStorage, openStorage, type Storage } from '@moderato/storage';
import { freePort, sharedRedis, uniqueName } from '@moderato/testkit';
import { Queue } from 'bullmq';
import { expect } from 'chai';
import { buildComment } from '../../../test/support/fixtures.js';
import { eventually } from '../../../test/support/stack.js';
import { startWorker, workerConfigSchema } from '../src/main.js';

function jobFor(publisherId: string, overrides: Partial<AnalyzeCommentJob> = {}): AnalyzeCommentJob {
  return { version: 1, publisherId, receivedAt: new Date().toISOString(), webhookId: `msg_${Math.random()}`, comment: buildComment(), ...overrides };
}

/**
 * The worker against its own MongoDB double (so the test can stop and restart it, as an outage would) and a private Redis.
 */
describe('worker', function () {
  this.timeout(30_000);
  let mongo: MongoDoubleServer;
  let mongoPort: number;
  let storage: Storage;
  let queue: CommentQueue;
  let worker: { stop(): Promise<void> };
  const publisherId = 'worker-test';

  before(async () => {
    mongoPort = await freePort();
    mongo = await startMongoDouble({ port: mongoPort });
    const redis = await sharedRedis();
    const queueName = uniqueName('worker');
    const uri = `${mongo.uri}moderato`;
    storage = await openStorage(uri);
    await provisionPublisher(storage, publisherId);
    queue = new Queue(queueName, { connection: { url: redis.url }, ...queueKeyOptions(queueName) });
    worker = await startWorker(workerConfigSchema.parse({ MONGODB_URI: uri, REDIS_URL: redis.url, COMMENT_QUEUE: queueName, WORKER_PORT: '0', WORKER_HOST: '127.0.0.1', LOG_LEVEL: 'silent' }), silentLogger());
  });

  after(async () => {
    await worker?.stop();
    await queue?.obliterate({ force: true });
    await queue?.close();
    await closeStorage(storage);
    await mongo?.close();
  });

  /** The job once it is in the failed set, read after it got there (a job read earlier holds stale counters). */
  const failedJob = (jobId: string) =>
    eventually(async () => ((await queue.getJobState(jobId)) === 'failed' ? await queue.getJob(jobId) : undefined), `job ${jobId} to fail`);

  const stored = (commentId: string) => storage.models.comments.findOne({ publisherId, commentId }).lean();

  it('analyzes a queued comment and stores it once, keyed by publisher and comment id', async () => {
    const job = jobFor(publisherId);
    await enqueueComments(queue, [job]);
    const doc = await eventually(async () => (await stored(job.comment.id)) ?? undefined, 'the stored comment');
    expect(doc.status).to.be.oneOf(['approved', 'pending', 'rejected']);
    expect(doc.sentiment?.label).to.be.oneOf(['negative', 'neutral', 'positive']);
    expect(doc.fingerprint?.bands?.length).to.be.greaterThan(0);
    expect(doc.text).to.equal(job.comment.text);
  });

  it('never stores a second document or overrides a decision when a comment is processed again', async () => {
    const job = jobFor(publisherId);
    await enqueueComments(queue, [job]);
    const firstJobId = commentJobId(publisherId, job.comment.id);
    // Completed, not only stored: the job stays locked for the last steps after its write, and a locked job cannot be removed.
    await eventually(async () => {
      const first = await queue.getJob(firstJobId);
      return first && (await first.isCompleted()) ? true : undefined;
    }, 'the first processing');
    await storage.models.comments.updateOne({ publisherId, commentId: job.comment.id }, { $set: { status: 'rejected', decision: { action: 'reject', decidedBy: 'k1', decidedAt: new Date() } } });
    // Redelivery after the first job was removed from Redis: a new job for the same comment.
    await queue.remove(firstJobId);
    const [jobId] = await enqueueComments(queue, [{ ...job, webhookId: 'msg_again' }]);
    const again = await eventually(async () => {
      const redelivered = await queue.getJob(jobId!);
      return redelivered && (await redelivered.isCompleted()) ? redelivered : undefined;
    }, 'the redelivered job');
    expect(again.returnvalue).to.deep.include({ created: false });
    expect(await storage.models.comments.countDocuments({ publisherId, commentId: job.comment.id })).to.equal(1);
    expect((await stored(job.comment.id))?.decision?.action).to.equal('reject');
  });

  it('fails a payload it can never process at once, without retries, with its reason', async () => {
    const added = await queue.add('analyze-comment', { version: 99, publisherId } as never, { jobId: 'bad-version', attempts: 5 });
    const failed = await failedJob(added.id!);
    expect(failed.attemptsMade).to.equal(1);
    expect(failed.failedReason).to.contain('unsupported job version 99');
  });

  it('fails a comment of an unknown publisher without retries', async () => {
    const [jobId] = await enqueueComments(queue, [jobFor('ghost-publisher')]);
    const failed = await failedJob(jobId!);
    expect(failed.failedReason).to.contain('unknown publisher ghost-publisher');
    expect(failed.attemptsMade).to.equal(1);
  });

  it('retries with backoff while MongoDB is down and stores the comment once it is back', async () => {
    await mongo.close();
    const job = jobFor(publisherId);
    const added = await queue.add('analyze-comment', job, { jobId: commentJobId(publisherId, job.comment.id), attempts: 20, backoff: { type: 'fixed', delay: 200 } });
    await eventually(async () => ((await queue.getJob(added.id!))?.attemptsMade ?? 0) >= 2 || undefined, 'two failed attempts');
    // The double keeps data in memory: after the "outage" the publisher has to be registered again.
    mongo = await startMongoDouble({ port: mongoPort });
    await eventually(async () => (storage.connection.readyState === 1 ? true : undefined), 'mongoose to reconnect');
    await provisionPublisher(storage, publisherId);
    const doc = await eventually(async () => (await stored(job.comment.id).catch(() => null)) ?? undefined, 'the comment after recovery', 20_000);
    expect(doc.commentId).to.equal(job.comment.id);
    const finished = await queue.getJob(added.id!);
    expect(finished?.attemptsMade).to.be.greaterThan(1);
  });
});

/**
 * Comments that arrive together, as a spam wave does, against a MongoDB that answers after a few milliseconds as a
 * real one over the network does: without that latency every lookup would finish before the next job started.
 */
describe('worker, near-copies processed at the same time', function () {
  this.timeout(30_000);
  let mongo: MongoDoubleServer;
  let storage: Storage;
  let queue: CommentQueue;
  let workers: Array<{ port: number; stop(): Promise<void> }> = [];
  const publisherId = 'burst-test';

  before(async () => {
    mongo = await startMongoDouble({ latencyMs: 4 });
    const redis = await sharedRedis();
    const queueName = uniqueName('worker-burst');
    const uri = `${mongo.uri}moderato`;
    storage = await openStorage(uri);
    await provisionPublisher(storage, publisherId);
    queue = new Queue(queueName, { connection: { url: redis.url }, ...queueKeyOptions(queueName) });
    // Two worker processes' worth of concurrency, as a scaled deployment runs.
    const config = workerConfigSchema.parse({ MONGODB_URI: uri, REDIS_URL: redis.url, COMMENT_QUEUE: queueName, WORKER_CONCURRENCY: '8', WORKER_PORT: '0', WORKER_HOST: '127.0.0.1', LOG_LEVEL: 'silent' });
    workers = [await startWorker(config, silentLogger()), await startWorker(config, silentLogger())];
  });

  after(async () => {
    for (const worker of workers) await worker.stop();
    await queue?.obliterate({ force: true });
    await queue?.close();
    await closeStorage(storage);
    await mongo?.close();
  });

  it('flags every copy but the earliest posted, each naming a comment posted before it', async () => {
    const text = 'Vote for the ceasefire petition today, every signature counts and the council must listen to us all';
    const tails = ['', '!', ' 🙏', ' now', '!!', ' please', ' today!', ' ok', ' 100%', ' #ceasefire', ' ...', ' yes'];
    // Delivered newest first, so later copies are often stored before their original.
    const postedAt = (i: number): string => new Date(Date.UTC(2025, 9, 25, 16, 0, tails.length - i)).toISOString();
    const burst = tails.map((tail, i) => jobFor(publisherId, { comment: buildComment({ text: text + tail, createdAt: postedAt(i) }) }));
    await enqueueComments(queue, burst);
    const ids = burst.map((job) => job.comment.id);
    // Every job finished, not only every comment stored: the job that stores an original then analyzes its later
    // copies again, after its own store.
    await eventually(async () => ((await queue.getCompletedCount()) === ids.length ? true : undefined), 'every job of the burst completed');
    const docs = await storage.models.comments.find({ publisherId, commentId: { $in: ids } }).lean();
    expect(docs).to.have.length(ids.length);
    const byId = new Map(docs.map((doc) => [doc.commentId, doc]));
    const earliest = burst[burst.length - 1]!.comment.id;
    expect(docs.filter((doc) => !doc.duplicateOf).map((doc) => doc.commentId), 'comments not flagged as a copy').to.deep.equal([earliest]);
    for (const doc of docs.filter((d) => d.duplicateOf)) {
      const original = byId.get(doc.duplicateOf!);
      expect(original, `${doc.commentId} names a comment of the burst`).to.not.equal(undefined);
      expect(original!.createdAt.getTime()).to.be.below(doc.createdAt.getTime());
      expect(doc.flags).to.include('duplicate');
      expect(doc.status).to.equal('pending');
    }
    const metrics = await Promise.all(workers.map(async (w) => (await fetch(`http://127.0.0.1:${w.port}/metrics`)).text()));
    // The burst ran at the same moment: copies met each other in flight, not only in storage.
    const sightings = metrics.map((text) => Number(/^moderato_worker_in_flight_near_copies_total(?:\{[^}]*\})? (\d+)/m.exec(text)?.[1] ?? 0));
    expect(sightings.reduce((a, b) => a + b, 0), 'near-copies seen in flight by the two workers').to.be.above(0);
    // One stored-candidates lookup per job, some sharing a query.
    const counted = (name: string) => metrics.reduce((sum, text) => sum + Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\d+)`, 'm').exec(text)?.[1] ?? 0), 0);
    const lookups = counted('moderato_worker_duplicate_lookups_total');
    expect(lookups, 'lookups counted by the two workers').to.equal(ids.length);
    expect(counted('moderato_worker_duplicate_lookup_queries_total')).to.be.within(1, lookups);
  });
});
