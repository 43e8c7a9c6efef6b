import type { DuplicateCandidate, Fingerprint } from '@moderato/analysis';
import type { Storage } from '../storage.js';
import { findDuplicateCandidates, findSharingFingerprints, MAX_DUPLICATE_CANDIDATES } from './comments.js';
import { groupBatcher, type Pending } from './group-batcher.js';

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

/** The most lookups one query serves; more wait for the next. */
export const MAX_LOOKUPS_PER_QUERY = 16;

/**
 * The most band keys one query carries (24 a comment with the shipped settings): a query's `$in` lists stay small
 * enough for an index lookup (the wire double expands at most 1,000 keys) whatever banding a deployment chooses.
 */
const MAX_BANDS_PER_QUERY = 512;

/**
 * Group lookup (groupBatcher, as the comment writer's group commit). A publisher's lookups that meet become one query
 * for the union of their exact hashes and bands, with room for every lookup's full share (50 each); each lookup then
 * keeps, oldest first, the comments that share its own hash or a band, which are exactly what its own query would
 * have returned as long as the union query was not cut by its limit. When it was, each lookup runs its own query
 * instead. A failed query fails the lookups it served, each of which the worker retries.
 */
export function createCandidateFinder(storage: Storage, maxPerQuery = MAX_LOOKUPS_PER_QUERY): CandidateFinder {
  const lookUp = groupBatcher(async (batch: PendingLookup[]) => {
    await Promise.all([...byPublisher(batch)].flatMap(([publisherId, lookups]) => withinBandLimit(lookups).map((group) => serve(storage, publisherId, group))));
  }, maxPerQuery);
  return { find: (publisherId, excludeCommentId, fingerprint) => lookUp({ publisherId, excludeCommentId, fingerprint }) };
}

function byPublisher(batch: readonly PendingLookup[]): Map<string, PendingLookup[]> {
  const groups = new Map<string, PendingLookup[]>();
  for (const lookup of batch) groups.set(lookup.item.publisherId, [...(groups.get(lookup.item.publisherId) ?? []), lookup]);
  return groups;
}

/** Consecutive groups of `lookups` whose bands together stay within MAX_BANDS_PER_QUERY (a lookup over it goes alone). */
function withinBandLimit(lookups: readonly PendingLookup[]): PendingLookup[][] {
  const groups: PendingLookup[][] = [];
  let bands = Infinity;
  for (const lookup of lookups) {
    if (bands + lookup.item.fingerprint.bands.length > MAX_BANDS_PER_QUERY) {
      groups.push([]);
      bands = 0;
    }
    groups.at(-1)!.push(lookup);
    bands += lookup.item.fingerprint.bands.length;
  }
  return groups;
}

async function serve(storage: Storage, publisherId: string, lookups: readonly PendingLookup[]): Promise<void> {
  try {
    if (lookups.length === 1) {
      const [lookup] = lookups as [PendingLookup];
      lookup.resolve(await findDuplicateCandidates(storage, publisherId, lookup.item.excludeCommentId, lookup.item.fingerprint));
      return;
    }
    const limit = MAX_DUPLICATE_CANDIDATES * lookups.length;
    const exacts = [...new Set(lookups.map((lookup) => lookup.item.fingerprint.exact))];
    const bands = [...new Set(lookups.flatMap((lookup) => lookup.item.fingerprint.bands))];
    const shared = await findSharingFingerprints(storage, publisherId, exacts, bands, limit);
    if (shared.length >= limit) {
      // Cut by the limit: some lookup's oldest matches may be missing, so each asks for its own.
      await Promise.all(lookups.map(async ({ item, resolve }) => resolve(await findDuplicateCandidates(storage, publisherId, item.excludeCommentId, item.fingerprint))));
      return;
    }
    for (const lookup of lookups) lookup.resolve(matchesOf(lookup.item, shared));
  } catch (error) {
    for (const lookup of lookups) lookup.reject(error);
  }
}

/** The stored comments (oldest first) one lookup's own query would have returned. */
function matchesOf(lookup: Lookup, shared: readonly DuplicateCandidate[]): DuplicateCandidate[] {
  const bands = new Set(lookup.fingerprint.bands);
  const matches: DuplicateCandidate[] = [];
  for (const candidate of shared) {
    if (matches.length === MAX_DUPLICATE_CANDIDATES) break;
    if (candidate.commentId === lookup.excludeCommentId) continue;
    if (candidate.fingerprint.exact === lookup.fingerprint.exact || candidate.fingerprint.bands.some((band) => bands.has(band))) matches.push(candidate);
  }
  return matches;
}
