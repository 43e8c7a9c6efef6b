import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { issueApiKey, provisionPublisher } from '@moderato/cli';
import { queueKeyOptions, type CommentQueue } from '@moderato/contracts';
import { ingestConfigSchema, startIngestApi } from '@moderato/ingest-api';
import { moderationConfigSchema, startModerationApi } from '@moderato/moderation-api';
import { silentLogger } from '@moderato/service-kit';
import { closeStorage, openStorage, type Storage } from '@moderato/storage';
import { freePort, startRedis, uniqueName, withDatabase } from '@moderato/testkit';
import { signedHeaders } from '@moderato/webhooks';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { buildComment } from '../support/fixtures.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const NODE_TS = ['--conditions=source', '--import', 'tsx'];

export interface ChaosSize {
  /** Comments the load client gets acknowledged at least (it keeps sending until every fault is over). */
  comments: number;
  publishers: number;
  /** The worker's WORKER_CONCURRENCY: how many jobs each kill catches active. */
  concurrency: number;
}

export interface ChaosOptions extends ChaosSize {
  /** Comments sent before the first worker starts, so that it has a backlog and runs every slot when it is killed. */
  burst: number;
  /** Comments a second the load client sends after the burst, without waiting for answers (as independent publishers do). */
  ratePerSecond: number;
  batchSize: number;
  /** The worker's WORKER_MAX_STALLED_COUNT; its production default when left out. */
  maxStalledCount?: number;
  /** The worker's RECONCILE_INTERVAL_MS and RECONCILE_AFTER_MS. */
  reconcileIntervalMs: number;
  reconcileAfterMs: number;
  /** How long Redis stays down after its crash, and how long MongoDB is stalled. */
  redisDownMs: number;
  mongoStallMs: number;
  /** Bound on the wait, after the load, for every acknowledged comment to be stored and the queue to settle. */
  drainTimeoutMs: number;
  /** Progress lines (the bigger run prints them); none by default. */
  log?: (line: string) => void;
}

export interface ChaosFigures {
  publishers: number;
  concurrency: number;
  maxStalledCount: number | 'default';
  sent: number;
  acknowledged: number;
  /** Deliveries the load client sent again (same webhook-id) after a 503, a network error or no answer in time. */
  clientRetries: number;
  /** Longest time from a delivery's first POST to its 202 (outages hold deliveries up, or make them be sent again). */
  slowestDeliveryMs: number;
  /** Jobs active at the first SIGKILL, and those of them active again at the second. */
  activeAtFirstKill: number;
  killedTwice: number;
  /** 'stalled' events: a job found abandoned by a dead worker and taken again (or failed, past the limit). */
  stalls: number;
  failedForStalling: number;
  requeuedByReconciler: number;
  givenUpByReconciler: number;
  redisDownMs: number;
  mongoStalledMs: number;
  /** From the end of the last fault until every acknowledged comment was stored; null if that never happened. */
  drainMs: number | null;
  /** From the end of the last fault until the queue held nothing waiting, active, delayed or failed; null if never. */
  settleMs: number | null;
  /** Longest time from a comment's 202 at the client to its analysis being stored (analyzedAt, read through the API). */
  maxAckToStoredMs: number;
  totalMs: number;
}

export interface ChaosReport {
  figures: ChaosFigures;
  /** Comments sent but never acknowledged (the client gave up at its deadline). */
  unacknowledged: string[];
  /** Deliveries answered otherwise than 202 with every comment "queued" or a retryable failure. */
  unexpectedAnswers: string[];
  /** Acknowledged comments that GET /v1/comments/:id did not return (publisher/comment: status). */
  lost: string[];
  /** (publisher, comment) pairs stored more than once, counted directly in MongoDB. */
  storedTwice: string[];
  /** Stored comments that no delivery sent. */
  storedUnsent: string[];
  /** GET /v1/admin/failed of every publisher, after the drain. */
  failedJobs: Array<{ publisherId: string; jobId: string; commentId: string | null; failedReason: string }>;
  /** Error lines the workers logged (the first few), for diagnosis. */
  workerErrors: string[];
}

