import type { Analysis, DuplicateCandidate, Fingerprint } from '@moderato/analysis';
import type { Storage } from '../storage.js';

export interface AnalyzedComment {
  publisherId: string;
  commentId: string;
  articleId: string;
  articleUrl?: string;
  articleTitle?: string;
  authorId: string;
  authorName?: string;
  parentId?: string;
  text: string;
  language?: string;
  ip?: string;
  userAgent?: string;
  createdAt: Date;
  receivedAt: Date;
  webhookId: string;
  analyzedAt: Date;
  analysis: Analysis;
}

/** Most candidates one lookup returns: band collisions beyond this are near-certainly the same text many times over. */
const MAX_DUPLICATE_CANDIDATES = 50;

/**
 * Stores an analyzed comment once. Keyed by (publisherId, commentId) with a unique index, so a retried or redelivered
 * job never creates a second document; an existing document (perhaps already decided by a moderator) is left as it is.
 */
export async function saveAnalyzedComment(storage: Storage, comment: AnalyzedComment): Promise<{ created: boolean }> {
  const document = { ...comment, ...analysisFields(comment.analysis), decision: null };
  const result = await storage.models.comments.updateOne(
    { publisherId: { $eq: comment.publisherId }, commentId: { $eq: comment.commentId } },
    { $setOnInsert: stripUndefined(document) },
    { upsert: true },
  );
  return { created: result.upsertedCount === 1 };
}

/**
 * Earlier comments of the publisher that share the exact hash or at least one LSH band with `fingerprint`.
 * Both fields are indexed, so the cost depends on how many similar comments exist, not on how many are stored.
 */
export async function findDuplicateCandidates(
  storage: Storage,
  publisherId: string,
  excludeCommentId: string,
  fingerprint: Fingerprint,
): Promise<DuplicateCandidate[]> {
  const docs = await storage.models.comments
    .find(
      {
        publisherId: { $eq: publisherId },
        commentId: { $ne: excludeCommentId },
        $or: [{ 'fingerprint.exact': { $eq: fingerprint.exact } }, { 'fingerprint.bands': { $in: fingerprint.bands } }],
      },
      { commentId: 1, authorId: 1, articleId: 1, fingerprint: 1, createdAt: 1 },
    )
    .sort({ createdAt: 1 })
    .limit(MAX_DUPLICATE_CANDIDATES)
    .lean();
  return docs.map((doc) => ({
    commentId: doc.commentId,
    authorId: doc.authorId,
    articleId: doc.articleId,
    fingerprint: storedFingerprint(doc.fingerprint),
    createdAt: doc.createdAt,
  }));
}

/** The stored fields that come from an analysis: the full analysis, and what the queue filters and sorts on. */
function analysisFields(analysis: Analysis) {
  const { fingerprint, ...analysisWithoutFingerprint } = analysis;
  return {
    status: analysis.status,
    flags: analysis.flags.map((flag) => flag.kind),
    severity: Math.max(0, ...analysis.flags.map((flag) => flag.score)),
    sentiment: analysis.sentiment ? { score: analysis.sentiment.score, label: analysis.sentiment.label } : undefined,
    duplicateOf: analysis.duplicate.match?.commentId,
    fingerprint,
    analysis: analysisWithoutFingerprint,
  };
}

/** A stored comment as it is analyzed again: what the analysis reads, and whether a moderator has decided it. */
export interface StoredCommentForAnalysis {
  commentId: string;
  authorId: string;
  articleId: string;
  articleTitle?: string;
  text: string;
  language?: string;
  createdAt: Date;
  fingerprint: Fingerprint;
  duplicateOf?: string;
  decided: boolean;
}

export async function findCommentForAnalysis(storage: Storage, publisherId: string, commentId: string): Promise<StoredCommentForAnalysis | null> {
  const doc = await storage.models.comments
    .findOne({ publisherId: { $eq: publisherId }, commentId: { $eq: commentId } }, { commentId: 1, authorId: 1, articleId: 1, articleTitle: 1, text: 1, language: 1, createdAt: 1, fingerprint: 1, duplicateOf: 1, decision: 1 })
    .lean();
  if (!doc) return null;
  return stripUndefined({
    commentId: doc.commentId,
    authorId: doc.authorId,
    articleId: doc.articleId,
    articleTitle: doc.articleTitle ?? undefined,
    text: doc.text,
    language: doc.language ?? undefined,
    createdAt: doc.createdAt,
    fingerprint: storedFingerprint(doc.fingerprint),
    duplicateOf: doc.duplicateOf ?? undefined,
    decided: doc.decision !== null && doc.decision !== undefined,
  });
}

/**
 * Replaces a stored comment's analysis (and the status, flags and fields derived from it), unless a moderator has
 * decided the comment meanwhile: a decision is never overridden.
 */
export async function replaceAnalysisUnlessDecided(
  storage: Storage, publisherId: string, commentId: string, analysis: Analysis, analyzedAt: Date,
): Promise<{ replaced: boolean }> {
  const fields: Record<string, unknown> = { ...analysisFields(analysis), analyzedAt };
  const cleared = Object.keys(fields).filter((key) => fields[key] === undefined);
  const result = await storage.models.comments.updateOne(
    { publisherId: { $eq: publisherId }, commentId: { $eq: commentId }, decision: null },
    { $set: stripUndefined(fields), ...(cleared.length > 0 ? { $unset: Object.fromEntries(cleared.map((key) => [key, 1])) } : {}) },
  );
  return { replaced: result.modifiedCount === 1 };
}

function storedFingerprint(stored: { exact?: string | null; signature?: number[] | null; bands?: string[] | null } | null | undefined): Fingerprint {
  return { exact: stored?.exact ?? '', signature: stored?.signature ?? [], bands: stored?.bands ?? [] };
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
