import type { Analysis, DuplicateCandidate, Fingerprint } from '@moderato/analysis';
import { analyzedEvent, reanalyzedEvent } from '../events/outbox.js';
import type { CommentDocument } from '../models/comment.js';
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
export const MAX_DUPLICATE_CANDIDATES = 50;

/**
 * Stores an analyzed comment once, with its `comment.analyzed` event in the same document write (the outbox). Keyed by
 * (publisherId, commentId) with a unique index, so a retried or redelivered job never creates a second document nor a
 * second event; an existing document (perhaps already decided by a moderator) is left as it is.
 *
 * The hot path's write goes to the driver's collection directly: the document is built here, field by field, from a
 * comment the worker validated and an analysis it made, so mongoose's casting of it (a tenth of the worker's CPU) would
 * only repeat work; `commentDocument` is what keeps it in the schema's shape (a test holds it to the schema).
 */
export async function saveAnalyzedComment(storage: Storage, comment: AnalyzedComment): Promise<{ created: boolean }> {
  const result = await storage.models.comments.collection.updateOne(
    { publisherId: comment.publisherId, commentId: comment.commentId },
    { $setOnInsert: commentDocument(comment) },
    // Absent optional values stay absent, as mongoose leaves them, instead of being stored as null.
    { upsert: true, ignoreUndefined: true },
  );
  return { created: result.upsertedCount === 1 };
}

/** The stored document of a newly analyzed comment: its fields, those derived from the analysis, and its first event. */
export function commentDocument(comment: AnalyzedComment): Record<string, unknown> {
  const event = analyzedEvent(comment, comment.analysis, comment.analyzedAt);
  return stripUndefined({ ...comment, ...analysisFields(comment.analysis), decision: null, eventCount: 1, outbox: [event] });
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
  const found = await findSharingFingerprints(storage, [publisherId], [fingerprint.exact], fingerprint.bands, MAX_DUPLICATE_CANDIDATES, excludeCommentId);
  return found.map(({ candidate }) => candidate);
}

/**
 * The stored comments of `publisherIds`, oldest first and at most `limit`, whose exact hash is one of `exacts` or
 * that share a band with `bands`, except `excludeCommentId`; each with its publisher. Both fields are indexed after
 * the publisher id, so each publisher and value is one index lookup.
 */
