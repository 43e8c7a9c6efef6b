import type { DuplicateCandidate, DuplicateResult, DuplicateScope, Fingerprint, Reason } from '../types.js';
import { signatureSimilarity } from './minhash.js';
import type { DuplicateSettings } from './settings.js';

/** The comment being checked; `commentId`, when given, keeps a re-scored comment from matching itself. */
export interface CommentIdentity {
  authorId: string;
  articleId: string;
  commentId?: string;
  createdAt?: Date;
}

const SCOPE_RANK: Record<DuplicateScope, number> = { article: 0, author: 1, publisher: 2 };

const SCOPE_WORDS: Record<DuplicateScope, string> = {
  article: 'on the same article',
  author: 'by the same author on another article',
  publisher: 'by another author on another article',
};

/** Similarity of two fingerprints: 1 for the same exact key, else the MinHash estimate of Jaccard similarity. */
export function similarity(a: Fingerprint, b: Fingerprint, _settings: DuplicateSettings): number {
  if (a.exact === b.exact) return 1;
  return signatureSimilarity(a.signature, b.signature);
}

/**
 * Whether `candidate` was posted after `comment` (time, then comment id for the same time, so of two near-copies
 * exactly one is the other's original). Unknown times count as earlier: the candidate was stored first.
 */
export function postedAfter(candidate: DuplicateCandidate, comment: CommentIdentity): boolean {
  if (!candidate.createdAt || !comment.createdAt) return false;
  const difference = candidate.createdAt.getTime() - comment.createdAt.getTime();
  if (difference !== 0) return difference > 0;
  return comment.commentId !== undefined && candidate.commentId > comment.commentId;
}

/**
 * The closest earlier comment among the candidates (fetched by exact key or shared band keys), reported when its
 * similarity reaches `settings.threshold`. Ties go to the narrowest scope. A short comment (no signature) is only
 * compared exactly, and only with the same author's comments: "Great article!" from two readers is not a copy.
 * Candidates posted after the comment are skipped: stored first only because they were processed first, they are
 * the copies (`laterNearCopies` finds them).
 */
export function findDuplicate(
  comment: CommentIdentity,
  fingerprint: Fingerprint,
  candidates: readonly DuplicateCandidate[],
  settings: DuplicateSettings,
): DuplicateResult {
  const short = fingerprint.signature.length === 0;
  let best: { candidate: DuplicateCandidate; similarity: number; scope: DuplicateScope } | undefined;
  for (const candidate of candidates) {
    if (!comparable(comment, fingerprint, candidate) || postedAfter(candidate, comment)) continue;
    const scope = scopeOf(comment, candidate);
    const value = similarity(fingerprint, candidate.fingerprint, settings);
    if (!best || value > best.similarity || (value === best.similarity && SCOPE_RANK[scope] < SCOPE_RANK[best.scope])) {
      best = { candidate, similarity: value, scope };
    }
  }
  const reasons: Reason[] = short ? [shortTextReason()] : [];
  if (!best || best.similarity <= 0) return { score: 0, reasons };
  if (best.similarity < settings.threshold) {
    // Below the near-copy level; named anyway so a publisher flagging at a lower level still sees why.
    reasons.push(closestReason(best.candidate.commentId, best.similarity, settings.threshold));
    return { score: best.similarity, reasons };
  }
  const exact = best.candidate.fingerprint.exact === fingerprint.exact;
  const value = best.similarity;
  reasons.push(matchReason(best.candidate.commentId, value, exact, best.scope));
  return {
    score: value,
    match: { commentId: best.candidate.commentId, similarity: value, exact, scope: best.scope },
    reasons,
  };
}

/**
 * Candidates posted after the comment that are near-copies of it: stored before it only because they were processed
 * first (comments of one delivery run at the same time), each should now name this comment as its original.
 */
export function laterNearCopies(
  comment: CommentIdentity,
  fingerprint: Fingerprint,
  candidates: readonly DuplicateCandidate[],
  settings: DuplicateSettings,
): DuplicateCandidate[] {
  return candidates.filter((candidate) =>
    comparable(comment, fingerprint, candidate) && postedAfter(candidate, comment) &&
    similarity(fingerprint, candidate.fingerprint, settings) >= settings.threshold);
}

/** Not the comment itself; a short comment (no signature) is compared with the same author's comments only. */
function comparable(comment: CommentIdentity, fingerprint: Fingerprint, candidate: DuplicateCandidate): boolean {
  if (comment.commentId !== undefined && candidate.commentId === comment.commentId) return false;
  return fingerprint.signature.length > 0 || candidate.authorId === comment.authorId;
}

/** Narrowest scope that holds: same article, else same author, else the publisher at large. */
export function scopeOf(comment: CommentIdentity, candidate: DuplicateCandidate): DuplicateScope {
  if (candidate.articleId === comment.articleId) return 'article';
  if (candidate.authorId === comment.authorId) return 'author';
  return 'publisher';
}

function matchReason(commentId: string, value: number, exact: boolean, scope: DuplicateScope): Reason {
  const where = SCOPE_WORDS[scope];
  return exact
    ? { code: 'exact_duplicate', message: `Exact copy (after normalization) of comment ${commentId} ${where}`, weight: 1 }
    : {
        code: 'near_duplicate',
        message: `Near-copy (similarity ${value.toFixed(2)}) of comment ${commentId} ${where}`,
        weight: value,
      };
}

function closestReason(commentId: string, value: number, threshold: number): Reason {
  return {
    code: 'closest_comment',
    message: `Closest earlier comment ${commentId} (similarity ${value.toFixed(2)}) is below the near-copy level ${threshold.toFixed(2)}`,
    weight: value,
  };
}

function shortTextReason(): Reason {
  return {
    code: 'short_text_exact_only',
    message: 'Short comment: only exact repeats by the same author count as duplicates',
  };
}
