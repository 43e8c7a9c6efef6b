import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { provisionPublisher } from '@moderato/cli';
import { queueKeyOptions } from '@moderato/contracts';
import { closeStorage, openStorage, type Storage } from '@moderato/storage';
import { freePort } from '@moderato/testkit';
import { signedHeaders } from '@moderato/webhooks';
import { Queue } from 'bullmq';
import { expect } from 'chai';
import { ownBackends, type OwnBackends } from '../support/backends.js';
import { buildComment } from '../support/fixtures.js';
import { eventually } from '../support/stack.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PUBLISHER = 'graceful-gazette';
const POSTERS = 6;
const BATCH = 20;
/** Client errors of a request the server never read: a refused new connection, or an idle one it closed as the request went out. */
const NOT_READ = ['ECONNREFUSED', 'ECONNRESET'];

interface Outcome {
  ids: string[];
  status?: number;
  connection?: string | undefined;
  queued?: string[];
  error?: string;
  afterSigterm: boolean;
}

interface Posting {
  /** Resolves once the server has read the request's headers and handed it to the app (it answered 100 Continue). */
  started: Promise<void>;
  outcome: Promise<Outcome>;
}

/** The ingest API as its own process, on a keep-alive client's side of the wire. */
describe('graceful shutdown of a service process with keep-alive clients', function () {
  this.timeout(60_000);
  let backends: OwnBackends;
  let storage: Storage;
  let child: ChildProcess | undefined;
  let agent: Agent;
  let output = '';
  let sigtermSent = false;

  before(async () => {
    backends = await ownBackends('graceful');
  });

  after(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    agent?.destroy();
    if (storage) await closeStorage(storage);
    await backends.remove();
  });

  /** POSTs a signed batch of fresh comments; with `hold`, sends the body only once `hold` resolves. */
  function post(port: number, secret: string, hold?: Promise<void>): Posting {
    const comments = Array.from({ length: BATCH }, () => buildComment());
    const ids = comments.map((comment) => comment.id);
    const raw = JSON.stringify({ comments });
    const headers = { ...signedHeaders(secret, `msg_${randomBytes(8).toString('hex')}`, raw), 'x-moderato-publisher': PUBLISHER, 'content-type': 'application/json', ...(hold ? { expect: '100-continue' } : {}) };
    const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/v1/comments', agent, headers });
    const started = hold ? once(req, 'continue').then(() => undefined) : Promise.resolve();
    const outcome = new Promise<Outcome>((resolve) => {
      req.on('response', (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        res.on('end', () => {
          const results = res.statusCode === 202 ? (JSON.parse(body) as { results: Array<{ id: string; status: string }> }).results : [];
          resolve({ ids, status: res.statusCode, connection: res.headers.connection, queued: results.filter((r) => r.status === 'queued').map((r) => r.id), afterSigterm: sigtermSent });
        });
      });
      req.on('error', (error: NodeJS.ErrnoException) => resolve({ ids, error: error.code ?? error.message, afterSigterm: sigtermSent }));
    });
    if (hold) void started.then(() => hold).then(() => req.end(raw));
    else req.end(raw);
    return { started, outcome };
  }

  /** Posts batch after batch on one keep-alive connection until a request is not answered. */
  async function keepPosting(port: number, secret: string, outcomes: Outcome[]): Promise<void> {
    for (;;) {
      const outcome = await post(port, secret).outcome;
      outcomes.push(outcome);
      if (outcome.status === undefined) return;
    }
  }

  function logLines(): Array<{ msg: string; path?: string; status?: number }> {
    // Whole lines only: the last piece may still be arriving.
    return output.split('\n').slice(0, -1).filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as { msg: string; path?: string; status?: number });
  }

  it('ingest API on SIGTERM: answers every request it read (Connection: close), queues only acknowledged comments, exits 0', async () => {
    const webhookSecretsKey = randomBytes(32);
    storage = await openStorage(backends.env.MONGODB_URI, { webhookSecretsKey });
    const { secret } = await provisionPublisher(storage, PUBLISHER, 'Graceful Gazette');
    const port = await freePort();
    child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'services/ingest-api/src/main.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        ...backends.env,
        LOG_LEVEL: 'info',
        WEBHOOK_SECRETS_KEY: webhookSecretsKey.toString('base64'),
        INGEST_PORT: String(port),
        INGEST_HOST: '127.0.0.1',
        INGEST_REQUESTS_PER_MINUTE: '1000000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = once(child, 'exit');
    await eventually(async () => ((await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined))?.status === 200 ? true : undefined), 'the ingest API ready', 30_000);

    agent = new Agent({ keepAlive: true, maxSockets: POSTERS + 1 });
    const outcomes: Outcome[] = [];
    const posters = Array.from({ length: POSTERS }, () => keepPosting(port, secret, outcomes));
    await eventually(async () => (outcomes.length >= 5 * POSTERS ? true : undefined), 'batches answered before the signal');
    // One request surely under way when the signal lands: its headers read, its body held back until the drain began.
    let releaseBody = (): void => {};
    const held = post(port, secret, new Promise<void>((resolve) => (releaseBody = resolve)));
    await held.started;

    sigtermSent = true;
    child.kill('SIGTERM');
    await eventually(async () => (logLines().some((line) => line.msg === 'shutting down') ? true : undefined), 'the shutdown to begin');
    releaseBody();
    const [code] = await exited;
    await Promise.all(posters);
    const heldOutcome = await held.outcome;
    outcomes.push(heldOutcome);

    expect(code, output).to.equal(0);
    expect(heldOutcome, 'the request under way at the signal').to.deep.include({ status: 202, connection: 'close', queued: heldOutcome.ids });
    const answered = outcomes.filter((outcome) => outcome.status !== undefined);
    const unanswered = outcomes.filter((outcome) => outcome.status === undefined);
    expect(answered.every((outcome) => outcome.status === 202), JSON.stringify(answered.filter((o) => o.status !== 202))).to.equal(true);
    expect(unanswered).to.have.length(POSTERS);
    for (const outcome of unanswered) {
      expect(outcome.afterSigterm, 'unanswered only once the shutdown began').to.equal(true);
      expect(NOT_READ, 'the error of a request the server never read').to.include(outcome.error);
    }
    // Every answer the server finished writing reached the client: none acknowledged and lost.
    expect(logLines().filter((line) => line.msg === 'request' && line.path === '/v1/comments')).to.have.length(answered.length);
    expect(logLines().map((line) => line.msg)).to.include('stopped');

    // Queued exactly what was acknowledged: nothing for a request left unanswered.
    const queue = new Queue(backends.env.COMMENT_QUEUE, { connection: { url: backends.env.REDIS_URL }, ...queueKeyOptions(backends.env.COMMENT_QUEUE) });
    try {
      const jobs = await queue.getJobs(['waiting', 'prioritized', 'delayed', 'active'], 0, -1);
      const queuedIds = jobs.map((job) => (job.data as { comment: { id: string } }).comment.id).sort();
      expect(queuedIds).to.deep.equal(answered.flatMap((outcome) => outcome.queued!).sort());
      expect(queuedIds).to.have.length(answered.length * BATCH);
    } finally {
      await queue.close();
    }
  });
});
