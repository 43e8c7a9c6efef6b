/**
 * One mode of the fairness bench (see fairness.ts), in a process of its own so that neither mode runs warmer than the
 * other: its own Redis and MongoDB double, a warm-up flood that is not counted, then the measured flood. Prints its
 * figures as one JSON line on stdout.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { queueKeyOptions, type CommentQueue } from '@moderato/contracts';
import { silentLogger, type RunningService } from '@moderato/service-kit';
import { closeStorage, openStorage, parseSecretsKey, type Storage } from '@moderato/storage';
import { startRedis, uniqueName, withDatabase, type RedisHandle } from '@moderato/testkit';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { startWorker, workerConfigSchema } from '../src/main.js';
import { startIngestProcess, startMongoProcess, type ChildService } from './processes.js';
import { flood, provision, sendQuietly, sleep, type Publisher, type Queued } from './publishers.js';

export interface Figures {
  /** `unstored`: quiet comments not stored within `drainLimitSeconds` of the flood's end. */
  quiet: { count: number; p50: number; p99: number; max: number; unstored: number; drainLimitSeconds: number };
  loudSent: number;
  loudPerSecond: number;
  /** Loud comments still unstored when the flood ended: more than 0 shows it was more than the worker drained. */
  loudBacklog: number;
  /** CPU seconds each process used during the flood. */
  cpu: Cpu;
}

/** This process (the worker and the senders), the ingest API's, the MongoDB double's and Redis's. */
type Cpu = Record<'worker' | 'ingest' | 'mongo' | 'redis', number>;

/** How long quiet comments may take to be stored before they are reported as not stored. */
const DRAIN_LIMIT_MS = 300_000;
const BATCH = 500;
const QUIET_PUBLISHERS = 7;
const WARM_UP_SECONDS = 10;
const SECRETS_KEY = randomBytes(32).toString('base64');

/** A fresh queue and database with the ingest API and the worker on them, and the publishers provisioned. */
interface Stack {
  queue: CommentQueue;
  storage: Storage;
  ingest: ChildService & { url: string };
  worker: RunningService;
  loud: Publisher;
  quiet: Publisher[];
}

interface Flood {
  started: number;
  endsAt: number;
  loud: Queued[];
  quiet: Queued[];
  cpu: Cpu;
}

process.env.DOTENV_CONFIG_QUIET = 'true';
const { values } = parseArgs({
  options: {
    mode: { type: 'string', default: 'on' }, seconds: { type: 'string', default: '20' }, 'loud-rate': { type: 'string', default: '1000' },
    concurrency: { type: 'string' }, 'fair-share': { type: 'string' },
  },
});
const SECONDS = Number(values.seconds);
const LOUD_RATE = Number(values['loud-rate']);
const fairShare = values.mode === 'off' ? '0' : values['fair-share'];
const ingestEnv: Record<string, string> = fairShare === undefined ? {} : { INGEST_FAIR_COMMENTS_PER_MINUTE: fairShare };

const redis = await startRedis({});
const mongo = await startMongoProcess();
const commands = new Redis(redis.url);
try {
  await withStack(async (stack) => {
    await floodFor(stack, WARM_UP_SECONDS);
  });
  const figures = await withStack((stack) => measure(stack, SECONDS));
  process.stdout.write(`${JSON.stringify(figures)}\n`);
} finally {
  commands.disconnect();
  await mongo.stop();
  await redis.stop();
}

async function withStack<T>(work: (stack: Stack) => Promise<T>): Promise<T> {
  const stack = await startStack(redis, mongo.uri);
  try {
    return await work(stack);
  } finally {
    await stack.worker.stop();
    await stack.ingest.stop();
    await stack.queue.obliterate({ force: true });
    await stack.queue.close();
    await stack.storage.connection.dropDatabase();
    await closeStorage(stack.storage);
  }
}

async function startStack(redisHandle: RedisHandle, mongoUri: string): Promise<Stack> {
  const database = withDatabase(mongoUri, uniqueName('bench_fairness'));
  const storage = await openStorage(database, { webhookSecretsKey: parseSecretsKey(SECRETS_KEY) });
  const [loud, ...quiet] = await provision(storage, QUIET_PUBLISHERS);
  const queueName = uniqueName('bench-fairness');
  const queue: CommentQueue = new Queue(queueName, { connection: { url: redisHandle.url }, ...queueKeyOptions(queueName) });
  const ingest = await startIngestProcess({
    MONGODB_URI: database, REDIS_URL: redisHandle.url, COMMENT_QUEUE: queueName, WEBHOOK_SECRETS_KEY: SECRETS_KEY, LOG_LEVEL: 'warn', ...ingestEnv,
  });
  const worker = await startWorker(workerConfigSchema.parse({
    MONGODB_URI: database, REDIS_URL: redisHandle.url, COMMENT_QUEUE: queueName, ...(values.concurrency !== undefined && { WORKER_CONCURRENCY: values.concurrency }),
    WORKER_PORT: '0', WORKER_HOST: '127.0.0.1', LOG_LEVEL: 'silent',
  }), silentLogger());
  return { queue, storage, ingest, worker, loud: loud!, quiet };
}

