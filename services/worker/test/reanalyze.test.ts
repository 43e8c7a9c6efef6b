import { createAnalyzer, loadModels, type Analyzer } from '@moderato/analysis';
import { provisionPublisher } from '@moderato/cli';
import {
  REANALYZE_COMMENTS_JOB, enqueueComments, reanalyzeJobOptions, reanalyzeQueueName, type AnalyzeCommentJob, type CommentQueue, type ReanalyzeCommentsJob,
  type ReanalyzeProgress, type ReanalyzeQueue, queueKeyOptions } from '@moderato/contracts';
import { DuplicateRegistry } from '@moderato/duplicate-registry';
import { startMongoDouble, type MongoDoubleServer } from '@moderato/mongo-double';
import { silentLogger } from '@moderato/service-kit';
import { closeStorage, createCandidateFinder, openStorage, replacePublisherPolicy, type Storage } from '@moderato/storage';
import { sharedRedis, uniqueName } from '@moderato/testkit';
import { Queue, Worker, type Job } from 'bullmq';
import { expect } from 'chai';
import { Redis } from 'ioredis';
import { saveComments } from '../../../packages/storage/test/builders.js';
import { buildComment } from '../../../test/support/fixtures.js';
import { eventually } from '../../../test/support/stack.js';
import { PublisherContexts } from '../src/jobs/publisher-context.js';
import { createReanalyzeProcessor } from '../src/jobs/reanalyze-comments.js';
import { startWorker, workerConfigSchema } from '../src/main.js';

interface StoredEvent {
  type: string;
  data: { policyVersion: number; status: string; cause?: string; previous?: { status: string } };
}

const reanalysisJob = (publisherId: string, filter: ReanalyzeCommentsJob['filter'] = {}): ReanalyzeCommentsJob =>
  ({ version: 1, publisherId, requestedBy: 'key-admin-1', filter });

/** The job once it has finished, read after it did (a job read earlier holds stale counters). */
const finishedJob = (queue: ReanalyzeQueue, jobId: string) =>
  eventually(async () => {
    const state = await queue.getJobState(jobId);
    return state === 'completed' || state === 'failed' ? await queue.getJob(jobId) : undefined;
  }, `job ${jobId} to finish`);

/**
 * The worker process as deployed (startWorker), with comments analyzed and stored by its comment worker under the
 * default policy, then a policy with a banned term, then a re-analysis job on the re-analysis queue.
 */
