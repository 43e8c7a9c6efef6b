import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { provisionPublisher } from '@moderato/cli';
import { enqueueComments, queueKeyOptions, type AnalyzeCommentJob, type CommentQueue } from '@moderato/contracts';
import { closeStorage, openStorage, type Storage } from '@moderato/storage';
import { createTestDatabase, freePort, sharedMongo, sharedRedis, uniqueName, type TestDatabase } from '@moderato/testkit';
import { Queue } from 'bullmq';
import { expect } from 'chai';
import { buildComment } from '../support/fixtures.js';
import { eventually } from '../support/stack.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const COPIES = 200;
const PROCESSES = 2;
const CONCURRENCY_PER_PROCESS = 4;

/** One worker process, as `npm start -w @moderato/worker` runs it, on its own health port. */
function spawnWorker(env: Record<string, string>, port: number): { child: ChildProcess; output: () => string } {
  let output = '';
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'services/worker/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env, WORKER_PORT: String(port), WORKER_HOST: '127.0.0.1', WORKER_CONCURRENCY: String(CONCURRENCY_PER_PROCESS), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

/** A counter's value in a Prometheus text page (0 when absent). */
function counter(page: string, name: string, labels = ''): number {
  const line = page.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(labels));
  return Number(line?.split(' ').at(-1) ?? 0);
}

describe('a spam wave: 200 near-copies of one comment on 8 workers in two processes', function () {
  this.timeout(120_000);
  let database: TestDatabase;
  let storage: Storage;
  let queue: CommentQueue;
  const workers: Array<{ child: ChildProcess; output: () => string; port: number }> = [];
  const publisherId = 'wave-test';

  before(async () => {
    const [mongo, redis] = await Promise.all([sharedMongo(), sharedRedis()]);
    database = createTestDatabase(mongo, 'near-copy-wave');
    storage = await openStorage(database.uri);
    await provisionPublisher(storage, publisherId);
    const queueName = uniqueName('near-copy-wave');
    queue = new Queue(queueName, { connection: { url: redis.url }, ...queueKeyOptions(queueName) });
    const env = { MONGODB_URI: database.uri, REDIS_URL: redis.url, COMMENT_QUEUE: queueName };
    for (let i = 0; i < PROCESSES; i++) {
      const port = await freePort();
      workers.push({ ...spawnWorker(env, port), port });
    }
    // Both processes take jobs from the start.
    for (const worker of workers) {
      await eventually(async () => ((await fetch(`http://127.0.0.1:${worker.port}/readyz`).catch(() => undefined))?.status === 200 ? true : undefined),
        `worker on port ${worker.port} ready (${worker.output()})`, 60_000);
    }
  });

  after(async () => {
    for (const { child } of workers) {
      if (child.exitCode !== null) continue;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    }
    await queue?.obliterate({ force: true });
    await queue?.close();
    await closeStorage(storage);
    await database?.drop();
  });

  it('leaves exactly one original, the earliest posted; every other copy names one posted before it', async () => {
    const text = 'Sign the petition to stop the bypass through the old quarter before the council vote, every name counts';
    const wave: AnalyzeCommentJob[] = Array.from({ length: COPIES }, (_, i) => ({
      version: 1, publisherId, receivedAt: new Date().toISOString(), webhookId: `msg_wave_${i}`,
      comment: buildComment({
        id: `wave-${i}`, author: { id: `bot-${i % 37}` }, text: `${text} ${'!'.repeat(i % 5)}${i % 3 === 0 ? ' please' : ''}`,
        createdAt: new Date(Date.UTC(2025, 10, 5, 12, 0, 0) + i * 1_000).toISOString(),
      }),
    }));
    // Delivered in a scrambled order (73 is prime to 200), so later copies are often processed before their originals.
    const shuffled = wave.map((_, k) => wave[(k * 73) % COPIES]!);
    await enqueueComments(queue, shuffled);
    await eventually(async () => ((await queue.getCompletedCount()) === COPIES ? true : undefined), 'every job of the wave completed', 90_000);
    expect(await queue.getFailedCount()).to.equal(0);

    const docs = await storage.models.comments.find({ publisherId }).lean();
    expect(docs).to.have.length(COPIES);
    const byId = new Map(docs.map((doc) => [doc.commentId, doc]));
    expect(docs.filter((doc) => !doc.duplicateOf).map((doc) => doc.commentId), 'comments left as originals').to.deep.equal(['wave-0']);
    for (const doc of docs.filter((d) => d.duplicateOf)) {
      const original = byId.get(doc.duplicateOf!);
      expect(original, `${doc.commentId} names a comment of the wave`).to.not.equal(undefined);
      expect(original!.createdAt.getTime(), `${doc.commentId} names an earlier comment`).to.be.below(doc.createdAt.getTime());
      expect(doc.flags).to.include('duplicate');
    }

    const pages = await Promise.all(workers.map(async ({ port }) => (await fetch(`http://127.0.0.1:${port}/metrics`)).text()));
    for (const page of pages) expect(counter(page, 'moderato_worker_jobs_total', 'outcome="completed"'), 'jobs this process completed').to.be.above(0);
    const inFlight = pages.reduce((sum, page) => sum + counter(page, 'moderato_worker_in_flight_near_copies_total'), 0);
    expect(inFlight, 'near-copies that met while both were in flight').to.be.above(0);
  });
});
