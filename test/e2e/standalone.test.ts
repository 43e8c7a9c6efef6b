import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { queueKeyOptions } from '@moderato/contracts';
import { createTestDatabase, freePort, sharedMongo, sharedRedis, uniqueName, type TestDatabase } from '@moderato/testkit';
import { Queue } from 'bullmq';
import { expect } from 'chai';
import { eventually } from '../support/stack.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** `npm start`: the four services in one process, ready on their ports, and stopping cleanly on SIGTERM. */
describe('npm start (all services in one process)', function () {
  this.timeout(60_000);
  let child: ChildProcess;
  let database: TestDatabase;
  let output = '';
  let queueName = '';
  let redisUrl = '';
  const ports = { ingest: 0, moderation: 0, worker: 0, dispatcher: 0 };

  before(async () => {
    const [mongo, redis] = await Promise.all([sharedMongo(), sharedRedis()]);
    database = createTestDatabase(mongo, 'standalone');
    queueName = uniqueName('standalone');
    redisUrl = redis.url;
    [ports.ingest, ports.moderation, ports.worker, ports.dispatcher] = [await freePort(), await freePort(), await freePort(), await freePort()];
    child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'services/standalone/src/main.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        MONGODB_URI: database.uri,
        REDIS_URL: redis.url,
        COMMENT_QUEUE: queueName,
        WEBHOOK_SECRETS_KEY: randomBytes(32).toString('base64'),
        ENDPOINT_SECRETS_KEY: randomBytes(32).toString('base64'),
        INGEST_PORT: String(ports.ingest),
        MODERATION_PORT: String(ports.moderation),
        WORKER_PORT: String(ports.worker),
        DISPATCHER_PORT: String(ports.dispatcher),
        INGEST_HOST: '127.0.0.1',
        MODERATION_HOST: '127.0.0.1',
        WORKER_HOST: '127.0.0.1',
        DISPATCHER_HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  });

  after(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    const queue = new Queue(queueName, { connection: { url: redisUrl }, ...queueKeyOptions(queueName) });
    await queue.obliterate({ force: true });
    await queue.close();
    await database.drop();
  });

  it('serves /readyz on the ingest API, the moderation API, the worker and the dispatcher', async () => {
    for (const port of Object.values(ports)) {
      const body = await eventually(async () => {
        const res = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined);
        return res?.status === 200 ? ((await res.json()) as { checks: Record<string, string> }) : undefined;
      }, `readiness on port ${port}`, 30_000);
      expect(body.checks).to.deep.equal({ redis: 'ok', mongodb: 'ok' });
    }
  });

  it('logs structured JSON lines and shuts down on SIGTERM with exit code 0', async () => {
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const [code] = await exited;
    expect(code, output).to.equal(0);
    const lines = output.trim().split('\n').map((line) => JSON.parse(line) as { msg: string; service?: string });
    expect(lines.map((line) => line.msg)).to.include.members(['worker running', 'ingest API listening', 'moderation API listening', 'dispatcher running', 'shutting down', 'stopped']);
  });
});
