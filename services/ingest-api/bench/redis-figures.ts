/**
 * Redis figures for the ingest bench: CPU time used; `used_memory` (what the allocator holds for data, independent of
 * fragmentation); and what deleting a group of keys frees, so growth can be attributed to the keys that caused it.
 */
import type { Redis } from 'ioredis';

export async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  const match = /^used_memory:(\d+)/m.exec(info);
  if (!match) throw new Error('INFO memory has no used_memory field');
  return Number(match[1]);
}

/** CPU time the Redis server has used so far, in ms (user + system). */
export async function redisCpuMs(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? 0);
  return 1000 * (field('used_cpu_sys') + field('used_cpu_user'));
}

/**
 * Script calls (EVAL, EVALSHA) the Redis server has run so far. A script call is one command however much it does,
 * and commandstats counts the commands scripts run apart, so per delivery this shows how many calls deliveries share.
 */
export async function scriptCalls(redis: Redis): Promise<number> {
  const stats = await redis.info('commandstats');
  let calls = 0;
  for (const [, count] of stats.matchAll(/^cmdstat_(?:eval|evalsha):calls=(\d+)/gm)) calls += Number(count);
  return calls;
}

export interface DeletedKeys {
  keys: number;
  /** used_memory before minus after the delete. */
  freedBytes: number;
}

/** Deletes every key matching `pattern` (a SCAN glob), measuring what that frees. */
export async function deleteMatching(redis: Redis, pattern: string): Promise<DeletedKeys> {
  const keys = await scanAll(redis, pattern);
  const before = await usedMemory(redis);
  for (let i = 0; i < keys.length; i += 1000) await redis.del(...keys.slice(i, i + 1000));
  const after = await usedMemory(redis);
  return { keys: keys.length, freedBytes: before - after };
}

async function scanAll(redis: Redis, pattern: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== '0');
  return keys;
}

/** Escapes the characters SCAN's glob gives a meaning, so a queue name matches only itself. */
export function globLiteral(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}
