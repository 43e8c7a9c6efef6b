/**
 * `npm run bench -- worker [--jobs N] [--concurrency C] [--stored 10000,100000]`: comments per second drained by the
 * real worker (policy and article context, the near-copy registry, the indexed candidate lookup in MongoDB, the
 * analysis, the store) and, in the same run and on the same Redis, by a no-op BullMQ worker on the same jobs; for one
 * publisher and for eight, with 10k and then 100k comments already stored. Prints both rates, their ratio, the cost
 * per comment at each stored size, where the CPU time went (this process, the MongoDB double, Redis), and how many
 * stored comments the duplicate lookup returned per comment (what its cost grows with, besides the index).
 * Both workers first drain 1,000 unmeasured jobs (stored too), so the JIT has compiled their paths before the first
 * measured run. Private Redis; MongoDB is the wire double in its own process unless MONGODB_URI is set.
 */
import { parseArgs } from 'node:util';
import { createAnalyzer, loadModels } from '@moderato/analysis';
import { provisionPublisher } from '@moderato/cli';
import { enqueueComments, queueKeyOptions, type AnalyzeCommentJob, type CommentQueue } from '@moderato/contracts';
import { silentLogger } from '@moderato/service-kit';
import { closeStorage, findDuplicateCandidates, openStorage } from '@moderato/storage';
import { startRedis, uniqueName, withDatabase } from '@moderato/testkit';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { startWorker, workerConfigSchema } from '../src/main.js';
import { startMongoProcess } from './processes.js';
import { commentText, makeRandom, storedCommentDocument } from './corpus.js';

process.env.DOTENV_CONFIG_QUIET = 'true';
const { values } = parseArgs({ options: { jobs: { type: 'string', default: '3000' }, concurrency: { type: 'string', default: '8' }, stored: { type: 'string', default: '10000,100000' } } });
const JOBS = Number(values.jobs);
const CONCURRENCY = Number(values.concurrency);
const STORED_LEVELS = values.stored.split(',').map(Number);
const PUBLISHER_COUNTS = [1, 8];
const WARM_UP_JOBS = 1_000;

const redis = await startRedis({});
const mongoServer = await startMongoProcess();
const mongo = { ...mongoServer, uri: withDatabase(mongoServer.uri, uniqueName('bench_worker')) };
const storage = await openStorage(mongo.uri);
const analyzer = createAnalyzer(loadModels());
const publishers = Array.from({ length: 8 }, (_, i) => `bench-publisher-${i + 1}`);
for (const publisherId of publishers) await provisionPublisher(storage, publisherId);
const realQueue = commentQueue(uniqueName('bench-worker'));
const noopQueue = commentQueue(uniqueName('bench-noop'));
const random = makeRandom(20261204);
let stored = 0;
let sequence = 0;

console.log(`worker: ${JOBS.toLocaleString('en-US')} comments per run, concurrency ${CONCURRENCY}, MongoDB ${mongo.label}, Redis private`);
const real = await startWorker(workerConfigSchema.parse({
  MONGODB_URI: mongo.uri, REDIS_URL: redis.url, COMMENT_QUEUE: realQueue.name, WORKER_CONCURRENCY: String(CONCURRENCY),
  WORKER_PORT: '0', WORKER_HOST: '127.0.0.1', LOG_LEVEL: 'silent',
}), silentLogger());
const noop = startNoopWorker(noopQueue.name);
const perComment: Record<string, number> = {};
try {
  // Unmeasured: both workers' code paths compiled by the JIT first, so the first measured run is not the slow one.
  const warmUp = makeJobs(PUBLISHER_COUNTS.at(-1)!, WARM_UP_JOBS);
  await drain(noopQueue, warmUp.map((job) => ({ ...job, comment: { ...job.comment, id: `noop-${job.comment.id}` } })));
  await drain(realQueue, warmUp);
  for (const level of STORED_LEVELS) {
    await fillStored(level);
    for (const count of PUBLISHER_COUNTS) {
      const jobs = makeJobs(count);
      const baseline = await drain(noopQueue, jobs.map((job) => ({ ...job, comment: { ...job.comment, id: `noop-${job.comment.id}` } })));
      const measured = await drain(realQueue, jobs);
      perComment[`${level}/${count}`] = measured.seconds / JOBS;
      const split = measured.cpu;
      console.log(
        `stored ${String(level).padStart(6)}  publishers ${count}  no-op ${rate(baseline.perSecond)}/s  worker ${rate(measured.perSecond)}/s  ` +
        `ratio ${(measured.perSecond / baseline.perSecond).toFixed(2)}×  ${(1000 * measured.seconds / JOBS).toFixed(3)} ms/comment  ` +
        `CPU ms/comment: worker ${(1000 * split.self / JOBS).toFixed(2)}, double ${(1000 * split.mongo / JOBS).toFixed(2)}, redis ${(1000 * split.redis / JOBS).toFixed(2)}  ` +
        `stored candidates per lookup ${(await candidatesPerLookup(jobs)).toFixed(2)}`,
      );
    }
  }
  const [small, large] = [STORED_LEVELS[0], STORED_LEVELS.at(-1)];
  for (const count of PUBLISHER_COUNTS) {
    const growth = (perComment[`${large}/${count}`] ?? 0) / (perComment[`${small}/${count}`] ?? 1);
    console.log(`cost per comment at ${large} stored ÷ at ${small}, ${count} publisher(s): ${growth.toFixed(2)}×`);
  }
} finally {
  await real.stop();
  await noop.close();
  await realQueue.obliterate({ force: true });
  await noopQueue.obliterate({ force: true });
  await realQueue.close();
  await noopQueue.close();
  await closeStorage(storage);
  await mongo.stop();
  await redis.stop();
}

