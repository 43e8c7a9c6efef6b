import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createConnection } from 'node:net';
import { freePort } from './ports.js';

export interface RedisHandle {
  /** redis://host:port of the server the tests use. */
  url: string;
  /** 'private' when this process started the server and will stop it; 'external' for REDIS_URL. */
  origin: 'private' | 'external';
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 10_000;

/** Every write logged to an append-only file in `dir` (which must exist), fsynced as `fsync` says, and loaded again at start. */
export interface AppendOnlyOptions {
  dir: string;
  fsync: 'always' | 'everysec';
}

/** A private server that a test may crash and start again: what it stored survives as far as its AOF holds it. */
export interface RestartableRedisHandle extends RedisHandle {
  origin: 'private';
  port: number;
  /** SIGKILL, as a crash: nothing is flushed beyond what the AOF already holds. Resolves once it has exited. */
  kill(): Promise<void>;
  /** Starts it again on the same port and data directory (killing it first if it runs); resolves once its AOF is loaded and it answers PING. */
  restart(): Promise<void>;
}

/**
 * A private redis-server on a free port, stopped by `stop()`. When REDIS_URL is set the tests use
 * that server instead and never stop it (and callers must never flush a server they did not start).
 * With `appendOnly` the server is always a private one with an AOF, and can be killed and restarted (REDIS_URL is
 * ignored: a test cannot crash a server it did not start).
 */
export async function startRedis(env?: NodeJS.ProcessEnv): Promise<RedisHandle>;
export async function startRedis(env: NodeJS.ProcessEnv, options: { appendOnly: AppendOnlyOptions }): Promise<RestartableRedisHandle>;
export async function startRedis(env: NodeJS.ProcessEnv = process.env, options: { appendOnly?: AppendOnlyOptions } = {}): Promise<RedisHandle> {
  const { appendOnly } = options;
  if (env.REDIS_URL && !appendOnly) {
    return { url: env.REDIS_URL, origin: 'external', stop: async () => {} };
  }
  const port = await freePort();
  const bin = env.REDIS_SERVER_BIN ?? 'redis-server';
  // Later arguments override spawnRedisServer's "--appendonly no"; no RDB snapshots either way (--save '').
  const args = ['--maxmemory-policy', 'noeviction', ...(appendOnly ? ['--appendonly', 'yes', '--appendfsync', appendOnly.fsync, '--dir', appendOnly.dir] : [])];
  let server = await spawnRedisServer(bin, port, args);
  const url = `redis://127.0.0.1:${port}`;
  if (!appendOnly) return { url, origin: 'private', stop: () => stopChild(server.child) };
  const kill = async (): Promise<void> => {
    const { child } = server;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  };
  const handle: RestartableRedisHandle = {
    url,
    origin: 'private',
    port,
    stop: () => stopChild(server.child),
    kill,
    restart: async () => {
      await kill();
      server = await spawnRedisServer(bin, port, args);
    },
  };
  return handle;
}

/** A redis-server child that answers PING, with everything it printed so far (for error messages). */
export interface RedisServerProcess {
  child: ChildProcess;
  output(): string;
}

/**
 * Spawns redis-server on loopback `port` without persistence (plus `extraArgs`), waits until it answers PING, and
 * makes sure it is killed when this process exits.
 */
export async function spawnRedisServer(bin: string, port: number, extraArgs: string[], cwd?: string): Promise<RedisServerProcess> {
  const child = spawn(
    bin,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning', ...extraArgs],
    { stdio: ['ignore', 'pipe', 'pipe'], cwd },
  );
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  let failed = false;
  const spawnError = new Promise<never>((_, reject) => {
    const fail = (error: Error): void => {
      failed = true;
      reject(error);
    };
    child.once('error', (error) => fail(new Error(describeSpawnError(bin, 'redis-server', 'REDIS_SERVER_BIN', error))));
    child.once('exit', (code) => fail(new Error(`redis-server on port ${port} exited with code ${code}: ${output.join('')}`)));
  });
  try {
    await Promise.race([waitForPing(port, () => failed), spawnError]);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  child.removeAllListeners('exit');
  child.unref();
  // Never leave a private server behind, even if the test process exits without calling stop().
  const killOnExit = (): void => void child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.removeListener('exit', killOnExit));
  return { child, output: () => output.join('') };
}

/** Turns ENOENT into a message that says which Debian package provides the missing binary. */
export function describeSpawnError(bin: string, debianPackage: string, envVar: string, error: NodeJS.ErrnoException): string {
  if (error.code === 'ENOENT') {
    return `${bin} not found: install the Debian package ${debianPackage} (apt-get install ${debianPackage}) or set ${envVar} to the binary`;
  }
  return `could not start ${bin}: ${error.message}`;
}

/** Polls until the server answers PING; gives up early once `gaveUp()` says the child failed (its error wins the race). */
async function waitForPing(port: number, gaveUp: () => boolean): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline && !gaveUp()) {
    if (await answersPing(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`redis-server on port ${port} did not answer PING within ${READY_TIMEOUT_MS} ms`);
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.setTimeout(500);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** SIGTERM, then SIGKILL after 5 s; resolves once the child has exited. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