interface Publisher {
  publisherId: string;
  secret: string;
  adminKey: string;
}

interface Delivery {
  publisher: Publisher;
  webhookId: string;
  raw: string;
}

/** Words for comment texts: each comment's text is its own, so duplicate detection does not turn the run quadratic. */
const WORDS = ('ceasefire talks hope mediators trust verify mechanism delegates border sanctions markets families refugees '
  + 'winter aid corridor monitors leaders promise history patience neighbours harvest schools bridges rebuild courage '
  + 'doubt progress timeline sceptical cautious optimistic transparent inspectors guarantee').split(' ');

function commentText(): string {
  const count = 12 + Math.floor(Math.random() * 10);
  return Array.from({ length: count }, () => WORDS[Math.floor(Math.random() * WORDS.length)]).join(' ') + ` (${randomBytes(3).toString('hex')})`;
}

const pairKey = (publisherId: string, commentId: string): string => `${publisherId}/${commentId}`;

/**
 * The whole pipeline under faults: a private Redis with an AOF (appendfsync always), the MongoDB double in its own
 * process, the ingest and moderation APIs in this one and the worker as a child process. While a load client posts
 * signed batches for several publishers, the worker is SIGKILLed with jobs active, started, SIGKILLed again once the
 * same jobs are active again and started for good; Redis is crashed and restarted on its AOF; MongoDB is stalled
 * (SIGSTOP, then SIGCONT). Then every acknowledged comment is looked up through the public APIs.
 *
 * appendfsync always: the ingest answers 202 only after its delivery script returned, and with `always` Redis writes and fsyncs
 * the AOF before it replies, so a crash (even of the machine) cannot lose an acknowledged comment's job. With
 * `everysec` the last second of writes may be lost in a crash, so a loss seen here would prove nothing about the code.
 */