function commentQueue(name: string): CommentQueue {
  return new Queue(name, { connection: { url: redis.url }, ...queueKeyOptions(name) });
}

function startNoopWorker(name: string): Worker {
  const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
  const worker = new Worker(name, async () => ({}), { connection, ...queueKeyOptions(name), concurrency: CONCURRENCY });
  worker.on('closed', () => connection.disconnect());
  return worker;
}

/** New comments spread over `count` publishers: nine in ten fresh texts, one in ten a near-copy of a stored one. */
function makeJobs(count: number, jobs = JOBS): AnalyzeCommentJob[] {
  return Array.from({ length: jobs }, (_, i) => {
    sequence += 1;
    const publisherId = publishers[i % count]!;
    const copyOf = random() < 0.1 && stored > 0 ? Math.floor(random() * stored) : undefined;
    const text = copyOf === undefined ? commentText(random) : `${commentText(makeRandom(copyOf))} !!`;
    return {
      version: 1, publisherId, receivedAt: new Date().toISOString(), webhookId: `msg_bench_${sequence}`,
      comment: {
        id: `new-${sequence}`, article: { id: `article-${sequence % 50}`, title: 'A bench article' }, author: { id: `reader-${sequence % 997}` },
        text, createdAt: new Date(Date.UTC(2026, 0, 1) + sequence * 1000).toISOString(),
      },
    };
  });
}

/**
 * How many stored comments the worker's duplicate lookup returns for the run's comments (a sample of them, looked up
 * again once the run is over, outside the measured time): what the lookup's cost grows with, besides the index.
 */
async function candidatesPerLookup(jobs: AnalyzeCommentJob[], sample = 200): Promise<number> {
  const picked = jobs.filter((_, i) => i % Math.max(1, Math.floor(jobs.length / sample)) === 0);
  let found = 0;
  for (const { publisherId, comment } of picked) {
    found += (await findDuplicateCandidates(storage, publisherId, comment.id, analyzer.fingerprint(comment.text))).length;
  }
  return found / picked.length;
}

/**
 * Adds the jobs and waits until the queue has completed all of them; the CPU each process spent meanwhile. The end
 * is the last job's own finishedOn, so the wait can poll rarely: every poll costs this process, which is also the
 * real worker's, CPU in proportion to the run's length, so frequent polls weighed on the slower side.
 */
async function drain(queue: CommentQueue, jobs: AnalyzeCommentJob[]) {
  const before = await queue.getCompletedCount();
  const cpu = await cpuNow();
  const startedAt = Date.now();
  for (let i = 0; i < jobs.length; i += 500) await enqueueComments(queue, jobs.slice(i, i + 500));
  while ((await queue.getCompletedCount()) < before + jobs.length) {
    if ((await queue.getFailedCount()) > 0) throw new Error(`jobs failed on ${queue.name}: ${(await queue.getFailed(0, 0))[0]?.failedReason}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const [last] = await queue.getCompleted(0, 0);
  const seconds = ((last?.finishedOn ?? Date.now()) - startedAt) / 1000;
  const after = await cpuNow();
  return { seconds, perSecond: jobs.length / seconds, cpu: { self: after.self - cpu.self, mongo: after.mongo - cpu.mongo, redis: after.redis - cpu.redis } };
}

/** Comments stored as the worker stores them (fingerprints of their texts), spread over the eight publishers. */
async function fillStored(level: number): Promise<void> {
  const started = performance.now();
  while (stored < level) {
    const batch = Array.from({ length: Math.min(1000, level - stored) }, (_, k) => {
      const index = stored + k;
      return storedCommentDocument(analyzer, publishers[index % publishers.length]!, index, commentText(makeRandom(index)));
    });
    await storage.models.comments.collection.insertMany(batch, { ordered: false });
    stored += batch.length;
  }
  console.log(`(${level.toLocaleString('en-US')} comments stored in ${((performance.now() - started) / 1000).toFixed(1)} s)`);
}

/** CPU seconds used so far by this process, the MongoDB double's process and Redis. */
async function cpuNow(): Promise<{ self: number; mongo: number; redis: number }> {
  const usage = process.cpuUsage();
  const client = new Redis(redis.url);
  const info = await client.info('cpu');
  client.disconnect();
  const field = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0);
  return { self: (usage.user + usage.system) / 1e6, mongo: mongo.cpuSeconds(), redis: field('used_cpu_sys') + field('used_cpu_user') };
}

function rate(perSecond: number): string {
  return Math.round(perSecond).toLocaleString('en-US').padStart(6);
}