describe('worker: re-analysis after a policy change', function () {
  this.timeout(30_000);
  let mongo: MongoDoubleServer;
  let storage: Storage;
  let comments: CommentQueue;
  let reanalysis: ReanalyzeQueue;
  let worker: { stop(): Promise<void> };
  const publisherId = 'reanalyze-test';

  before(async () => {
    mongo = await startMongoDouble();
    const redis = await sharedRedis();
    const queueName = uniqueName('worker-reanalyze');
    const uri = `${mongo.uri}moderato`;
    storage = await openStorage(uri);
    await provisionPublisher(storage, publisherId);
    comments = new Queue(queueName, { connection: { url: redis.url }, ...queueKeyOptions(queueName) });
    reanalysis = new Queue(reanalyzeQueueName(queueName), { connection: { url: redis.url }, ...queueKeyOptions(reanalyzeQueueName(queueName)) });
    worker = await startWorker(workerConfigSchema.parse({ MONGODB_URI: uri, REDIS_URL: redis.url, COMMENT_QUEUE: queueName, WORKER_PORT: '0', WORKER_HOST: '127.0.0.1', LOG_LEVEL: 'silent' }), silentLogger());
  });

  after(async () => {
    await worker?.stop();
    for (const queue of [comments, reanalysis]) {
      await queue?.obliterate({ force: true });
      await queue?.close();
    }
    await closeStorage(storage);
    await mongo?.close();
  });

  const stored = (commentId: string) => storage.models.comments.findOne({ publisherId, commentId }).lean().orFail();
  const eventsOf = async (commentId: string) => ((await stored(commentId)).outbox ?? []) as unknown as StoredEvent[];
  const policyVersionOf = async (commentId: string) => ((await stored(commentId)).analysis as { policyVersion: number }).policyVersion;

  /** Comments through the comment worker, as the ingest API would queue them; resolves once all are stored. */
  async function storeComments(jobs: AnalyzeCommentJob[]): Promise<void> {
    await enqueueComments(comments, jobs);
    const ids = jobs.map((job) => job.comment.id);
    await eventually(async () => ((await storage.models.comments.countDocuments({ publisherId, commentId: { $in: ids } })) === ids.length || undefined), 'the comments stored');
  }

  const commentJob = (commentId: string, articleId: string, text: string): AnalyzeCommentJob => ({
    version: 1, publisherId, receivedAt: new Date().toISOString(), webhookId: `msg_${commentId}`,
    comment: buildComment({ id: commentId, article: { id: articleId }, text }),
  });

  it('rejects the undecided comment with the new banned term, leaves the decided one and other articles alone, and records why', async () => {
    await storeComments([
      commentJob('banned-1', 'harbour', 'The referendum question deserves a careful public debate before the council signs anything.'),
      commentJob('clean-1', 'harbour', 'Good reporting on the harbour project, thanks for laying out the figures so clearly.'),
      commentJob('decided-1', 'harbour', 'I think the referendum should wait until spring, when more people can take part.'),
      commentJob('elsewhere-1', 'budget', 'Different article, but the referendum keeps coming up in the comments here as well.'),
    ]);
    for (const id of ['banned-1', 'clean-1', 'decided-1', 'elsewhere-1']) {
      expect((await stored(id)).status, `${id} under the default policy`).to.equal('approved');
    }
    await storage.models.comments.updateOne({ publisherId, commentId: 'decided-1' }, { $set: { decision: { action: 'approve', decidedBy: 'key-mod-1', decidedAt: new Date() } } });
    const { version } = await replacePublisherPolicy(storage, { publisherId, overrides: { bannedTerms: ['referendum'] }, changedBy: { keyId: 'key-admin-1' } });
    expect(version).to.equal(1);

    const job = await reanalysis.add(REANALYZE_COMMENTS_JOB, reanalysisJob(publisherId, { articleId: 'harbour' }), { ...reanalyzeJobOptions, jobId: 'r_harbour' });
    const finished = await finishedJob(reanalysis, job.id!);
    const counts = { total: 2, processed: 2, changed: 1, skippedDecided: 0 };
    expect(finished?.returnvalue, finished?.failedReason).to.deep.equal(counts);
    expect(finished?.progress).to.deep.include(counts);

    const banned = await stored('banned-1');
    expect(banned.status).to.equal('rejected');
    expect(banned.flags).to.include('policy');
    expect(await policyVersionOf('banned-1')).to.equal(1);
    const reanalyzed = (await eventsOf('banned-1')).filter((event) => event.type === 'comment.reanalyzed');
    expect(reanalyzed).to.have.length(1);
    expect(reanalyzed[0]!.data).to.include({ status: 'rejected', policyVersion: 1, cause: 'policy_change' });
    expect(reanalyzed[0]!.data.previous?.status).to.equal('approved');

    // Analyzed again under version 1, with the same outcome: no event.
    expect((await stored('clean-1')).status).to.equal('approved');
    expect(await policyVersionOf('clean-1')).to.equal(1);
    expect((await eventsOf('clean-1')).map((event) => event.type)).to.deep.equal(['comment.analyzed']);

    // A moderator's decision is never re-analyzed, nor is a comment outside the filter.
    for (const id of ['decided-1', 'elsewhere-1']) {
      expect((await stored(id)).status, id).to.equal('approved');
      expect(await policyVersionOf(id), id).to.equal(0);
      expect((await eventsOf(id)).map((event) => event.type), id).to.deep.equal(['comment.analyzed']);
    }
  });

  it('fails a payload it can never process at once, without retries', async () => {
    const job = await reanalysis.add(REANALYZE_COMMENTS_JOB, { ...reanalysisJob(publisherId), filter: { from: 'yesterday' } }, { ...reanalyzeJobOptions, jobId: 'r_bad' });
    const failed = await finishedJob(reanalysis, job.id!);
    expect(failed?.attemptsMade).to.equal(1);
    expect(failed?.failedReason).to.match(/^invalid job payload: filter\.from: /);
    const unknown = await reanalysis.add(REANALYZE_COMMENTS_JOB, reanalysisJob('ghost-publisher'), { ...reanalyzeJobOptions, jobId: 'r_ghost' });
    const ghost = await finishedJob(reanalysis, unknown.id!);
    expect(ghost?.failedReason).to.equal('unknown publisher ghost-publisher');
    expect(ghost?.attemptsMade).to.equal(1);
  });
});

