import type { DuplicateCandidate, Fingerprint } from '@moderato/analysis';
import { groupBatcher, type Pending } from '@moderato/group-commit';
import type { Storage } from '../storage.js';
import { findDuplicateCandidates, findSharingFingerprints, MAX_DUPLICATE_CANDIDATES } from './comments.js';

/** Finds duplicate candidates exactly as findDuplicateCandidates does, sharing queries between concurrent callers. */
export interface CandidateFinder {
  find(publisherId: string, excludeCommentId: string, fingerprint: Fingerprint): Promise<DuplicateCandidate[]>;
}

interface Lookup {
  publisherId: string;
  excludeCommentId: string;
  fingerprint: Fingerprint;
}

type PendingLookup = Pending<Lookup, DuplicateCandidate[]>;

export interface CandidateFinderOptions {
  /** The most lookups one query serves; more wait for the next. */
  maxPerQuery?: number;
  /** Told, for each group served, how many lookups it answered and how many queries that took (for metrics). */
  onServed?: (served: { lookups: number; queries: number }) => void;
}

/** The most lookups one query serves by default; more wait for the next. */
export const MAX_LOOKUPS_PER_QUERY = 16;

/**
 * The most index keys one query's band list may expand into: each publisher with each band (24 bands a comment with
 * the shipped settings). Lists stay small enough for index lookups whatever banding a deployment chooses (the wire
 * double expands at most 1,000 keys a lookup; mongod builds its index bounds from the same product).
 */
const MAX_INDEX_KEYS_PER_QUERY = 512;

/**
 * Group lookup (groupBatcher, as the comment writer's group commit). Lookups that meet become one query for their
 * publishers and the union of their exact hashes and bands, with room for every lookup's full share (50 each); each
 * lookup then keeps, oldest first, its own publisher's comments that share its own hash or a band, which are exactly
 * what its own query would have returned as long as the union query was not cut by its limit. When it was, each
 * lookup runs its own query instead. A failed query fails the lookups it served, each of which the worker retries.
 */
export function createCandidateFinder(storage: Storage, options: CandidateFinderOptions = {}): CandidateFinder {
  const { maxPerQuery = MAX_LOOKUPS_PER_QUERY, onServed = () => {} } = options;
  const lookUp = groupBatcher(async (batch: PendingLookup[]) => {
    await Promise.all(withinKeyLimit(batch).map((group) => serve(storage, group, onServed)));
  }, { maxWeight: maxPerQuery });
  return { find: (publisherId, excludeCommentId, fingerprint) => lookUp({ publisherId, excludeCommentId, fingerprint }) };
}

/** Consecutive groups of `lookups` whose publishers × bands stay within MAX_INDEX_KEYS_PER_QUERY (one over it goes alone). */
function withinKeyLimit(lookups: readonly PendingLookup[]): PendingLookup[][] {
  const groups: PendingLookup[][] = [];
  let publishers = new Set<string>();
  let bands = 0;
  for (const lookup of lookups) {
    const { publisherId, fingerprint } = lookup.item;
    const widened = publishers.has(publisherId) ? publishers.size : publishers.size + 1;
    if (groups.length === 0 || widened * (bands + fingerprint.bands.length) > MAX_INDEX_KEYS_PER_QUERY) {
      groups.push([]);
      publishers = new Set();
      bands = 0;
    }
    groups.at(-1)!.push(lookup);
    publishers.add(publisherId);
    bands += fingerprint.bands.length;
  }
  return groups;
}

async function serve(storage: Storage, lookups: readonly PendingLookup[], onServed: NonNullable<CandidateFinderOptions['onServed']>): Promise<void> {
  try {
    if (lookups.length === 1) {
      await ownQuery(storage, lookups[0]!);
      onServed({ lookups: 1, queries: 1 });
      return;
    }
    const limit = MAX_DUPLICATE_CANDIDATES * lookups.length;
    const distinct = (values: string[]) => [...new Set(values)];
    const shared = await findSharingFingerprints(
      storage,
      distinct(lookups.map(({ item }) => item.publisherId)),
      distinct(lookups.map(({ item }) => item.fingerprint.exact)),
      distinct(lookups.flatMap(({ item }) => item.fingerprint.bands)),
      limit,
    );
    if (shared.length >= limit) {
      // Cut by the limit: some lookup's oldest matches may be missing, so each asks for its own.
      await Promise.all(lookups.map((lookup) => ownQuery(storage, lookup)));
      onServed({ lookups: lookups.length, queries: 1 + lookups.length });
      return;
    }
    for (const { item, resolve } of lookups) resolve(matchesOf(item, shared));
    onServed({ lookups: lookups.length, queries: 1 });
  } catch (error) {
    for (const lookup of lookups) lookup.reject(error);
  }
}

/** Answers one lookup with its own query. */
async function ownQuery(storage: Storage, { item, resolve }: PendingLookup): Promise<void> {
  resolve(await findDuplicateCandidates(storage, item.publisherId, item.excludeCommentId, item.fingerprint));
}

/** The stored comments (oldest first) one lookup's own query would have returned. */
function matchesOf(lookup: Lookup, shared: ReadonlyArray<{ publisherId: string; candidate: DuplicateCandidate }>): DuplicateCandidate[] {
  const bands = new Set(lookup.fingerprint.bands);
  const matches: DuplicateCandidate[] = [];
  for (const { publisherId, candidate } of shared) {
    if (matches.length === MAX_DUPLICATE_CANDIDATES) break;
    if (publisherId !== lookup.publisherId || candidate.commentId === lookup.excludeCommentId) continue;
    if (candidate.fingerprint.exact === lookup.fingerprint.exact || candidate.fingerprint.bands.some((band) => bands.has(band))) matches.push(candidate);
  }
  return matches;
}
