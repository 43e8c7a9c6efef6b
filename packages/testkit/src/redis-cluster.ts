import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify, stripVTControlCharacters } from 'node:util';
import { freePort, portIsFree } from './ports.js';
import { describeSpawnError, spawnRedisServer, stopChild, type RedisServerProcess } from './redis.js';

const run = promisify(execFile);

export interface RedisClusterOptions {
  /** Number of masters; redis-cli refuses fewer than 3. Default 3. */
  masters?: number;
  /** Replicas per master. Default 0. */
  replicas?: number;
  /** How long to wait for every node to report cluster_state:ok after creation. Default 15 s. */
  readyTimeoutMs?: number;
  /** Turn on the append-only file (off by default, like startRedis). */
  appendOnly?: boolean;
  /** Defaults: $REDIS_SERVER_BIN / $REDIS_CLI_BIN, else redis-server / redis-cli from PATH. */
  redisServerBin?: string;
  redisCliBin?: string;
}

export interface RedisClusterHandle {
  /** Every node, masters first, in the shape ioredis's `new Cluster(nodes)` takes. */
  nodes: Array<{ host: string; port: number }>;
  /** redis://127.0.0.1:port of each node, in the same order as `nodes`. */
  urls: string[];
  /** Stops every node and removes their directories; safe to call twice. */
  stop(): Promise<void>;
}

interface ClusterNode {
  port: number;
  dir: string;
  server: RedisServerProcess;
}

const HOST = '127.0.0.1';
// The cluster bus listens on port + 10000, which must still be a valid port.
const BUS_PORT_OFFSET = 10_000;
const MAX_CLIENT_PORT = 65_535 - BUS_PORT_OFFSET;
const PORT_ATTEMPTS = 3;
const NODE_TIMEOUT_MS = 2_000;

/**
 * A private Redis Cluster on loopback (three masters and no replicas by default), built from the redis-server and
 * redis-cli on this machine, for tests of code that must work on a cluster. `stop()` removes everything it made.
 */
export async function startRedisCluster(options: RedisClusterOptions = {}): Promise<RedisClusterHandle> {
  const masters = options.masters ?? 3;
  const replicas = options.replicas ?? 0;
  if (masters < 3) throw new Error(`a Redis Cluster needs at least 3 masters, got ${masters}`);
  const serverBin = options.redisServerBin ?? process.env.REDIS_SERVER_BIN ?? 'redis-server';
  const cliBin = options.redisCliBin ?? process.env.REDIS_CLI_BIN ?? 'redis-cli';
  // Checked first so a missing binary fails with the package to install, before anything is started.
  await requireBinary(serverBin, 'redis-server', 'REDIS_SERVER_BIN');
  await requireBinary(cliBin, 'redis-tools', 'REDIS_CLI_BIN');

  const nodes: ClusterNode[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(nodes.map(async (node) => {
      await stopChild(node.server.child);
      await rm(node.dir, { recursive: true, force: true });
    }));
  };
  try {
    for (let i = 0; i < masters * (1 + replicas); i += 1) {
      nodes.push(await startNode(serverBin, options.appendOnly ?? false, nodes.map((node) => node.port)));
    }
    await createCluster(cliBin, nodes, replicas);
    await waitForClusterOk(cliBin, nodes, options.readyTimeoutMs ?? 15_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    nodes: nodes.map((node) => ({ host: HOST, port: node.port })),
    urls: nodes.map((node) => `redis://${HOST}:${node.port}`),
    stop,
  };
}

async function requireBinary(bin: string, debianPackage: string, envVar: string): Promise<void> {
  try {
    await run(bin, ['--version'], { timeout: 5_000 });
  } catch (error) {
    throw new Error(describeSpawnError(bin, debianPackage, envVar, error as NodeJS.ErrnoException));
  }
}

/** One cluster-enabled redis-server in a temp dir of its own; retries on new ports if another process took them first. */
async function startNode(bin: string, appendOnly: boolean, taken: number[]): Promise<ClusterNode> {
  const dir = await mkdtemp(join(tmpdir(), 'moderato-redis-cluster-'));
  const args = [
    '--cluster-enabled', 'yes',
    '--cluster-node-timeout', String(NODE_TIMEOUT_MS),
    '--cluster-config-file', join(dir, 'nodes.conf'),
    '--dir', dir,
    '--appendonly', appendOnly ? 'yes' : 'no',
  ];
  for (let attempt = 1; ; attempt += 1) {
    const port = await freeClusterPort(taken);
    try {
      return { port, dir, server: await spawnRedisServer(bin, port, args, dir) };
    } catch (error) {
      const lostRace = error instanceof Error && /address already in use/i.test(error.message);
      if (!lostRace || attempt === PORT_ATTEMPTS) {
        await rm(dir, { recursive: true, force: true });
        throw error;
      }
    }
  }
}

/** A free loopback port whose cluster-bus port (port + 10000) is free as well. */
async function freeClusterPort(taken: number[]): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const port = await freePort();
    if (port > MAX_CLIENT_PORT || taken.includes(port) || taken.includes(port + BUS_PORT_OFFSET)) continue;
    if (taken.some((other) => other + BUS_PORT_OFFSET === port)) continue;
    if (await portIsFree(port + BUS_PORT_OFFSET)) return port;
  }
  throw new Error(`found no free port p <= ${MAX_CLIENT_PORT} with p + ${BUS_PORT_OFFSET} free on ${HOST}`);
}

