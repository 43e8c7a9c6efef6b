/**
 * `npm run bench -- worker [--jobs N] [--concurrency C] [--stored 10000,100000] [--rounds R]`: comments per second
 * drained by the real worker (policy and article context, the near-copy registry, the indexed candidate lookup in
 * MongoDB, the analysis, the store) and, in the same run and on the same Redis, by a no-op BullMQ worker on the same
 * jobs; for one publisher and for eight. Each stored size has a MongoDB of its own (a double in its own process),
 * filled once, with a real worker of its own, and the rounds alternate no-op → smallest → … → largest, so drift on this shared machine favours no
 * side; each run's new comments are deleted after it, so every round sees the same stored sizes. Prints per round and
 * as medians of the paired rounds: the rates, the ratio to the no-op worker, the cost per comment at each size ÷ at
 * the smallest, where the CPU time went (this process, the MongoDB double, Redis; for the no-op worker this process
 * and Redis), how many stored comments the duplicate lookup returned per comment (what its cost grows with, besides
 * the index), and how many lookups shared a query (from the worker's metrics).
 * Both kinds of worker first drain 1,000 unmeasured jobs, so the JIT has compiled their paths before the first
 * measured run. Private Redis; MongoDB is the wire double in its own process unless MONGODB_URI is set.
 */
import { parseArgs } from 'node:util';
import { createAnalyzer, loadModels } from '@moderato/analysis';
import { provisionPublisher } from '@moderato/cli';
import { enqueueComments, queueKeyOptions, type AnalyzeCommentJob, type CommentQueue } from '@moderato/contracts';
import { silentLogger } from '@moderato/service-kit';
import { closeStorage, findDuplicateCandidates, openStorage, type Storage } from '@moderato/storage';
import { startRedis, uniqueName, withDatabase } from '@moderato/testkit';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { seededRandom } from '../../../packages/analysis/bench/comments.js';
import { median } from '../../../packages/analysis/bench/stats.js';
import { startWorker, workerConfigSchema } from '../src/main.js';
import { commentText, storedCommentDocument } from './corpus.js';
import { startMongoProcess } from './processes.js';

process.env.DOTENV_CONFIG_QUIET = 'true';
const { values } = parseArgs({
  options: {
    jobs: { type: 'string', default: '3000' },
    concurrency: { type: 'string', default: '8' },
    stored: { type: 'string', default: '10000,100000' },
    rounds: { type: 'string', default: '3' },
  },
});
const JOBS = Number(values.jobs);
const CONCURRENCY = Number(values.concurrency);
const STORED_LEVELS = values.stored.split(',').map(Number).sort((a, b) => a - b);
const ROUNDS = Number(values.rounds);
const PUBLISHER_COUNTS = [1, 8];
const WARM_UP_JOBS = 1_000;

/**
 * A stored size: its own MongoDB (a double in a process of its own, whose heap holds only this size's documents),
 * filled once, and a real worker on its own queue.
 */
interface Side {
  level: number;
  mongo: Awaited<ReturnType<typeof startMongoProcess>>;
  storage: Storage;
  queue: CommentQueue;
  worker: Awaited<ReturnType<typeof startWorker>>;
}

interface Run {
  seconds: number;
  perSecond: number;
  cpu: { self: number; mongo: number; redis: number };
  /** The real worker's duplicate lookups per MongoDB query (lookups that meet share one); none for the no-op worker. */
  lookupsPerQuery?: number;
}

const redis = await startRedis({});
const analyzer = createAnalyzer(loadModels());
const publishers = Array.from({ length: 8 }, (_, i) => `bench-publisher-${i + 1}`);
const noopQueue = commentQueue(uniqueName('bench-noop'));
const random = seededRandom(20261204);
let sequence = 0;

console.log(`worker: ${JOBS.toLocaleString('en-US')} comments per run, concurrency ${CONCURRENCY}, ${ROUNDS} rounds, Redis private`);
const noop = startNoopWorker(noopQueue.name);
const sides: Side[] = [];
try {
  for (const level of STORED_LEVELS) sides.push(await startSide(level));
  // Unmeasured: every worker's code path compiled by the JIT first, so the first measured run is not the slow one.
  const warmUp = makeJobs(PUBLISHER_COUNTS.at(-1)!, WARM_UP_JOBS);
  await drain(noopQueue, warmUp);
  for (const side of sides) await runOn(side, warmUp);
  for (const count of PUBLISHER_COUNTS) await benchPublishers(count);
} finally {
  for (const side of sides) {
    await side.worker.stop();
    await side.queue.obliterate({ force: true });
    await side.queue.close();
    await closeStorage(side.storage);
    await side.mongo.stop();
  }
  await noop.close();
  await noopQueue.obliterate({ force: true });
  await noopQueue.close();
  await redis.stop();
}

