import type { QueryFilter } from 'mongoose';
import { COMMENT_STATUSES, type CommentDocument } from '../models/comment.js';
import type { Storage } from '../storage.js';
import { strictlyAfter, type SortOrder } from './keyset.js';
import { COMMENT_FOR_ANALYSIS_FIELDS, toCommentForAnalysis, type StoredCommentForAnalysis } from './comments.js';

/** Which of a publisher's undecided comments to analyze again; nothing set means all of them. */
export interface ReanalysisFilter {
  articleId?: string;
  /** createdAt >= from. */
  from?: Date;
  /** createdAt < to. */
  to?: Date;
}

/** Where a page ended: the sort keys of its last comment. The next page starts strictly after it. */
export interface ReanalysisPosition {
  createdAt: Date;
  commentId: string;
}

export interface ReanalysisPage {
  comments: StoredCommentForAnalysis[];
  /** Position after the last comment, or null when nothing follows. */
  next: ReanalysisPosition | null;
}

export const MAX_REANALYSIS_PAGE_SIZE = 1_000;
const OLDEST_FIRST: SortOrder<keyof ReanalysisPosition> = [['createdAt', 1], ['commentId', 1]];

/**
 * One page of the publisher's undecided comments (no moderator decision, whatever the policy made of them), oldest
 * first by (createdAt, commentId). Keyset pagination: re-analyzing or deciding comments between two pages never
 * shifts the others, and a job that stored the last position continues exactly after it.
 */
export async function listUndecidedForReanalysis(
  storage: Storage, publisherId: string, filter: ReanalysisFilter, page: { after?: ReanalysisPosition; limit: number },
): Promise<ReanalysisPage> {
  if (!Number.isInteger(page.limit) || page.limit < 1 || page.limit > MAX_REANALYSIS_PAGE_SIZE) {
    throw new RangeError(`re-analysis page size must be an integer in 1..${MAX_REANALYSIS_PAGE_SIZE}, got ${page.limit}`);
  }
  const docs = await storage.models.comments
    .find({ ...undecided(publisherId, filter), ...(page.after && { $or: strictlyAfter(OLDEST_FIRST, page.after) }) }, COMMENT_FOR_ANALYSIS_FIELDS)
    .sort(Object.fromEntries(OLDEST_FIRST))
    .limit(page.limit + 1)
    .lean();
  const comments = docs.slice(0, page.limit).map(toCommentForAnalysis);
  const last = comments.at(-1);
  return { comments, next: docs.length > page.limit && last ? { createdAt: last.createdAt, commentId: last.commentId } : null };
}

/** How many comments `listUndecidedForReanalysis` would page through right now. */
export async function countUndecidedForReanalysis(storage: Storage, publisherId: string, filter: ReanalysisFilter): Promise<number> {
  return storage.models.comments.countDocuments(undecided(publisherId, filter));
}

/**
 * The one definition of "undecided" for re-analysis. Every status is listed on purpose: it matches any comment, but
 * lets the planner walk the (publisherId, status, createdAt, commentId) index in order instead of sorting all of a
 * publisher's comments; with an article, (publisherId, articleId, createdAt) serves as well.
 */
function undecided(publisherId: string, filter: ReanalysisFilter): QueryFilter<CommentDocument> {
  const query: Record<string, unknown> = { publisherId: { $eq: publisherId }, status: { $in: [...COMMENT_STATUSES] }, decision: { $eq: null } };
  if (filter.articleId !== undefined) query.articleId = { $eq: filter.articleId };
  if (filter.from || filter.to) query.createdAt = { ...(filter.from && { $gte: filter.from }), ...(filter.to && { $lt: filter.to }) };
  return query as QueryFilter<CommentDocument>;
}
