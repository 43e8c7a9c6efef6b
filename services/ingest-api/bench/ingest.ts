/**
 * `npm run bench -- ingest [--concurrency 16] [--inflight-comments 2000] [--seconds 4] [--rounds 3]
 * [--batches 1,100,500] [--memory-comments 100000] [--fair-comments-per-minute N]` (`--batches ''` skips the throughput
 * rounds and `--memory-comments 0` the memory phase; the fair share is the service's default unless given, and 0
 * turns the prioritizing of a flooding publisher off).
 *
 * Signed deliveries per second through the real ingest API (startIngestApi: signature check, validation, dedupe, rate
 * limit, one Redis round trip) and, in the same run, through a baseline of bare Express and BullMQ (baseline-app.ts),
 * for single comments and batches of 100 and 500: rates, p50/p99 latency, CPU per delivery and the ratio
 * ingest/baseline. The two sides' rounds alternate in order, so drift on the machine favours neither. Then the Redis
 * memory the ingest's own keys keep per million acknowledged comments once their jobs are gone (seen marks and stored
 * answers). Private Redis; MongoDB is the wire double unless MONGODB_URI is set. The load comes from a forked process
 * (load-client.ts) over keep-alive connections; every answer must be 202 and every comment's job must be queued.
 */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { provisionPublisher } from '@moderato/cli';
import { COMMENT_DEDUPE_SECONDS, QUEUE_NAMES, WEBHOOK_DEDUPE_SECONDS, queueKeyOptions, type CommentQueue } from '@moderato/contracts';
import { silentLogger } from '@moderato/service-kit';
import { closeStorage, openStorage, parseSecretsKey } from '@moderato/storage';
import { createTestDatabase, startMongo, startRedis, uniqueName } from '@moderato/testkit';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { median } from '../../../packages/analysis/bench/stats.js';
import { ingestConfigSchema, startIngestApi } from '../src/main.js';
import { ingestKeys } from '../src/redis/keys.js';
import { startBaseline } from './baseline-app.js';
import type { LoadResult, LoadSpec } from './load-client.js';
import { deleteMatching, globLiteral, redisCpuMs, scriptCalls, usedMemory, type DeletedKeys } from './redis-figures.js';

process.env.DOTENV_CONFIG_QUIET = 'true';
// mongodb-memory-server cannot download a mongod here; the ingest reads MongoDB only for secrets (cached), so the double serves.
if (!process.env.MONGODB_URI) process.env.MONGO_TEST_BACKEND ??= 'double';
const { values } = parseArgs({
  options: {
    concurrency: { type: 'string', default: '16' },
    'inflight-comments': { type: 'string', default: '2000' },
    seconds: { type: 'string', default: '4' },
    rounds: { type: 'string', default: '3' },
    batches: { type: 'string', default: '1,100,500' },
    'memory-comments': { type: 'string', default: '100000' },
    'fair-comments-per-minute': { type: 'string' },
  },
});
const CONCURRENCY = Number(values.concurrency);
/**
 * Clients per mode are capped so that at most this many comments are in flight: past saturation more only queue up
 * in Redis, and 16 batches of 500 at once can hold a delivery past the ingest's 1 s deadline (a 503, by design).
 */
const INFLIGHT_COMMENTS = Number(values['inflight-comments']);
const ROUND_MS = Number(values.seconds) * 1000;
const ROUNDS = Number(values.rounds);
const MEMORY_COMMENTS = Number(values['memory-comments']);
const WARMUP_MS = 1_000;
/** Bounds a round's queue in Redis (about 1 KB a job) whatever the machine's speed. */
const MAX_COMMENTS_PER_ROUND = 150_000;
/** The memory phase measures bytes, not speed: few clients, so a busy machine never holds a delivery past the 1 s deadline. */
const MEMORY_PHASE_CLIENTS = 4;
/** The memory phase must send every delivery; this only stops a hung run. */
const MEMORY_PHASE_MAX_MS = 15 * 60_000;
const MODES = values.batches.split(',').filter(Boolean).map(Number).map((batchSize) => ({
  batchSize,
  clients: clientsFor(batchSize),
  label: batchSize === 1 ? 'single comment per delivery' : `batches of ${batchSize}`,
}));

/** A round's load figures, with the CPU the server (this process) and Redis spent on it. */
interface RoundResult extends LoadResult {
  serverCpuMs: number;
  redisCpuMs: number;
  redisScriptCalls: number;
}