export async function runChaosScenario(options: ChaosOptions): Promise<ChaosReport> {
  const log = options.log ?? (() => {});
  const started = Date.now();
  const cleanup: Array<() => Promise<void> | void> = [];
  let mongo: Awaited<ReturnType<typeof startMongoProcess>> | undefined;
  try {
    const dataDir = mkdtempSync(join(tmpdir(), 'moderato-chaos-'));
    cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const redis = await startRedis({}, { appendOnly: { dir: dataDir, fsync: 'always' } });
    cleanup.push(() => redis.stop());
    mongo = await startMongoProcess();
    cleanup.push(() => mongo?.stop());
    const mongoUri = withDatabase(mongo.uri, uniqueName('chaos'));
    const queueName = uniqueName('chaos');
    const env = { MONGODB_URI: mongoUri, REDIS_URL: redis.url, COMMENT_QUEUE: queueName, LOG_LEVEL: 'silent' };

    const webhookSecretsKey = randomBytes(32);
    const storage = await openStorage(mongoUri, { webhookSecretsKey });
    cleanup.push(() => closeStorage(storage));
    const publishers: Publisher[] = [];
    for (let i = 1; i <= options.publishers; i++) {
      const { publisherId, secret } = await provisionPublisher(storage, `chaos-gazette-${i}`, `Chaos Gazette ${i}`);
      const { key } = await issueApiKey(storage, publisherId, 'admin');
      publishers.push({ publisherId, secret, adminKey: key });
    }
    const logger = silentLogger();
    // A short secret cache, so that deliveries read MongoDB during its stall too; no rate limit in the way of retries.
    const ingest = await startIngestApi(ingestConfigSchema.parse({
      ...env, WEBHOOK_SECRETS_KEY: webhookSecretsKey.toString('base64'), INGEST_PORT: '0', INGEST_HOST: '127.0.0.1',
      SECRET_CACHE_SECONDS: '1', INGEST_REQUESTS_PER_MINUTE: '1000000',
    }), logger);
    cleanup.push(() => ingest.stop());
    const moderation = await startModerationApi(moderationConfigSchema.parse({
      ...env, ENDPOINT_SECRETS_KEY: randomBytes(32).toString('base64'), MODERATION_PORT: '0', MODERATION_HOST: '127.0.0.1',
    }), logger);
    cleanup.push(() => moderation.stop());

    const observer = new Redis(redis.url, { maxRetriesPerRequest: null });
    observer.on('error', () => {});
    cleanup.push(() => observer.disconnect());
    const queue: CommentQueue = new Queue(queueName, { connection: { url: redis.url }, ...queueKeyOptions(queueName) });
    queue.on('error', () => {});
    cleanup.push(() => queue.close());
    const events = new QueueEvents(queueName, { connection: { url: redis.url }, ...queueKeyOptions(queueName) });
    events.on('error', () => {});
    cleanup.push(() => events.close());
    let stalls = 0;
    let failedForStalling = 0;
    events.on('stalled', () => stalls++);
    events.on('failed', ({ failedReason }) => {
      if (/stalled more than allowable limit/.test(failedReason)) failedForStalling++;
    });
    await events.waitUntilReady();

    const workers = new WorkerProcesses({ ...env, WORKER_CONCURRENCY: String(options.concurrency), options });
    cleanup.push(() => workers.killAll());
    const activeJobs = async (): Promise<string[]> => observer.lrange(queue.toKey('active'), 0, -1);
    // BullMQ counts a job's started attempts in its hash ('ats'), once each time a worker takes it.
    const attemptsStarted = async (ids: string[]): Promise<number[]> => {
      const pipeline = observer.pipeline();
      for (const id of ids) pipeline.hget(queue.toKey(id), 'ats');
      return ((await pipeline.exec()) ?? []).map(([, value]) => Number(value ?? 0));
    };

    const deadline = started + 10 * 60_000;
    const load = new LoadClient(`http://127.0.0.1:${ingest.port}`, publishers, options.batchSize, deadline);
    cleanup.push(() => load.stop());

    // The backlog, then the first worker: it runs every slot on it.
    await load.burst(options.burst);
    log(`burst of ${load.sent} comments acknowledged (${load.acked.size})`);
    const paced = load.pace(options.ratePerSecond, options.comments);
    await workers.start();
    await waitFor(async () => ((await activeJobs()).length >= options.concurrency ? true : undefined), 'the first worker to run every slot', 60_000);
    await workers.kill();
    // What is in the active list once the worker is dead is exactly what it held when it died.
    const activeAtFirstKill = await activeJobs();
    log(`worker SIGKILLed with ${activeAtFirstKill.length} jobs active`);

    // The same jobs again: once their locks run out the next worker's stall check puts them at the head of the queue.
    // They stay in the active list, abandoned, until then; a job is taken again when its count of started attempts grows.
    const startsAtFirstKill = await attemptsStarted(activeAtFirstKill);
    const retaken = async (): Promise<{ active: string[]; all: boolean }> => {
      const [active, starts] = await Promise.all([activeJobs(), attemptsStarted(activeAtFirstKill)]);
      const again = activeAtFirstKill.map((_, i) => starts[i]! > startsAtFirstKill[i]!);
      return { active: activeAtFirstKill.filter((id, i) => again[i] && active.includes(id)), all: again.every(Boolean) };
    };
    await workers.start();
    // Killed once half of them run again, or once all were taken again if they finish too fast for that.
    const half = Math.ceil(activeAtFirstKill.length / 2);
    await waitFor(async () => {
      const { active, all } = await retaken();
      return active.length >= half || (all && active.length > 0) ? true : undefined;
    }, 'the first kill\'s jobs to be active again', 60_000);
    await workers.kill();
    const activeAtSecondKill = await activeJobs();
    const killedTwice = (await retaken()).active;
    log(`worker SIGKILLed again with ${activeAtSecondKill.length} jobs active, ${killedTwice.length} of them active at the first kill too`);
    if (killedTwice.length === 0) throw new Error('the second SIGKILL caught none of the first one\'s jobs active: the fault was not injected');

    await workers.start();
    await workers.ready();
    await sleep(1_000);

    const redisDown = Date.now();
    await redis.kill();
    await sleep(options.redisDownMs);
    await redis.restart();
    const redisDownMs = Date.now() - redisDown;
    log(`Redis crashed and restarted on its AOF after ${redisDownMs} ms`);
    const ackedBefore = load.acked.size;
    await waitFor(async () => (load.acked.size > ackedBefore ? true : undefined), 'the ingest to acknowledge again after the Redis restart', 60_000);
    await sleep(1_000);

    const stalledAt = Date.now();
    mongo.stall();
    await sleep(options.mongoStallMs);
    mongo.resume();
    const faultsOver = Date.now();
    const mongoStalledMs = faultsOver - stalledAt;
    log(`MongoDB stalled for ${mongoStalledMs} ms`);

    load.faultsOver();
    await paced;
    log(`load over: ${load.acked.size} of ${load.sent} comments acknowledged, ${load.retries} deliveries retried`);

    const drained = await waitFor(async () => ((await unstored(storage, load.acked)) === 0 ? Date.now() : undefined), 'every acknowledged comment to be stored', options.drainTimeoutMs, 250).catch(() => null);
    const settled = await waitFor(async () => (await queueSettled(queue) ? Date.now() : undefined), 'the queue to settle', drained === null ? 1 : options.drainTimeoutMs, 100).catch(() => null);
    log(`drained ${drained === null ? 'never' : `${drained - faultsOver} ms`} after the last fault, settled ${settled === null ? 'never' : `${settled - faultsOver} ms`} after it`);

    const lookups = await lookUpAcknowledged(`http://127.0.0.1:${moderation.port}`, publishers, load.acked);
    const failedJobs = await listFailed(`http://127.0.0.1:${moderation.port}`, publishers);
    const { storedTwice, storedUnsent } = await countStored(storage, load.sentIds);
    const reconciler = workers.reconcilerCounts();
    return {
      figures: {
        publishers: options.publishers,
        concurrency: options.concurrency,
        maxStalledCount: options.maxStalledCount ?? 'default',
        sent: load.sent,
        acknowledged: load.acked.size,
        clientRetries: load.retries,
        slowestDeliveryMs: load.slowestMs,
        activeAtFirstKill: activeAtFirstKill.length,
        killedTwice: killedTwice.length,
        stalls,
        failedForStalling,
        requeuedByReconciler: reconciler.requeued,
        givenUpByReconciler: reconciler.givenUp,
        redisDownMs,
        mongoStalledMs,
        drainMs: drained === null ? null : drained - faultsOver,
        settleMs: settled === null ? null : settled - faultsOver,
        maxAckToStoredMs: lookups.maxAckToStoredMs,
        totalMs: Date.now() - started,
      },
      unacknowledged: [...load.sentIds].filter((key) => !load.acked.has(key)),
      unexpectedAnswers: load.unexpected,
      lost: lookups.lost,
      storedTwice,
      storedUnsent,
      failedJobs,
      workerErrors: workers.errors.slice(0, 20),
    };
  } finally {
    // A stalled MongoDB would hang every client's close; each step is bounded so that the processes are always killed.
    mongo?.resume();
    for (const step of cleanup.reverse()) {
      await Promise.race([Promise.resolve().then(step), sleep(15_000)]).catch(() => {
        // Cleanup goes on: every process started must be stopped even if one step fails.
      });
    }
  }
}