export async function findSharingFingerprints(
  storage: Storage,
  publisherIds: readonly string[],
  exacts: readonly string[],
  bands: readonly string[],
  limit: number,
  excludeCommentId?: string,
): Promise<Array<{ publisherId: string; candidate: DuplicateCandidate }>> {
  const oneOf = (values: readonly string[]) => (values.length === 1 ? { $eq: values[0] } : { $in: [...values] });
  // The driver's collection directly, as for saveAnalyzedComment: the filter is built here from typed values only.
  const docs = await storage.models.comments.collection
    .find<Pick<CommentDocument, 'publisherId' | 'commentId' | 'authorId' | 'articleId' | 'fingerprint' | 'createdAt'>>(
      {
        publisherId: oneOf(publisherIds),
        ...(excludeCommentId === undefined ? {} : { commentId: { $ne: excludeCommentId } }),
        $or: [{ 'fingerprint.exact': oneOf(exacts) }, { 'fingerprint.bands': { $in: [...bands] } }],
      },
      { projection: { _id: 0, publisherId: 1, commentId: 1, authorId: 1, articleId: 1, fingerprint: 1, createdAt: 1 }, sort: { createdAt: 1 }, limit },
    )
    .toArray();
  return docs.map((doc) => ({
    publisherId: doc.publisherId,
    candidate: { commentId: doc.commentId, authorId: doc.authorId, articleId: doc.articleId, fingerprint: storedFingerprint(doc.fingerprint), createdAt: doc.createdAt },
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

/** How many times a conditional write is tried again when another writer changed the comment in between. */
const MAX_WRITE_RACES = 5;

/** The fields a StoredCommentForAnalysis is read from (also by repositories/reanalysis.ts). */
export const COMMENT_FOR_ANALYSIS_FIELDS = { commentId: 1, authorId: 1, articleId: 1, articleTitle: 1, text: 1, language: 1, createdAt: 1, fingerprint: 1, duplicateOf: 1, decision: 1 } as const;

export async function findCommentForAnalysis(storage: Storage, publisherId: string, commentId: string): Promise<StoredCommentForAnalysis | null> {
  const doc = await storage.models.comments
    .findOne({ publisherId: { $eq: publisherId }, commentId: { $eq: commentId } }, COMMENT_FOR_ANALYSIS_FIELDS)
    .lean();
  return doc ? toCommentForAnalysis(doc) : null;
}

/** A stored document, read with COMMENT_FOR_ANALYSIS_FIELDS, as the analysis reads it. */
export function toCommentForAnalysis(doc: Pick<CommentDocument, keyof typeof COMMENT_FOR_ANALYSIS_FIELDS>): StoredCommentForAnalysis {
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
 * decided the comment meanwhile: a decision is never overridden. When the outcome changed (status, flags or the
 * original it copies), a `comment.reanalyzed` event is recorded in the same write; the write is conditional on the
 * comment's event count, so two writers never give two events the same sequence.
 */
export async function replaceAnalysisUnlessDecided(
  storage: Storage, publisherId: string, commentId: string, analysis: Analysis, analyzedAt: Date, cause = 'later_copy',
): Promise<{ replaced: boolean; eventRecorded: boolean }> {
  const fields: Record<string, unknown> = { ...analysisFields(analysis), analyzedAt };
  const cleared = Object.keys(fields).filter((key) => fields[key] === undefined);
  for (let race = 0; race < MAX_WRITE_RACES; race++) {
    const current = await storage.models.comments
      .findOne({ publisherId: { $eq: publisherId }, commentId: { $eq: commentId } }, { articleId: 1, authorId: 1, status: 1, flags: 1, duplicateOf: 1, decision: 1, eventCount: 1 })
      .lean();
    if (!current || current.decision) return { replaced: false, eventRecorded: false };
    const eventCount = current.eventCount ?? 0;
    const previous = { status: current.status as 'approved' | 'pending' | 'rejected', flags: [...(current.flags ?? [])] };
    const changed = outcomeChanged(previous, current.duplicateOf ?? undefined, analysis);
    const event = changed
      ? reanalyzedEvent({ publisherId, commentId, articleId: current.articleId, authorId: current.authorId, sequence: eventCount + 1 }, analysis, previous, cause, analyzedAt)
      : undefined;
    const result = await storage.models.comments.updateOne(
      { publisherId: { $eq: publisherId }, commentId: { $eq: commentId }, decision: null, eventCount: { $eq: current.eventCount ?? null } },
      {
        $set: stripUndefined(fields),
        ...(cleared.length > 0 ? { $unset: Object.fromEntries(cleared.map((key) => [key, 1])) } : {}),
        ...(event ? { $push: { outbox: event }, $inc: { eventCount: 1 } } : {}),
      },
    );
    if (result.matchedCount === 1) return { replaced: true, eventRecorded: event !== undefined };
  }
  throw new Error(`comment ${commentId} kept changing while its analysis was replaced (${MAX_WRITE_RACES} tries)`);
}

function outcomeChanged(previous: { status: string; flags: string[] }, previousDuplicateOf: string | undefined, analysis: Analysis): boolean {
  const kinds = analysis.flags.map((flag) => flag.kind);
  return previous.status !== analysis.status
    || previousDuplicateOf !== analysis.duplicate.match?.commentId
    || kinds.length !== previous.flags.length
    || kinds.some((kind) => !previous.flags.includes(kind));
}

function storedFingerprint(stored: { exact?: string | null; signature?: number[] | null; bands?: string[] | null } | null | undefined): Fingerprint {
  return { exact: stored?.exact ?? '', signature: stored?.signature ?? [], bands: stored?.bands ?? [] };
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