/** Rounds of no-op → each stored size on the same jobs; per round, then the medians of the paired figures. */
async function benchPublishers(count: number): Promise<void> {
  const ratios: number[][] = sides.map(() => []);
  const growths: number[][] = sides.map(() => []);
  for (let round = 1; round <= ROUNDS; round++) {
    const jobs = makeJobs(count);
    const baseline = await drain(noopQueue, jobs);
    const runs: Run[] = [];
    for (const side of sides) runs.push(await runOn(side, jobs));
    for (const [i, side] of sides.entries()) {
      const run = runs[i]!;
      ratios[i]!.push(run.perSecond / baseline.perSecond);
      growths[i]!.push(run.seconds / runs[0]!.seconds);
      const perComment = (seconds: number): string => (1000 * seconds / JOBS).toFixed(2);
      console.log(
        `publishers ${count}  round ${round}  stored ${String(side.level).padStart(6)}  no-op ${rate(baseline.perSecond)}/s ` +
        `(CPU ms/comment: process ${perComment(baseline.cpu.self)}, redis ${perComment(baseline.cpu.redis)})  worker ${rate(run.perSecond)}/s  ` +
        `ratio ${(run.perSecond / baseline.perSecond).toFixed(2)}×  ${perComment(run.seconds)} ms/comment  ` +
        `CPU ms/comment: worker ${perComment(run.cpu.self)}, double ${perComment(run.cpu.mongo)}, redis ${perComment(run.cpu.redis)}  ` +
        `stored candidates per lookup ${(await candidatesPerLookup(side.storage, jobs)).toFixed(2)}, lookups per query ${run.lookupsPerQuery?.toFixed(1)}`,
      );
      await forgetRun(side, jobs);
    }
  }
  for (const [i, side] of sides.entries()) {
    const growth = i === 0 ? '' : `  cost per comment ÷ at ${sides[0]!.level} stored ${median(growths[i]!).toFixed(2)}× (rounds ${growths[i]!.map((g) => g.toFixed(2)).join(' | ')})`;
    console.log(`publishers ${count}  stored ${String(side.level).padStart(6)}  ratio to no-op ${median(ratios[i]!).toFixed(2)}× (median of ${ROUNDS} rounds)${growth}`);
  }
}

