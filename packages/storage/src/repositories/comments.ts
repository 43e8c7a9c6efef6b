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
  const { analysis } = comment;
  const { fingerprint, ...analysisWithoutFingerprint } = analysis;
  const document = {
    ...comment,
    status: analysis.status,
    flags: analysis.flags.map((flag) => flag.kind),
    severity: Math.max(0, ...analysis.flags.map((flag) => flag.score)),
    sentiment: analysis.sentiment ? { score: analysis.sentiment.score, label: analysis.sentiment.label } : undefined,
    duplicateOf: analysis.duplicate.match?.commentId,
    fingerprint,
    analysis: analysisWithoutFingerprint,
    decision: null,
  };
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
      { commentId: 1, authorId: 1, articleId: 1, fingerprint: 1 },
    )
    .sort({ createdAt: 1 })
    .limit(MAX_DUPLICATE_CANDIDATES)
    .lean();
  return docs.map((doc) => ({
    commentId: doc.commentId,
    authorId: doc.authorId,
    articleId: doc.articleId,
    fingerprint: { exact: doc.fingerprint?.exact ?? '', signature: doc.fingerprint?.signature ?? [], bands: doc.fingerprint?.bands ?? [] },
  }));
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
