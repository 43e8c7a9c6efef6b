import { Cluster, Redis, type ClusterOptions } from 'ioredis';
import { parseRedisUrl, type RedisTarget } from './redis-url.js';

/** A connection to the services' Redis: one server, or a Redis Cluster (every key of a queue in one slot; see contracts). */
export type RedisConnection = Redis | Cluster;

/** How a connection behaves while Redis is slow or away; each means the same on one server and on a cluster. */
export interface RedisConnectionOptions {
  /** Reconnections a command waits through before it fails; null waits for ever. */
  maxRetriesPerRequest?: number | null;
  /** Whether commands issued while disconnected wait for the connection (true) or fail at once (false). */
  enableOfflineQueue?: boolean;
  /** A command sent but unanswered for this long fails. */
  commandTimeout?: number;
  /** Commands issued in the same tick travel in one round trip. */
  enableAutoPipelining?: boolean;
}

/** The kinds of connection the services open, by what they are for. */
export const REDIS_PURPOSES = {
  /** Producing jobs for a waiting client: fails at once while Redis is away, so the client gets a 503, not a wait. */
  failFast: { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 1_000 },
  /** Serving reads and admin actions: commands fail within a second while Redis is away, never queue up. */
  requests: { enableOfflineQueue: false, maxRetriesPerRequest: null, commandTimeout: 1_000 },
  /** Waits out an outage: what a BullMQ Worker requires (its blocking connection must never give up a command). */
  retryForever: { maxRetriesPerRequest: null },
  /** Many small commands from concurrent jobs, batched per round trip. */
  pipelined: { enableAutoPipelining: true },
  /** Subscriptions: ioredis's defaults (it subscribes again by itself after a reconnection). */
  subscriber: {},
} as const satisfies Record<string, RedisConnectionOptions>;

/**
 * Opens a connection to REDIS_URL with `options`. On a cluster the connection-wide options (offline queue,
 * auto-pipelining) go to the Cluster and the per-command ones to each node's connection through `redisOptions`,
 * which is also where BullMQ checks a Worker's `maxRetriesPerRequest: null`. Cluster.duplicate() (BullMQ's blocking
 * connections) carries them over; a cluster's subscriber connection takes only each node's address and credentials.
 */
export function createRedisConnection(url: string, options: RedisConnectionOptions): RedisConnection {
  const target = parseRedisUrl(url);
  if (target.mode === 'single') return new Redis(target.url, options);
  return new Cluster(target.nodes, clusterOptions(target, options));
}

function clusterOptions(target: Extract<RedisTarget, { mode: 'cluster' }>, options: RedisConnectionOptions): ClusterOptions {
  const { enableOfflineQueue, enableAutoPipelining, ...perNode } = options;
  const credentials = { username: target.username, password: target.password };
  return withoutUndefined({
    enableOfflineQueue,
    enableAutoPipelining,
    redisOptions: withoutUndefined({ ...perNode, ...credentials, tls: target.tls ? {} : undefined }),
  });
}

/** Unset options are left out, not passed as undefined, so ioredis's own defaults apply to them. */
function withoutUndefined<T extends object>(options: T): T {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as T;
}