interface Side {
  label: string;
  url: string;
  /** The bench's own handle on the side's queue, to check and clear it between rounds. */
  queue: CommentQueue;
  stop(): Promise<void>;
}

const redis = await startRedis({});
const mongo = await startMongo();
const database = createTestDatabase(mongo, 'bench-ingest');
const secretsKey = randomBytes(32).toString('base64');
const storage = await openStorage(database.uri, { webhookSecretsKey: parseSecretsKey(secretsKey) });
const { publisherId, secret } = await provisionPublisher(storage, 'bench-publisher');
const admin = new Redis(redis.url);
const loadClient = startLoadClient();
let roundNumber = 0;

console.log(`ingest: up to ${CONCURRENCY} keep-alive clients (own process; at most ${INFLIGHT_COMMENTS.toLocaleString('en-US')} comments in flight), rounds of ≤ ${ROUND_MS / 1000} s and ≤ ${MAX_COMMENTS_PER_ROUND.toLocaleString('en-US')} comments, ` +
  `${ROUNDS} per side alternating, after a ${WARMUP_MS / 1000} s warm-up; MongoDB ${mongo.backend}, Redis private; logs silent on both sides; ` +
  `${describeFairShare(values['fair-comments-per-minute'])}`);
try {
  const sides = [await startBaselineSide(uniqueName('bench-baseline')), await startIngestSide(uniqueName('bench-ingest'))];
  try {
    for (const mode of MODES) await benchMode(sides, mode);
  } finally {
    for (const side of sides) await side.stop();
  }
  if (MEMORY_COMMENTS > 0) for (const batchSize of [1, 100]) await benchMemory(batchSize);
} finally {
  loadClient.stop();
  admin.disconnect();
  await closeStorage(storage);
  await database.drop();
  await mongo.stop();
  await redis.stop();
}

async function benchMode(sides: Side[], mode: (typeof MODES)[number]): Promise<void> {
  const maxRequests = Math.ceil(MAX_COMMENTS_PER_ROUND / mode.batchSize);
  for (const side of sides) await runRound(side, mode.batchSize, mode.clients, WARMUP_MS, maxRequests);
  const results = new Map<Side, RoundResult[]>(sides.map((side) => [side, []]));
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? sides : [...sides].reverse();
    for (const side of order) results.get(side)?.push(await runRound(side, mode.batchSize, mode.clients, ROUND_MS, maxRequests));
  }
  console.log(`\n${mode.label}, ${mode.clients} clients`);
  const [baseline, ingest] = sides.map((side) => printSide(side, results.get(side) ?? []));
  // Each round's pair ran back to back, so its ratio is the one least moved by drift on a shared machine.
  const [baseRounds, ingestRounds] = sides.map((side) => (results.get(side) ?? []).map((r) => r.requests / r.seconds));
  const pairs = (ingestRounds ?? []).map((perSecond, round) => perSecond / (baseRounds?.[round] ?? 1));
  console.log(`  ratio ingest/baseline ${((ingest ?? 0) / (baseline ?? 1)).toFixed(2)}× over all rounds; per round ${pairs.map((r) => `${r.toFixed(2)}×`).join(' | ')}, ` +
    `median ${median(pairs).toFixed(2)}× (target ≥ 0.80)`);
}

/** Prints a side's figures over all its rounds; answers its deliveries per second. */
function printSide(side: Side, results: RoundResult[]): number {
  const summary = summarize(results);
  const rounds = summary.roundRates.map((r) => Math.round(r).toLocaleString('en-US')).join(' | ');
  console.log(`  ${side.label.padEnd(40)} ${rate(summary.requestsPerSecond)} deliveries/s ${rate(summary.commentsPerSecond)} comments/s   ` +
    `p50 ${latency(summary.p50)}  p99 ${latency(summary.p99)}   rounds: ${rounds} deliveries/s`);
  console.log(`  ${''.padEnd(40)} CPU ms per delivery: server ${summary.cpu.server.toFixed(2)}, Redis ${summary.cpu.redis.toFixed(2)}, load client ${summary.cpu.client.toFixed(2)}; ` +
    `Redis script calls per delivery ${summary.cpu.redisScriptCalls.toFixed(2)}`);
  return summary.requestsPerSecond;
}

