import type { DuplicateCandidate, Fingerprint } from '@moderato/analysis';
import type { Storage } from '../storage.js';
import { findDuplicateCandidates, findSharingFingerprints, MAX_DUPLICATE_CANDIDATES } from './comments.js';

/** Finds duplicate candidates exactly as findDuplicateCandidates does, sharing queries between concurrent callers. */
export interface CandidateFinder {
  find(publisherId: string, excludeCommentId: string, fingerprint: Fingerprint): Promise<DuplicateCandidate[]>;
}

interface PendingLookup {
  publisherId: string;
  excludeCommentId: string;
  fingerprint: Fingerprint;
  resolve: (candidates: DuplicateCandidate[]) => void;
  reject: (error: unknown) => void;
}

/** The most lookups one query serves; more wait for the next. */
export const MAX_LOOKUPS_PER_QUERY = 16;

/**
 * The most band keys one query carries (24 a comment with the shipped settings): a query's `$in` lists stay small
 * enough for an index lookup (the wire double expands at most 1,000 keys) whatever banding a deployment chooses.
 */
const MAX_BANDS_PER_QUERY = 512;

/**
 * Group lookup, as the comment writer's group commit: the first lookup of an idle finder goes out at the end of the
 * current turn of the event loop, with any others asked for in that turn; lookups asked for while a query is on its
 * way go out together in the next. A publisher's lookups that meet become one query for the union of their exact
 * hashes and bands, with room for every lookup's full share (50 each); each lookup then keeps, oldest first, the
 * comments that share its own hash or a band, which are exactly what its own query would have returned as long as
 * the union query was not cut by its limit. When it was, each lookup runs its own query instead. A failed query
 * fails the lookups it served, each of which the worker retries.
 */
export function createCandidateFinder(storage: Storage, maxPerQuery = MAX_LOOKUPS_PER_QUERY): CandidateFinder {
  let queued: PendingLookup[] = [];
  let querying = false;

  const flush = async (): Promise<void> => {
    querying = true;
    try {
      while (queued.length > 0) {
        const batch = queued.slice(0, maxPerQuery);
        queued = queued.slice(batch.length);
        await Promise.all([...byPublisher(batch)].flatMap(([publisherId, lookups]) => withinBandLimit(lookups).map((group) => serve(storage, publisherId, group))));
      }
    } finally {
      querying = false;
    }
  };

  return {
    find(publisherId, excludeCommentId, fingerprint) {
      return new Promise((resolve, reject) => {
        queued.push({ publisherId, excludeCommentId, fingerprint, resolve, reject });
        if (!querying && queued.length === 1) setImmediate(() => void flush());
      });
    },
  };
}

function byPublisher(batch: readonly PendingLookup[]): Map<string, PendingLookup[]> {
  const groups = new Map<string, PendingLookup[]>();
  for (const lookup of batch) groups.set(lookup.publisherId, [...(groups.get(lookup.publisherId) ?? []), lookup]);
  return groups;
}

/** Consecutive groups of `lookups` whose bands together stay within MAX_BANDS_PER_QUERY (a lookup over it goes alone). */
function withinBandLimit(lookups: readonly PendingLookup[]): PendingLookup[][] {
  const groups: PendingLookup[][] = [];
  let bands = Infinity;
  for (const lookup of lookups) {
    if (bands + lookup.fingerprint.bands.length > MAX_BANDS_PER_QUERY) {
      groups.push([]);
      bands = 0;
    }
    groups.at(-1)!.push(lookup);
    bands += lookup.fingerprint.bands.length;
  }
  return groups;
}

async function serve(storage: Storage, publisherId: string, lookups: readonly PendingLookup[]): Promise<void> {
  try {
    if (lookups.length === 1) {
      const [lookup] = lookups as [PendingLookup];
      lookup.resolve(await findDuplicateCandidates(storage, publisherId, lookup.excludeCommentId, lookup.fingerprint));
      return;
    }
    const limit = MAX_DUPLICATE_CANDIDATES * lookups.length;
    const exacts = [...new Set(lookups.map((lookup) => lookup.fingerprint.exact))];
    const bands = [...new Set(lookups.flatMap((lookup) => lookup.fingerprint.bands))];
    const shared = await findSharingFingerprints(storage, publisherId, exacts, bands, limit);
    if (shared.length >= limit) {
      // Cut by the limit: some lookup's oldest matches may be missing, so each asks for its own.
      await Promise.all(lookups.map(async (lookup) => lookup.resolve(await findDuplicateCandidates(storage, publisherId, lookup.excludeCommentId, lookup.fingerprint))));
      return;
    }
    for (const lookup of lookups) lookup.resolve(matchesOf(lookup, shared));
  } catch (error) {
    for (const lookup of lookups) lookup.reject(error);
  }
}

/** The stored comments (oldest first) one lookup's own query would have returned. */
function matchesOf(lookup: PendingLookup, shared: readonly DuplicateCandidate[]): DuplicateCandidate[] {
  const bands = new Set(lookup.fingerprint.bands);
  const matches: DuplicateCandidate[] = [];
  for (const candidate of shared) {
    if (matches.length === MAX_DUPLICATE_CANDIDATES) break;
    if (candidate.commentId === lookup.excludeCommentId) continue;
    if (candidate.fingerprint.exact === lookup.fingerprint.exact || candidate.fingerprint.bands.some((band) => bands.has(band))) matches.push(candidate);
  }
  return matches;
}
