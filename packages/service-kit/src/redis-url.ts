import { z } from 'zod';

/** A node of a Redis Cluster as ioredis takes it (IPv6 addresses without their brackets). */
export interface RedisNode {
  host: string;
  port: number;
}

/**
 * Where the services' Redis is: one server (any redis:// or rediss:// URL, handed to ioredis as it is), or the seed
 * nodes of a Redis Cluster, from which the client discovers every master and the slots each one serves.
 */
export type RedisTarget =
  | { mode: 'single'; url: string }
  | { mode: 'cluster'; nodes: RedisNode[]; username?: string; password?: string; tls: boolean };

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

const USAGE =
  'must be redis://… or rediss://… (one server), or redis-cluster://[user:password@]host:port,host:port,… ' +
  '(Redis Cluster seed nodes; rediss-cluster:// for TLS)';
const SINGLE_URL = /^rediss?:\/\//;
// scheme, optional user-info before the last '@', the comma-separated nodes, nothing after them but an optional '/'.
const CLUSTER_URL = /^(rediss?)-cluster:\/\/(?:(.*)@)?([^@/?#]*)\/?$/;
const NODE = /^(?:\[([0-9a-fA-F:.]+)\]|([^\s:[\]]+)):(\d{1,5})$/;

/** Reads a REDIS_URL; throws an Error whose message says what is wrong, naming no credential. */
export function parseRedisUrl(text: string): RedisTarget {
  if (SINGLE_URL.test(text)) return { mode: 'single', url: text };
  const match = CLUSTER_URL.exec(text);
  if (!match) throw new Error(USAGE);
  const [, scheme, userInfo, nodeList] = match;
  if (!nodeList) throw new Error(`names no cluster node; ${USAGE}`);
  return { mode: 'cluster', nodes: nodeList.split(',').map(parseNode), ...parseUserInfo(userInfo), tls: scheme === 'rediss' };
}

/**
 * The REDIS_URL variable every service reads: a single server by default, or a cluster by its scheme. The text is
 * kept (services connect with createRedisConnection); a malformed one fails at start, naming the variable.
 */
export function redisUrlVariable(): z.ZodType<string, string | undefined> {
  return z
    .string()
    .superRefine((text, context) => {
      try {
        parseRedisUrl(text);
      } catch (error) {
        context.addIssue({ code: 'custom', message: (error as Error).message });
      }
    })
    .default(DEFAULT_REDIS_URL);
}

function parseNode(text: string): RedisNode {
  const match = NODE.exec(text.trim());
  const port = Number(match?.[3]);
  if (!match || port < 1 || port > 65_535) throw new Error(`cluster node "${text}" must be host:port (port 1-65535; IPv6 as [address]:port)`);
  return { host: match[1] ?? match[2]!, port };
}

/** `user:password`, `:password` or `user`, percent-encoded as in any URL. */
function parseUserInfo(userInfo: string | undefined): { username?: string; password?: string } {
  if (userInfo === undefined) return {};
  const colon = userInfo.indexOf(':');
  const [username, password] = colon === -1 ? [userInfo, undefined] : [userInfo.slice(0, colon), userInfo.slice(colon + 1)];
  try {
    return {
      ...(username ? { username: decodeURIComponent(username) } : {}),
      ...(password !== undefined ? { password: decodeURIComponent(password) } : {}),
    };
  } catch {
    throw new Error('has a malformed percent-encoding in its user name or password');
  }
}
