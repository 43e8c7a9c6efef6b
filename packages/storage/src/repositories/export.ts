import type { QueryFilter } from 'mongoose';
import type { CommentDocument } from '../models/comment.js';
import type { Storage } from '../storage.js';
import { strictlyAfter, type SortOrder } from './keyset.js';
import { excludedFlags, type StatsExcludableFlag } from './stats.js';

/** Where an export stands: the last row's keys; the export resumes strictly after it. */
export interface ExportPosition {
  createdAt: Date;
  commentId: string;
}

export interface CommentExportQuery {
  /** createdAt >= from. */
  from: Date;
  /** createdAt < to. */
  to: Date;
  /** Flag kinds to export anyway; comments flagged spam or duplicate are otherwise left out, as in the statistics. */
  include?: readonly StatsExcludableFlag[];
  after?: ExportPosition;
}

/** One comment's analysis for analytics jobs. */
export interface CommentExportRow {
  commentId: string;
  articleId: string;
  authorId: string;
  createdAt: Date;
  /** null when the sentiment phase did not run (a language it does not read). */
  sentiment: { label: string; score: number } | null;
  flags: string[];
  status: string;
  /** The analysis version that produced the sentiment and flags (re-analysis may change it). */
  analysisVersion: string | null;
}

/** Rows per query: bounded memory, and few round trips. */
export const EXPORT_BATCH_SIZE = 500;

const EXPORT_ORDER: SortOrder<keyof ExportPosition> = [['createdAt', 1], ['commentId', 1]];
const EXPORT_FIELDS = { _id: 0, commentId: 1, articleId: 1, authorId: 1, createdAt: 1, sentiment: 1, flags: 1, status: 1, 'analysis.version': 1 } as const;

/**
 * The publisher's comments created in [from, to), oldest first (then by id), one batch at a time: each batch is a
 * keyset query starting strictly after the previous batch's last row, so only one batch is ever in memory and an
 * export that stopped can resume after the last row it received.
 */
export async function* exportComments(storage: Storage, publisherId: string, query: CommentExportQuery, batchSize = EXPORT_BATCH_SIZE): AsyncGenerator<CommentExportRow[]> {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`export batch size must be a positive integer, got ${batchSize}`);
  let after = query.after;
  for (;;) {
    const docs = await storage.models.comments.find(exportFilter(publisherId, { ...query, after }), EXPORT_FIELDS).sort(Object.fromEntries(EXPORT_ORDER)).limit(batchSize).lean();
    if (docs.length === 0) return;
    const rows = docs.map(toExportRow);
    yield rows;
    if (rows.length < batchSize) return;
    const last = rows[rows.length - 1]!;
    after = { createdAt: last.createdAt, commentId: last.commentId };
  }
}

function exportFilter(publisherId: string, query: CommentExportQuery): QueryFilter<CommentDocument> {
  const filter: Record<string, unknown> = { publisherId: { $eq: publisherId }, createdAt: { $gte: query.from, $lt: query.to } };
  const excluded = excludedFlags(query.include);
  if (excluded.length > 0) filter.flags = { $nin: excluded };
  if (query.after) filter.$or = strictlyAfter(EXPORT_ORDER, query.after);
  return filter as QueryFilter<CommentDocument>;
}

interface StoredExportFields {
  commentId: string;
  articleId: string;
  authorId: string;
  createdAt: Date;
  sentiment?: { label?: string | null; score?: number | null } | null;
  flags?: string[] | null;
  status: string;
  analysis?: { version?: unknown } | null;
}

function toExportRow(doc: StoredExportFields): CommentExportRow {
  const { label, score } = doc.sentiment ?? {};
  return {
    commentId: doc.commentId,
    articleId: doc.articleId,
    authorId: doc.authorId,
    createdAt: doc.createdAt,
    sentiment: typeof label === 'string' && typeof score === 'number' ? { label, score } : null,
    flags: [...(doc.flags ?? [])],
    status: doc.status,
    analysisVersion: typeof doc.analysis?.version === 'string' ? doc.analysis.version : null,
  };
}