async function createCluster(cliBin: string, nodes: ClusterNode[], replicas: number): Promise<void> {
  const addresses = nodes.map((node) => `${HOST}:${node.port}`);
  try {
    await run(cliBin, ['--cluster', 'create', ...addresses, '--cluster-replicas', String(replicas), '--cluster-yes'], { timeout: 30_000 });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    // redis-cli colours its report even when piped; the escapes only clutter an error message.
    const report = stripVTControlCharacters(`${stdout}${stderr}`);
    throw new Error(`redis-cli --cluster create failed: ${(error as Error).message}\n${report}${nodeOutput(nodes)}`);
  }
}

/**
 * redis-cli returns once the nodes agree on the slots, but a master keeps reporting cluster_state:fail until about 2 s
 * after it started (Redis's CLUSTER_WRITABLE_DELAY); commands sent before then fail with CLUSTERDOWN.
 */
async function waitForClusterOk(cliBin: string, nodes: ClusterNode[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let infos: string[] = [];
  while (Date.now() < deadline) {
    infos = await Promise.all(nodes.map((node) => clusterInfo(cliBin, node.port)));
    if (infos.every((info) => clusterIsReady(info, nodes.length))) return;
    await sleep(50);
  }
  const states = nodes.map((node, i) => `--- ${HOST}:${node.port} CLUSTER INFO:\n${infos[i] ?? ''}`).join('\n');
  throw new Error(`Redis Cluster not ready (cluster_state:ok on every node) within ${timeoutMs} ms\n${states}${nodeOutput(nodes)}`);
}

function clusterIsReady(info: string, nodeCount: number): boolean {
  return /^cluster_state:ok\r?$/m.test(info)
    && /^cluster_slots_assigned:16384\r?$/m.test(info)
    && new RegExp(`^cluster_known_nodes:${nodeCount}\\r?$`, 'm').test(info);
}

async function clusterInfo(cliBin: string, port: number): Promise<string> {
  try {
    const { stdout } = await run(cliBin, ['-h', HOST, '-p', String(port), 'CLUSTER', 'INFO'], { timeout: 2_000 });
    return stdout;
  } catch (error) {
    return `(redis-cli failed: ${(error as Error).message})`;
  }
}

function nodeOutput(nodes: ClusterNode[]): string {
  return nodes.map((node) => `\n--- redis-server ${HOST}:${node.port} output:\n${node.server.output()}`).join('');
}