async function startSide(level: number): Promise<Side> {
  const mongo = await startMongoProcess();
  const uri = withDatabase(mongo.uri, uniqueName(`bench_worker_${level}`));
  const storage = await openStorage(uri);
  for (const publisherId of publishers) await provisionPublisher(storage, publisherId);
  await fillStored(storage, level);
  const queue = commentQueue(uniqueName(`bench-worker-${level}`));
  const worker = await startWorker(workerConfigSchema.parse({
    MONGODB_URI: uri, REDIS_URL: redis.url, COMMENT_QUEUE: queue.name, WORKER_CONCURRENCY: String(CONCURRENCY),
    WORKER_PORT: '0', WORKER_HOST: '127.0.0.1', LOG_LEVEL: 'silent',
  }), silentLogger());
  console.log(`(stored ${level.toLocaleString('en-US')}: MongoDB ${mongo.label})`);
  return { level, mongo, storage, queue, worker };
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

/**
 * New comments spread over `count` publishers: nine in ten fresh texts, one in ten a near-copy of a stored one (of
 * the smallest size's, so that every database holds its original).
 */
function makeJobs(count: number, jobs = JOBS): AnalyzeCommentJob[] {
  return Array.from({ length: jobs }, (_, i) => {
    sequence += 1;
    const publisherId = publishers[i % count]!;
    const copyOf = random() < 0.1 ? Math.floor(random() * STORED_LEVELS[0]!) : undefined;
    const text = copyOf === undefined ? commentText(random) : `${commentText(seededRandom(copyOf))} !!`;
    return {
      version: 1, publisherId, receivedAt: new Date().toISOString(), webhookId: `msg_bench_${sequence}`,
      comment: {
        id: `new-${sequence}`, article: { id: `article-${sequence % 50}`, title: 'A bench article' }, author: { id: `reader-${sequence % 997}` },
        text, createdAt: new Date(Date.UTC(2026, 0, 1) + sequence * 1000).toISOString(),
      },
    };
  });
}

async function runOn(side: Side, jobs: AnalyzeCommentJob[]): Promise<Run> {
  const before = await lookupCounts(side);
  const run = await drain(side.queue, jobs, side.mongo);
  const after = await lookupCounts(side);
  return { ...run, lookupsPerQuery: (after.lookups - before.lookups) / Math.max(1, after.queries - before.queries) };
}

/** The worker's duplicate-lookup counters, from its /metrics. */
async function lookupCounts(side: Side): Promise<{ lookups: number; queries: number }> {
  const text = await (await fetch(`http://127.0.0.1:${side.worker.port}/metrics`)).text();
  const counter = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\d+)`, 'm').exec(text)?.[1] ?? 0);
  return { lookups: counter('moderato_worker_duplicate_lookups_total'), queries: counter('moderato_worker_duplicate_lookup_queries_total') };
}

/** Deletes a run's comments from the side's database, so that the next round sees the same stored size. */
async function forgetRun(side: Side, jobs: AnalyzeCommentJob[]): Promise<void> {
  await side.storage.models.comments.collection.deleteMany({ commentId: { $in: jobs.map((job) => job.comment.id) } });
}

/**
 * How many stored comments the worker's duplicate lookup returns for the run's comments (a sample of them, looked up
 * again once the run is over, outside the measured time).
 */
async function candidatesPerLookup(storage: Storage, jobs: AnalyzeCommentJob[], sample = 200): Promise<number> {
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
async function drain(queue: CommentQueue, jobs: AnalyzeCommentJob[], mongo?: Side['mongo']): Promise<Run> {
  const before = await queue.getCompletedCount();
  const cpu = await cpuNow(mongo);
  const startedAt = Date.now();
  for (let i = 0; i < jobs.length; i += 500) await enqueueComments(queue, jobs.slice(i, i + 500));
  while ((await queue.getCompletedCount()) < before + jobs.length) {
    if ((await queue.getFailedCount()) > 0) throw new Error(`jobs failed on ${queue.name}: ${(await queue.getFailed(0, 0))[0]?.failedReason}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const [last] = await queue.getCompleted(0, 0);
  const seconds = ((last?.finishedOn ?? Date.now()) - startedAt) / 1000;
  const after = await cpuNow(mongo);
  return { seconds, perSecond: jobs.length / seconds, cpu: { self: after.self - cpu.self, mongo: after.mongo - cpu.mongo, redis: after.redis - cpu.redis } };
}

/** Comments stored as the worker stores them (fingerprints of their texts), spread over the eight publishers. */
async function fillStored(storage: Storage, level: number): Promise<void> {
  const started = performance.now();
  for (let stored = 0; stored < level; ) {
    const batch = Array.from({ length: Math.min(1000, level - stored) }, (_, k) => {
      const index = stored + k;
      return storedCommentDocument(analyzer, publishers[index % publishers.length]!, index, commentText(seededRandom(index)));
    });
    await storage.models.comments.collection.insertMany(batch, { ordered: false });
    stored += batch.length;
  }
  console.log(`(${level.toLocaleString('en-US')} comments stored in ${((performance.now() - started) / 1000).toFixed(1)} s)`);
}

/** CPU seconds used so far by this process, the side's MongoDB double (none for the no-op worker) and Redis. */
async function cpuNow(mongo?: Side['mongo']): Promise<{ self: number; mongo: number; redis: number }> {
  const usage = process.cpuUsage();
  const client = new Redis(redis.url);
  const info = await client.info('cpu');
  client.disconnect();
  const field = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0);
  return { self: (usage.user + usage.system) / 1e6, mongo: mongo?.cpuSeconds() ?? 0, redis: field('used_cpu_sys') + field('used_cpu_user') };
}

function rate(perSecond: number): string {
  return Math.round(perSecond).toLocaleString('en-US').padStart(6);
}