/**
 * Redis memory the ingest keeps per acknowledged comment once the jobs are gone: a fresh queue, `MEMORY_COMMENTS`
 * distinct comments through the real route, their jobs removed (obliterated: what the worker's removeOnComplete does
 * to them later), then what remains, and what deleting the stored answers and then the seen marks frees. On a busy
 * machine a delivery may pass the 1 s deadline (503, the sender would retry): figures are per comment marked seen,
 * which is every comment whose job was added (job and mark are written together).
 */
async function benchMemory(batchSize: number): Promise<void> {
  // The production queue's name, so key lengths (and so bytes per key) are those of a real deployment; the Redis is private.
  const name = QUEUE_NAMES.comments;
  const side = await startIngestSide(name);
  try {
    const deliveries = Math.ceil(MEMORY_COMMENTS / batchSize);
    const before = await usedMemory(admin);
    const spec: LoadSpec = { url: side.url, publisherId, secret, batchSize, concurrency: MEMORY_PHASE_CLIENTS, maxRequests: deliveries, maxMs: MEMORY_PHASE_MAX_MS, idPrefix: `m${batchSize}` };
    const load = await loadClient.run(spec);
    const refused = Object.keys(load.statuses).filter((status) => status !== '202' && status !== '503');
    if (refused.length > 0 || load.requests !== deliveries) throw new Error(`memory phase: ${load.requests} of ${deliveries} deliveries sent, answers ${JSON.stringify(load.statuses)}`);
    const marked = await side.queue.count();
    if (marked < load.accepted) throw new Error(`memory phase: ${load.accepted} comments acknowledged, only ${marked} jobs in the queue`);
    await side.queue.obliterate({ force: true });
    const grown = (await usedMemory(admin)) - before;
    const answers = await deleteMatching(admin, ingestKeys.answerBucket(globLiteral(name), '*'));
    const seen = await deleteMatching(admin, ingestKeys.seenBucket(globLiteral(name), '*'));
    printMemory(batchSize, { marked, answered: Math.ceil(marked / batchSize), load }, grown, answers, seen);
  } finally {
    await side.stop();
  }
}

function printMemory(batchSize: number, counts: { marked: number; answered: number; load: LoadResult }, grown: number, answers: DeletedKeys, seen: DeletedKeys): void {
  const perComment = (bytes: number) => bytes / counts.marked;
  const each = (keys: DeletedKeys, perKey: number) =>
    `${keys.keys.toLocaleString('en-US')} bucket key(s), ${(keys.freedBytes / perKey).toFixed(0)} B each of ${perKey.toLocaleString('en-US')} freed on delete`;
  console.log(`\nRedis memory after ${counts.marked.toLocaleString('en-US')} comments acknowledged in deliveries of ${batchSize} (answers ${JSON.stringify(counts.load.statuses)}), jobs removed:`);
  console.log(`  used_memory growth that outlives the jobs   ${(grown / 1e6).toFixed(1)} MB → ${perComment(grown).toFixed(0)} MB per million acknowledged comments (target ≤ 200)`);
  console.log(`  stored answers (${days(WEBHOOK_DEDUPE_SECONDS)})   ${each(answers, counts.answered)} → ${perComment(answers.freedBytes).toFixed(0)} MB per million comments`);
  console.log(`  seen marks (${days(COMMENT_DEDUPE_SECONDS)})       ${each(seen, counts.marked)} → ${perComment(seen.freedBytes).toFixed(0)} MB per million comments`);
}

/**
 * One bounded round against a side; fails the bench unless every answer was 202, every comment was acknowledged as
 * queued and its job is in the queue. Then clears the queue, so each round starts from the same Redis.
 */
async function runRound(side: Side, batchSize: number, clients: number, maxMs: number, maxRequests: number): Promise<RoundResult> {
  roundNumber += 1;
  const spec: LoadSpec = { url: side.url, publisherId, secret, batchSize, concurrency: clients, maxRequests, maxMs, idPrefix: `r${roundNumber}` };
  const [serverCpu, redisCpu, redisScriptCalls] = [process.cpuUsage(), await redisCpuMs(admin), await scriptCalls(admin)];
  const load = await loadClient.run(spec);
  const { user, system } = process.cpuUsage(serverCpu);
  const result: RoundResult = { ...load, serverCpuMs: (user + system) / 1000, redisCpuMs: (await redisCpuMs(admin)) - redisCpu,
    redisScriptCalls: (await scriptCalls(admin)) - redisScriptCalls };
  const refused = Object.entries(result.statuses).filter(([status]) => status !== '202');
  if (refused.length > 0) throw new Error(`${side.label}: answers other than 202: ${JSON.stringify(result.statuses)}`);
  const queued = await side.queue.count();
  if (result.accepted !== result.comments || queued !== result.comments) {
    throw new Error(`${side.label}: ${result.comments} comments sent, ${result.accepted} acknowledged as queued, ${queued} jobs in the queue`);
  }
  await side.queue.obliterate({ force: true });
  return result;
}