/** Polls `check` every `everyMs` until it returns a value; rejects after `timeoutMs`. */
async function waitFor<T>(check: () => Promise<T | undefined>, what: string, timeoutMs: number, everyMs = 5): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** Node running a TypeScript entry point of this repository, killed with this process if it is left behind. */
function spawnNode(entry: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, [...NODE_TS, entry, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const killOnExit = (): void => void child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.removeListener('exit', killOnExit));
  return child;
}

async function killChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  // A stopped process dies of SIGKILL too; SIGCONT first only so that nothing is left stopped if the kill is refused.
  child.kill('SIGCONT');
  child.kill('SIGKILL');
  await exited;
}

/** The MongoDB double as its own process, so that SIGSTOP stalls it as a hung mongod: connections open, no answers. */
async function startMongoProcess(): Promise<{ uri: string; stall(): void; resume(): void; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawnNode('packages/mongo-double/src/bin.ts', ['--port', String(port), '--host', '127.0.0.1'], process.env);
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const uri = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((text) => text.startsWith('mongodb://'));
      if (line) resolve(line.trim());
    });
    child.once('exit', (code) => reject(new Error(`the MongoDB double exited with code ${code}: ${output}`)));
  });
  return {
    uri,
    stall: () => void child.kill('SIGSTOP'),
    resume: () => void child.kill('SIGCONT'),
    stop: () => killChild(child),
  };
}

