import type { DuplicateCandidate, Fingerprint } from '@moderato/analysis';
import { queueKey } from '@moderato/contracts';
import type { Cluster, Redis } from 'ioredis';
import { ASK_RECHECK_SCRIPT, REGISTER_SCRIPT, RELEASE_SCRIPT } from './scripts.js';

/** A comment as the registry holds it while its analysis is in flight: what another comment compares itself with. */
export type InFlightComment = Required<DuplicateCandidate>;

export interface RegistryOptions {
  /**
   * How long an entry outlives a worker that died before releasing it. It must exceed the longest job, since an
   * entry that expires while its comment is still in flight is invisible to the comments that come after it.
   */
  ttlMs: number;
}

export const DEFAULT_REGISTRY_OPTIONS: RegistryOptions = { ttlMs: 10 * 60_000 };

type RedisClient = Redis | Cluster;

interface RegistryCommands {
  moderatoRegistryRegister(numberOfKeys: number, ...keysAndArgs: string[]): Promise<string[]>;
  moderatoRegistryRelease(numberOfKeys: number, ...keysAndArgs: string[]): Promise<number>;
  moderatoRegistryAskRecheck(numberOfKeys: number, ...keysAndArgs: string[]): Promise<number>;
}

/**
 * The comments of each publisher whose analysis is in flight, by fingerprint key, in Redis: the lock-free half of
 * duplicate detection. A comment registers before it looks for stored candidates and is released after it is stored,
 * so of two near-copies the one that registers second always sees the first, in flight here or stored in MongoDB.
 * All keys of one queue share its hash slot (see queueKey), so the scripts run on Redis Cluster too.
 */
export class DuplicateRegistry {
  readonly #redis: RedisClient & RegistryCommands;
  readonly #queueName: string;
  readonly #options: RegistryOptions;

  constructor(redis: RedisClient, queueName: string, options: RegistryOptions = DEFAULT_REGISTRY_OPTIONS) {
    defineScripts(redis);
    this.#redis = redis as RedisClient & RegistryCommands;
    this.#queueName = queueName;
    this.#options = options;
  }

  /** Registers the comment and returns the other in-flight comments that share one of its fingerprint keys. */
  async register(publisherId: string, comment: InFlightComment): Promise<InFlightComment[]> {
    const keys = this.#keys(publisherId, comment.fingerprint);
    const found = await this.#redis.moderatoRegistryRegister(keys.length, ...keys, comment.commentId, serialize(comment), String(this.#options.ttlMs));
    return found.map(deserialize);
  }

  /**
   * Removes a stored comment from the registry. Answers whether another comment, posted earlier but stored before
   * this one was, asked it to look for its original again.
   */
  async release(publisherId: string, comment: Pick<InFlightComment, 'commentId' | 'fingerprint'>): Promise<{ recheck: boolean }> {
    const keys = this.#keys(publisherId, comment.fingerprint);
    const removed = await this.#redis.moderatoRegistryRelease(keys.length, ...keys, comment.commentId);
    return { recheck: removed === 1 };
  }

  /**
   * Asks an in-flight comment to look for its original again once it is stored: 'asked' when it is still in flight,
   * 'released' when it was released meanwhile (so it is stored, and the caller re-analyzes it itself).
   */
  async askRecheck(publisherId: string, commentId: string): Promise<'asked' | 'released'> {
    const keys = this.#keys(publisherId, { exact: '', signature: [], bands: [] }).slice(0, 3);
    const asked = await this.#redis.moderatoRegistryAskRecheck(keys.length, ...keys, commentId, String(this.#options.ttlMs));
    return asked === 1 ? 'asked' : 'released';
  }

  /** entries, deadlines, recheck, then one key per fingerprint key (the exact hash and each band). */
  #keys(publisherId: string, fingerprint: Fingerprint): string[] {
    // The publisher's prefix once: a comment has about 25 fingerprint keys, registered and released.
    const prefix = queueKey(this.#queueName, 'registry', encodeURIComponent(publisherId));
    const fingerprintKeys = [...(fingerprint.exact ? [`x:${fingerprint.exact}`] : []), ...fingerprint.bands];
    return [`${prefix}:entries`, `${prefix}:deadlines`, `${prefix}:recheck`, ...fingerprintKeys.map((part) => `${prefix}:fp:${part}`)];
  }
}

function defineScripts(redis: RedisClient): void {
  const defined = redis as Partial<RegistryCommands>;
  if (!defined.moderatoRegistryRegister) redis.defineCommand('moderatoRegistryRegister', { lua: REGISTER_SCRIPT });
  if (!defined.moderatoRegistryRelease) redis.defineCommand('moderatoRegistryRelease', { lua: RELEASE_SCRIPT });
  if (!defined.moderatoRegistryAskRecheck) redis.defineCommand('moderatoRegistryAskRecheck', { lua: ASK_RECHECK_SCRIPT });
}

function serialize(comment: InFlightComment): string {
  const { commentId, authorId, articleId, createdAt, fingerprint } = comment;
  return JSON.stringify([commentId, authorId, articleId, createdAt.getTime(), fingerprint.exact, fingerprint.signature, fingerprint.bands]);
}

function deserialize(json: string): InFlightComment {
  const [commentId, authorId, articleId, createdAt, exact, signature, bands] = JSON.parse(json) as [string, string, string, number, string, number[], string[]];
  return { commentId, authorId, articleId, createdAt: new Date(createdAt), fingerprint: { exact, signature, bands } };
}