/** The loud publisher floods while the quiet ones send, for `seconds`; answers what was queued. */
async function floodFor(stack: Stack, seconds: number): Promise<Flood> {
  const cpuBefore = await cpuNow(stack.ingest);
  const started = Date.now();
  const endsAt = started + seconds * 1000;
  const [loud, ...quiet] = await Promise.all([
    flood(stack.ingest.url, stack.loud, { batch: BATCH, perSecond: LOUD_RATE, started, endsAt }),
    ...stack.quiet.map((publisher) => sendQuietly(stack.ingest.url, publisher, endsAt)),
  ]);
  const cpuAfter = await cpuNow(stack.ingest);
  const cpu = Object.fromEntries(Object.entries(cpuAfter).map(([name, used]) => [name, used - cpuBefore[name as keyof Cpu]])) as Cpu;
  return { started, endsAt, loud: loud ?? [], quiet: quiet.flat(), cpu };
}

/** A flood, then waits until every quiet comment is stored (or DRAIN_LIMIT_MS passes) and reads the figures. */
async function measure(stack: Stack, seconds: number): Promise<Figures> {
  const sent = await floodFor(stack, seconds);
  await waitUntilFinished(stack.queue, sent.quiet, Date.now() + DRAIN_LIMIT_MS);
  const failed = await stack.queue.getFailedCount();
  if (failed > 0) throw new Error(`${failed} jobs failed: ${(await stack.queue.getFailed(0, 0))[0]?.failedReason}`);
  const loudStored = await finishedBetween(stack.queue, sent.loud, sent.started, sent.endsAt);
  const loudBacklog = sent.loud.filter((job) => job.acceptedAt <= sent.endsAt).length - loudStored;
  return { quiet: await latencies(stack.queue, sent.quiet), loudSent: sent.loud.length, loudPerSecond: loudStored / seconds, loudBacklog, cpu: sent.cpu };
}

async function waitUntilFinished(queue: CommentQueue, jobs: Queued[], deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    const times = await finishedTimes(queue, jobs);
    if (times.every((time) => time !== undefined)) return;
    await sleep(200);
  }
}

/** From each delivery's 202 to its comment's job finishing, in ms; jobs not finished count as not stored. */
async function latencies(queue: CommentQueue, jobs: Queued[]): Promise<Figures['quiet']> {
  const times = await finishedTimes(queue, jobs);
  const sorted = jobs.flatMap((job, i) => {
    const finishedOn = times[i];
    return finishedOn === undefined ? [] : [finishedOn - job.acceptedAt];
  }).sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
  const unstored = jobs.length - sorted.length;
  return { count: jobs.length, p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? Number.NaN, unstored, drainLimitSeconds: DRAIN_LIMIT_MS / 1000 };
}

async function finishedBetween(queue: CommentQueue, jobs: Queued[], from: number, to: number): Promise<number> {
  const times = await finishedTimes(queue, jobs);
  return times.filter((time) => time !== undefined && time >= from && time <= to).length;
}

/** BullMQ's finishedOn of each job (undefined while it has not finished), read in pipelines of 1,000. */
async function finishedTimes(queue: CommentQueue, jobs: Queued[]): Promise<Array<number | undefined>> {
  const times: Array<number | undefined> = [];
  for (let i = 0; i < jobs.length; i += 1000) {
    const pipeline = commands.pipeline();
    for (const job of jobs.slice(i, i + 1000)) pipeline.hget(queue.toKey(job.jobId), 'finishedOn');
    const replies = (await pipeline.exec()) ?? [];
    times.push(...replies.map(([error, value]) => (error || !value ? undefined : Number(value))));
  }
  return times;
}

async function cpuNow(ingest: ChildService): Promise<Cpu> {
  const usage = process.cpuUsage();
  const info = await commands.info('cpu');
  const field = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0);
  return { worker: (usage.user + usage.system) / 1e6, ingest: ingest.cpuSeconds(), mongo: mongo.cpuSeconds(), redis: field('used_cpu_sys') + field('used_cpu_user') };
}