/** The worker as child processes, one at a time: started, SIGKILLed, started again; their logs read for the reconciler's work. */
class WorkerProcesses {
  private current: ChildProcess | undefined;
  private port = 0;
  private readonly all: ChildProcess[] = [];
  private readonly lines: Array<{ msg?: string; level?: number }> = [];
  readonly errors: string[] = [];

  constructor(private readonly config: { MONGODB_URI: string; REDIS_URL: string; COMMENT_QUEUE: string; WORKER_CONCURRENCY: string; options: ChaosOptions }) {}

  async start(): Promise<void> {
    const { options, ...env } = this.config;
    // A fresh port each time, so that readiness is never answered by a previous worker's socket.
    this.port = await freePort();
    const workerEnv: NodeJS.ProcessEnv = {
      ...process.env,
      ...env,
      WORKER_PORT: String(this.port),
      WORKER_HOST: '127.0.0.1',
      // Dead workers' jobs found within seconds instead of BullMQ's 30 s to a minute.
      WORKER_LOCK_DURATION_MS: '4000',
      WORKER_STALLED_INTERVAL_MS: '1000',
      RECONCILE_INTERVAL_MS: String(options.reconcileIntervalMs),
      RECONCILE_AFTER_MS: String(options.reconcileAfterMs),
      // warn: the reconciler's re-queues and give-ups, and failed attempts.
      LOG_LEVEL: 'warn',
    };
    if (options.maxStalledCount === undefined) delete workerEnv.WORKER_MAX_STALLED_COUNT;
    else workerEnv.WORKER_MAX_STALLED_COUNT = String(options.maxStalledCount);
    const child = spawnNode('services/worker/src/main.ts', [], workerEnv);
    this.current = child;
    this.all.push(child);
    let pending = '';
    const read = (chunk: Buffer): void => {
      pending += chunk.toString();
      const complete = pending.split('\n');
      pending = complete.pop() ?? '';
      for (const line of complete) this.record(line);
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
  }

  private record(line: string): void {
    try {
      const entry = JSON.parse(line) as { msg?: string; level?: number };
      this.lines.push({ msg: entry.msg, level: entry.level });
      if ((entry.level ?? 0) >= 50) this.errors.push(line);
    } catch {
      if (line.trim()) this.errors.push(line);
    }
  }

  /** Resolves once the current worker answers /readyz (Redis and MongoDB reachable). */
  async ready(): Promise<void> {
    await waitFor(async () => {
      const res = await fetch(`http://127.0.0.1:${this.port}/readyz`).catch(() => undefined);
      return res?.status === 200 ? true : undefined;
    }, 'the worker to be ready', 60_000, 50);
  }

  async kill(): Promise<void> {
    if (this.current) await killChild(this.current);
    this.current = undefined;
  }

  async killAll(): Promise<void> {
    await Promise.all(this.all.map(killChild));
  }

  reconcilerCounts(): { requeued: number; givenUp: number } {
    const count = (pattern: RegExp): number => this.lines.filter((line) => pattern.test(line.msg ?? '')).length;
    return { requeued: count(/its failed job is queued again/), givenUp: count(/still not stored after every re-queue/) };
  }
}

/** A publisher's webhook sender: signed batches, each sent again with the same webhook-id until it is answered 202. */
class LoadClient {
  sent = 0;
  retries = 0;
  slowestMs = 0;
  readonly sentIds = new Set<string>();
  /** Acknowledged comments (answered 202 "queued"), by publisher/comment, with when the answer arrived. */
  readonly acked = new Map<string, { publisherId: string; commentId: string; ackedAt: number }>();
  readonly unexpected: string[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private next = 0;
  private over = false;
  private stopped = false;

  constructor(private readonly ingestUrl: string, private readonly publishers: Publisher[], private readonly batchSize: number, private readonly deadline: number) {}

  /** Sends `count` comments as fast as four deliveries at a time allow, and waits for every answer. */
  async burst(count: number): Promise<void> {
    const target = this.sent + count;
    const posters = Array.from({ length: 4 }, async () => {
      while (this.sent < target && !this.stopped) await this.deliver(this.delivery());
    });
    await Promise.all(posters);
  }

  /**
   * Starts a delivery every batchSize/rate seconds without waiting for the earlier ones (at most 64 unanswered), until
   * the faults are over and `atLeast` comments were sent; resolves once every delivery is answered.
   */
  async pace(ratePerSecond: number, atLeast: number): Promise<void> {
    const intervalMs = (this.batchSize / ratePerSecond) * 1_000;
    let tick = Date.now();
    while (!this.stopped && !(this.over && this.sent >= atLeast)) {
      if (this.inFlight.size < 64) {
        const delivery = this.deliver(this.delivery()).finally(() => this.inFlight.delete(delivery));
        this.inFlight.add(delivery);
      }
      tick += intervalMs;
      await sleep(Math.max(0, tick - Date.now()));
    }
    await Promise.all(this.inFlight);
  }

  faultsOver(): void {
    this.over = true;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.inFlight);
  }

