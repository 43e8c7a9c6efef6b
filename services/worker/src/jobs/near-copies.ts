import type { Analyzer, CommentForAnalysis, DuplicateCandidate, Fingerprint, ModerationPolicy } from '@moderato/analysis';
import type { InFlightComment } from '@moderato/duplicate-registry';
import type { Logger } from '@moderato/service-kit';
import { findCommentForAnalysis, findDuplicateCandidates, type CandidateFinder, type Storage } from '@moderato/storage';
import { analyzeStoredAgain, type PublisherContexts } from './publisher-context.js';

/** The registry of comments in flight (DuplicateRegistry in production). */
export interface NearCopyRegistry {
  register(publisherId: string, comment: InFlightComment): Promise<InFlightComment[]>;
  release(publisherId: string, comment: Pick<InFlightComment, 'commentId' | 'fingerprint'>): Promise<{ recheck: boolean }>;
  askRecheck(publisherId: string, commentId: string): Promise<'asked' | 'released'>;
}

export interface NearCopyDependencies {
  storage: Storage;
  analyzer: Analyzer;
  registry: NearCopyRegistry;
  /** The stored candidates' lookup, shared between the lookups that meet (createCandidateFinder). */
  candidates: CandidateFinder;
  contexts: PublisherContexts;
  /** Counts candidates seen in the registry only, i.e. near-copies processed at the same moment (for metrics). */
  countInFlightCandidates?: (count: number) => void;
}

/** Duplicate candidates of a registered comment: stored ones, and ones still in flight (not stored yet). */
export interface RegisteredLookup {
  candidates: DuplicateCandidate[];
  inFlightIds: Set<string>;
}

/**
 * Duplicate detection without a lock. The comment registers its fingerprint keys in the registry before it reads the
 * stored candidates, and is released only after it is stored. So of two near-copies, the one that registers second
 * sees the first: in the registry while the first is in flight, else in storage (the first was stored before its
 * release). The one that sees the other decides: it is the copy when it was posted later; when it was posted
 * earlier, the other is the copy and is told (settleLaterCopies).
 */
export async function lookUpRegistered(deps: NearCopyDependencies, publisherId: string, comment: InFlightComment): Promise<RegisteredLookup> {
  const inFlight = await deps.registry.register(publisherId, comment);
  const stored = await deps.candidates.find(publisherId, comment.commentId, comment.fingerprint);
  const storedIds = new Set(stored.map((candidate) => candidate.commentId));
  const onlyInFlight = inFlight.filter((candidate) => !storedIds.has(candidate.commentId));
  if (onlyInFlight.length > 0) deps.countInFlightCandidates?.(onlyInFlight.length);
  return { candidates: [...stored, ...onlyInFlight], inFlightIds: new Set(onlyInFlight.map((candidate) => candidate.commentId)) };
}

/**
 * After the comment is stored: each near-copy posted after it but seen first (it was processed first) must name it
 * as its original. One still in flight is asked to look again once stored; one already stored is analyzed again here.
 */
export async function settleLaterCopies(
  deps: NearCopyDependencies, publisherId: string, subject: CommentForAnalysis, fingerprint: Fingerprint,
  lookup: RegisteredLookup, policy: ModerationPolicy, log: Logger,
): Promise<void> {
  for (const copy of deps.analyzer.laterNearCopies(subject, fingerprint, lookup.candidates)) {
    if (lookup.inFlightIds.has(copy.commentId) && (await deps.registry.askRecheck(publisherId, copy.commentId)) === 'asked') {
      log.debug({ laterCopyId: copy.commentId }, 'later near-copy still in flight: asked to look for its original once stored');
      continue;
    }
    await reanalyzeLaterCopy(deps, publisherId, copy.commentId, policy, log);
  }
}

/** Releases a stored comment; when an earlier-posted near-copy asked meanwhile, the comment looks for its original again. */
export async function releaseRegistered(
  deps: NearCopyDependencies, publisherId: string, comment: InFlightComment, policy: ModerationPolicy, log: Logger,
): Promise<void> {
  const { recheck } = await deps.registry.release(publisherId, comment);
  if (recheck) await reanalyzeLaterCopy(deps, publisherId, comment.commentId, policy, log);
}

/**
 * A comment posted after an original that was stored after it is analyzed again against the stored candidates, now
 * that the original is among them, unless a moderator has decided it or it already names another original.
 */
async function reanalyzeLaterCopy(
  deps: NearCopyDependencies, publisherId: string, commentId: string, policy: ModerationPolicy, log: Logger,
): Promise<void> {
  const stored = await findCommentForAnalysis(deps.storage, publisherId, commentId);
  if (!stored || stored.decided || stored.duplicateOf) return;
  const article = await deps.contexts.article(publisherId, stored.articleId, stored.articleTitle);
  const candidates = await findDuplicateCandidates(deps.storage, publisherId, commentId, stored.fingerprint);
  const { analysis, replaced } = await analyzeStoredAgain(deps, publisherId, stored, { policy, article, fingerprint: stored.fingerprint, candidates, cause: 'later_copy' });
  log.info({ laterCopyId: commentId, duplicateOf: analysis.duplicate.match?.commentId, status: analysis.status, replaced }, 'later near-copy analyzed again');
}
