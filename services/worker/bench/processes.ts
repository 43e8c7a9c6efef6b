/**
 * Child processes for the service benches: the MongoDB wire double, and the ingest API run as its own service (a
 * bench of the worker may not import another service, and a separate process is how it runs in production anyway).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freePort } from '@moderato/testkit';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const CLOCK_TICKS_PER_SECOND = 100;

export interface ChildService {
  /** CPU seconds the process has used so far. */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

/** MONGODB_URI when given, else the wire double in a child process; give each run a database with `withDatabase`. */
export async function startMongoProcess(): Promise<ChildService & { uri: string; label: string }> {
  if (process.env.MONGODB_URI) return { uri: process.env.MONGODB_URI, label: 'external', cpuSeconds: () => 0, stop: async () => {} };
  const port = await freePort();
  // The double keeps every document in its own heap: with 100k stored, young objects promoted by a small new space
  // are marked against all of them, and its CPU per comment grew ~1.4× from 10k to 100k stored. A 64 MB semi-space
  // (V8's default is 16 MB) keeps per-request garbage young; mongod, which the double stands in for, has no such cost.
  const child = spawnTs('packages/mongo-double/src/bin.ts', ['--port', String(port)], {}, ['--max-semi-space-size=64']);
  await new Promise<void>((resolve, reject) => {
    child.stdout?.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`the MongoDB double exited with ${code}`)));
  });
  return { uri: `mongodb://127.0.0.1:${port}/`, label: 'wire double (own process)', ...childService(child) };
}

/** The ingest API's own entry point with `env` as its configuration; resolves once it answers /readyz. */
export async function startIngestProcess(env: Record<string, string>): Promise<ChildService & { url: string }> {
  const port = await freePort();
  const child = spawnTs('services/ingest-api/src/main.ts', [], { ...env, INGEST_PORT: String(port), INGEST_HOST: '127.0.0.1' });
  child.stdout?.resume();
  const url = `http://127.0.0.1:${port}`;
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the ingest API exited with ${code}`)));
    waitReady(url).then(resolve, reject);
  }).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  return { url, ...childService(child) };
}

function spawnTs(script: string, args: string[], env: Record<string, string>, nodeFlags: string[] = []): ChildProcess {
  return spawn(process.execPath, [...nodeFlags, '--conditions=source', '--import', 'tsx', script, ...args], {
    cwd: ROOT,
    env: { ...process.env, DOTENV_CONFIG_QUIET: 'true', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

async function waitReady(url: string, limitMs = 60_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline) {
    const ready = await fetch(`${url}/readyz`).then((res) => res.ok, () => false);
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} was not ready within ${limitMs} ms`);
}

function childService(child: ChildProcess): ChildService {
  return {
    cpuSeconds: () => {
      const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
    },
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