  private delivery(): Delivery {
    const publisher = this.publishers[this.next++ % this.publishers.length]!;
    const comments = Array.from({ length: this.batchSize }, () => buildComment({ text: commentText() }));
    for (const comment of comments) this.sentIds.add(pairKey(publisher.publisherId, comment.id));
    this.sent += comments.length;
    return { publisher, webhookId: `msg_${randomUUID()}`, raw: JSON.stringify({ comments }) };
  }

  /** Sends until answered 202 (or the deadline): a 503, a 5xx, a 429, a network error or no answer in 15 s is retried. */
  private async deliver(delivery: Delivery): Promise<void> {
    const first = Date.now();
    for (let attempt = 0; Date.now() < this.deadline && !this.stopped; attempt++) {
      if (attempt > 0) {
        this.retries++;
        await sleep(Math.min(1_000, 100 * attempt));
      }
      const headers = { ...signedHeaders(delivery.publisher.secret, delivery.webhookId, delivery.raw), 'x-moderato-publisher': delivery.publisher.publisherId, 'content-type': 'application/json' };
      const res = await fetch(`${this.ingestUrl}/v1/comments`, { method: 'POST', headers, body: delivery.raw, signal: AbortSignal.timeout(15_000) }).catch(() => undefined);
      if (!res) continue;
      const body = await res.text().catch(() => undefined);
      if (body === undefined || res.status === 429 || res.status >= 500) continue;
      if (res.status !== 202) {
        this.unexpected.push(`${delivery.webhookId}: ${res.status} ${body.slice(0, 300)}`);
        return;
      }
      const ackedAt = Date.now();
      this.slowestMs = Math.max(this.slowestMs, ackedAt - first);
      const results = parseResults(body);
      if (!results) {
        this.unexpected.push(`${delivery.webhookId}: 202 without results: ${body.slice(0, 300)}`);
        return;
      }
      for (const result of results) {
        if (result.status === 'queued') this.acked.set(pairKey(delivery.publisher.publisherId, result.id), { publisherId: delivery.publisher.publisherId, commentId: result.id, ackedAt });
        else this.unexpected.push(`${delivery.webhookId}: comment ${result.id} answered ${result.status}`);
      }
      return;
    }
  }
}

function parseResults(body: string): Array<{ id: string; status: string }> | undefined {
  try {
    const { results } = JSON.parse(body) as { results?: Array<{ id: string; status: string }> };
    return Array.isArray(results) ? results : undefined;
  } catch {
    return undefined;
  }
}

/** How many acknowledged comments are not stored yet, counted directly in MongoDB (the wait only; the check uses the API). */
async function unstored(storage: Storage, acked: LoadClient['acked']): Promise<number> {
  const docs = await storage.models.comments.collection.find({}, { projection: { _id: 0, publisherId: 1, commentId: 1 } }).toArray();
  const stored = new Set(docs.map((doc) => pairKey(String(doc.publisherId), String(doc.commentId))));
  let missing = 0;
  for (const key of acked.keys()) if (!stored.has(key)) missing++;
  return missing;
}

async function queueSettled(queue: CommentQueue): Promise<boolean> {
  const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'failed');
  return Object.values(counts).every((count) => count === 0);
}