async function startIngestSide(queueName: string): Promise<Side> {
  const config = ingestConfigSchema.parse({
    MONGODB_URI: database.uri, REDIS_URL: redis.url, INGEST_PORT: '0', INGEST_HOST: '127.0.0.1', COMMENT_QUEUE: queueName,
    // The schema's ceiling: the bench measures throughput, not 429s (runRound refuses any answer but 202).
    WEBHOOK_SECRETS_KEY: secretsKey, INGEST_REQUESTS_PER_MINUTE: '1000000', LOG_LEVEL: 'silent',
    ...(values['fair-comments-per-minute'] === undefined ? {} : { INGEST_FAIR_COMMENTS_PER_MINUTE: values['fair-comments-per-minute'] }),
  });
  const service = await startIngestApi(config, silentLogger());
  const queue = benchQueue(queueName);
  return {
    label: 'ingest (verify, validate, dedupe, limit)',
    url: `http://127.0.0.1:${service.port}`,
    queue,
    stop: async () => {
      await service.stop();
      await queue.close();
    },
  };
}

async function startBaselineSide(queueName: string): Promise<Side> {
  const server = await startBaseline(redis.url, queueName);
  const queue = benchQueue(queueName);
  return {
    label: 'baseline (Express + queue.add/addBulk)',
    url: server.url,
    queue,
    stop: async () => {
      await server.stop();
      await queue.close();
    },
  };
}

function describeFairShare(fairShare: string | undefined): string {
  if (fairShare === '0') return 'ingest fair-share prioritizing off';
  return `ingest fair share ${fairShare ?? 'default'} comments/min (the bench's one publisher exceeds it, so most of its jobs are prioritized)`;
}

function clientsFor(batchSize: number): number {
  return Math.max(2, Math.min(CONCURRENCY, Math.floor(INFLIGHT_COMMENTS / batchSize)));
}

function benchQueue(name: string): CommentQueue {
  return new Queue(name, { connection: admin, ...queueKeyOptions(name) });
}

/** The forked load generator: one round at a time. */
function startLoadClient(): { run(spec: LoadSpec): Promise<LoadResult>; stop(): void } {
  const child = fork(fileURLToPath(new URL('./load-client.ts', import.meta.url)), [], { execArgv: ['--conditions=source', '--import', 'tsx'] });
  return {
    run: (spec) =>
      new Promise((resolve, reject) => {
        const exited = (code: number | null) => reject(new Error(`the load client exited with ${code}`));
        child.once('exit', exited);
        child.once('message', (reply: { result?: LoadResult; error?: string }) => {
          child.off('exit', exited);
          if (reply.result) resolve(reply.result);
          else reject(new Error(`the load client failed: ${reply.error}`));
        });
        child.send(spec);
      }),
    stop: () => child.disconnect(),
  };
}

function summarize(results: RoundResult[]) {
  const requests = results.reduce((sum, r) => sum + r.requests, 0);
  const comments = results.reduce((sum, r) => sum + r.comments, 0);
  const seconds = results.reduce((sum, r) => sum + r.seconds, 0);
  const latencies = results.flatMap((r) => r.latenciesMs).sort((a, b) => a - b);
  const quantile = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return {
    requestsPerSecond: requests / seconds,
    commentsPerSecond: comments / seconds,
    p50: quantile(0.5),
    p99: quantile(0.99),
    roundRates: results.map((r) => r.requests / r.seconds),
    cpu: {
      server: results.reduce((sum, r) => sum + r.serverCpuMs, 0) / requests,
      redis: results.reduce((sum, r) => sum + r.redisCpuMs, 0) / requests,
      redisScriptCalls: results.reduce((sum, r) => sum + r.redisScriptCalls, 0) / requests,
      client: results.reduce((sum, r) => sum + r.cpuMs, 0) / requests,
    },
  };
}

function days(seconds: number): string {
  return `kept ${seconds / 86_400} days`;
}

function rate(perSecond: number): string {
  return Math.round(perSecond).toLocaleString('en-US').padStart(8);
}

function latency(ms: number): string {
  return `${ms.toFixed(1).padStart(6)} ms`;
}