/**
 * The processor in a BullMQ worker of the test's own, with an analyzer that fails once and a publisher section that
 * lets the test act between comments: a retried job continues after its last finished page, and a stopping worker
 * hands its job back to the queue.
 */
describe('worker: re-analysis job, retried and handed back', function () {
  this.timeout(30_000);
  let mongo: MongoDoubleServer;
  let storage: Storage;
  let redisUrl: string;
  let queue: ReanalyzeQueue;
  let publisherId: string;
  let realAnalyzer: Analyzer;
  const connections: Redis[] = [];
  const PAGE_SIZE = 2;

  /** commentId of every analysis started, in order; ids in `failOnce` throw the first time. */
  let analyzed: string[];
  let failOnce: Set<string>;
  /** Runs before each comment's lookup-to-store section. */
  let beforeRegister: () => Promise<void>;
  let announced: string[];

  before(async () => {
    mongo = await startMongoDouble();
    redisUrl = (await sharedRedis()).url;
    storage = await openStorage(`${mongo.uri}moderato`);
    realAnalyzer = createAnalyzer(loadModels());
  });

  beforeEach(async () => {
    publisherId = uniqueName('reanalyze-retry');
    await provisionPublisher(storage, publisherId);
    await saveComments(storage, ['r1', 'r2', 'r3', 'r4', 'r5'].map((commentId, i) => ({ publisherId, commentId, createdAt: new Date(Date.UTC(2025, 9, 1, 8, i)) })));
    // Stored as approved; under this policy every one of them is rejected.
    await replacePublisherPolicy(storage, { publisherId, overrides: { bannedTerms: ['reader'] }, changedBy: { cli: true } });
    const retryQueue = uniqueName('reanalyze-retry');
    queue = new Queue(retryQueue, { connection: { url: redisUrl }, ...queueKeyOptions(retryQueue) });
    analyzed = [];
    failOnce = new Set();
    beforeRegister = async () => {};
    announced = [];
  });

  afterEach(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
  });

  after(async () => {
    for (const connection of connections) connection.disconnect();
    await closeStorage(storage);
    await mongo?.close();
  });

  const flakyAnalyzer = (): Analyzer => ({
    version: realAnalyzer.version,
    models: realAnalyzer.models,
    defaultPolicy: realAnalyzer.defaultPolicy,
    fingerprint: (text) => realAnalyzer.fingerprint(text),
    laterNearCopies: (...args) => realAnalyzer.laterNearCopies(...args),
    analyze: (comment, context) => {
      analyzed.push(comment.commentId);
      if (failOnce.delete(comment.commentId)) throw new Error(`analysis of ${comment.commentId} crashed`);
      return realAnalyzer.analyze(comment, context);
    },
  });

  /** A worker on the test's queue; `progress` collects every progress report it makes. */
  function startTestWorker(progress: ReanalyzeProgress[] = []): Worker {
    const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
    connections.push(connection);
    const registry = new DuplicateRegistry(connection, queue.name);
    const processor = createReanalyzeProcessor({
      storage,
      analyzer: flakyAnalyzer(),
      logger: silentLogger(),
      contexts: new PublisherContexts(storage, realAnalyzer),
      // Each comment registers before it is analyzed: the moment a concurrent writer could slip in.
      registry: {
        register: async (...args) => {
          await beforeRegister();
          return registry.register(...args);
        },
        release: (...args) => registry.release(...args),
        askRecheck: (...args) => registry.askRecheck(...args),
      },
      candidates: createCandidateFinder(storage),
      announceEvents: (id) => announced.push(id),
      pageSize: PAGE_SIZE,
    });
    const worker = new Worker(queue.name, processor, { connection, ...queueKeyOptions(queue.name), concurrency: 1 });
    worker.on('progress', (_job: Job, reported) => progress.push(reported as ReanalyzeProgress));
    return worker;
  }

  const addJob = () => queue.add(REANALYZE_COMMENTS_JOB, reanalysisJob(publisherId), { ...reanalyzeJobOptions, backoff: { type: 'fixed', delay: 50 } });

  it('reports progress after every page, and a retried attempt continues after the last finished page', async () => {
    failOnce.add('r3');
    // r4 is decided after r3 is written (while r4 is already listed): it is skipped, not overwritten.
    beforeRegister = async () => {
      if (analyzed.filter((id) => id === 'r3').length === 2 && analyzed.at(-1) === 'r3') {
        await storage.models.comments.updateOne({ publisherId, commentId: 'r4' }, { $set: { status: 'rejected', decision: { action: 'reject', decidedBy: 'key-mod-1', decidedAt: new Date() } } });
      }
    };
    const progress: ReanalyzeProgress[] = [];
    const worker = startTestWorker(progress);
    try {
      const job = await addJob();
      const finished = await finishedJob(queue, job.id!);
      expect(finished?.returnvalue, finished?.failedReason).to.deep.equal({ total: 5, processed: 5, changed: 4, skippedDecided: 1 });
      expect(finished?.attemptsMade, 'one failed attempt, then the one that finished').to.equal(2);
      // Page 1 (r1, r2) was not analyzed again by the second attempt; page 2 (r3, r4) was, from its start.
      expect(analyzed).to.deep.equal(['r1', 'r2', 'r3', 'r3', 'r4', 'r5']);
      expect(progress.map((report) => report.processed), 'processed after each report').to.deep.equal([0, 2, 4, 5]);
      expect(progress.map((report) => report.after?.commentId)).to.deep.equal([undefined, 'r2', 'r4', 'r5']);
      expect(progress.every((report) => report.total === 5)).to.equal(true);
      const decided = await storage.models.comments.findOne({ publisherId, commentId: 'r4' }).lean().orFail();
      expect(decided.status).to.equal('rejected');
      expect((decided.analysis as { policyVersion: number; version: string }).version, 'the stored analysis is the original one').to.equal('test-1');
      expect(announced, 'announced after every page with a changed outcome').to.deep.equal([publisherId, publisherId, publisherId]);
    } finally {
      await worker.close();
    }
  });

  it('hands its job back to the queue between pages when the worker stops, and another worker continues it', async () => {
    const first = startTestWorker();
    let stopping: Promise<void> | undefined;
    // Stop as the worker's stop() does, while the first page is under way.
    beforeRegister = async () => {
      if (analyzed.length === 1) {
        stopping = (async () => {
          first.cancelAllJobs('worker stopping');
          await first.close();
        })();
      }
    };
    const job = await addJob();
    await eventually(async () => (stopping ? true : undefined), 'the first worker to start stopping');
    await stopping;
    expect(await queue.getJobState(job.id!)).to.equal('waiting');
    const handedBack = await queue.getJob(job.id!);
    expect(handedBack?.attemptsMade, 'no attempt spent').to.equal(0);
    expect(handedBack?.progress).to.deep.include({ processed: PAGE_SIZE, after: { createdAt: '2025-10-01T08:01:00.000Z', commentId: 'r2' } });

    beforeRegister = async () => {};
    const second = startTestWorker();
    try {
      const finished = await finishedJob(queue, job.id!);
      expect(finished?.returnvalue).to.deep.include({ total: 5, processed: 5 });
      expect(analyzed, 'each comment analyzed once').to.deep.equal(['r1', 'r2', 'r3', 'r4', 'r5']);
    } finally {
      await second.close();
    }
  });
});