/** GET /v1/comments/:id of every acknowledged comment with its publisher's key, 16 at a time. */
async function lookUpAcknowledged(moderationUrl: string, publishers: Publisher[], acked: LoadClient['acked']): Promise<{ lost: string[]; maxAckToStoredMs: number }> {
  const keys = new Map(publishers.map((publisher) => [publisher.publisherId, publisher.adminKey]));
  const pending = [...acked.values()];
  const lost: string[] = [];
  let maxAckToStoredMs = 0;
  await Promise.all(Array.from({ length: 16 }, async () => {
    for (let item = pending.pop(); item; item = pending.pop()) {
      const res = await fetch(`${moderationUrl}/v1/comments/${encodeURIComponent(item.commentId)}`, { headers: { authorization: `Bearer ${keys.get(item.publisherId)}` } });
      const body = (await res.json().catch(() => ({}))) as { commentId?: string; analyzedAt?: string };
      if (res.status !== 200 || body.commentId !== item.commentId || !body.analyzedAt) {
        lost.push(`${pairKey(item.publisherId, item.commentId)}: ${res.status}`);
        continue;
      }
      maxAckToStoredMs = Math.max(maxAckToStoredMs, Date.parse(body.analyzedAt) - item.ackedAt);
    }
  }));
  return { lost, maxAckToStoredMs };
}

async function listFailed(moderationUrl: string, publishers: Publisher[]): Promise<ChaosReport['failedJobs']> {
  const failed: ChaosReport['failedJobs'] = [];
  for (const publisher of publishers) {
    const res = await fetch(`${moderationUrl}/v1/admin/failed?limit=200`, { headers: { authorization: `Bearer ${publisher.adminKey}` } });
    if (res.status !== 200) throw new Error(`GET /v1/admin/failed for ${publisher.publisherId} answered ${res.status}: ${await res.text()}`);
    const { items } = (await res.json()) as { items: Array<{ jobId: string; commentId: string | null; failedReason: string }> };
    failed.push(...items.map((item) => ({ publisherId: publisher.publisherId, jobId: item.jobId, commentId: item.commentId, failedReason: item.failedReason })));
  }
  return failed;
}

/** Documents per (publisher, comment), counted in MongoDB itself: the second check of "stored exactly once". */
async function countStored(storage: Storage, sentIds: Set<string>): Promise<{ storedTwice: string[]; storedUnsent: string[] }> {
  const groups = await storage.models.comments.collection
    .aggregate<{ _id: { publisherId: string; commentId: string }; count: number }>([{ $group: { _id: { publisherId: '$publisherId', commentId: '$commentId' }, count: { $sum: 1 } } }])
    .toArray();
  const storedTwice = groups.filter((group) => group.count !== 1).map((group) => `${pairKey(group._id.publisherId, group._id.commentId)}: ${group.count}`);
  const storedUnsent = groups.filter((group) => !sentIds.has(pairKey(group._id.publisherId, group._id.commentId))).map((group) => pairKey(group._id.publisherId, group._id.commentId));
  return { storedTwice, storedUnsent };
}

