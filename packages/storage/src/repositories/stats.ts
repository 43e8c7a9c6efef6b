import type { SentimentLabel } from '@moderato/analysis';
import type { PipelineStage } from 'mongoose';
import type { Storage } from '../storage.js';

export const STATS_INTERVALS = ['hour', 'day'] as const;
export type StatsInterval = (typeof STATS_INTERVALS)[number];

export interface SentimentStatsQuery {
  articleId?: string;
  /** createdAt >= from. */
  from?: Date;
  /** createdAt < to. */
  to?: Date;
  interval: StatsInterval;
  /** Flag kinds of STATS_EXCLUDABLE_FLAGS to count anyway; comments flagged with the others are left out. */
  include?: readonly StatsExcludableFlag[];
}

/** Comments flagged with these (whatever their status) are not readers' sentiment: left out of the figures unless included. */
export const STATS_EXCLUDABLE_FLAGS = ['spam', 'duplicate'] as const;
export type StatsExcludableFlag = (typeof STATS_EXCLUDABLE_FLAGS)[number];

/** The flag kinds the figures leave out, given the ones asked to be included. */
export function excludedFlags(include: readonly StatsExcludableFlag[] = []): StatsExcludableFlag[] {
  return STATS_EXCLUDABLE_FLAGS.filter((kind) => !include.includes(kind));
}

export interface SentimentBucket {
  /** Start of the bucket, truncated to the hour or day in UTC. */
  start: Date;
  total: number;
  counts: Record<SentimentLabel, number>;
  /** Mean sentiment score of the bucket's comments, in [-1, 1]. */
  meanScore: number;
}

const LABELS: readonly SentimentLabel[] = ['negative', 'neutral', 'positive'];

interface BucketRow {
  _id: Date;
  total: number;
  meanScore: number;
  negative: number;
  neutral: number;
  positive: number;
}

/**
 * Comments with a sentiment per UTC hour or day, oldest bucket first: counts per label and the mean score. Computed by
 * MongoDB in one aggregation; buckets without comments are absent, and comments without sentiment (languages the
 * sentiment phase skips) are not counted.
 */
export async function sentimentStats(storage: Storage, publisherId: string, query: SentimentStatsQuery): Promise<SentimentBucket[]> {
  const rows = await storage.models.comments.aggregate<BucketRow>(sentimentPipeline(publisherId, query));
  return rows.map((row) => ({
    start: row._id,
    total: row.total,
    counts: { negative: row.negative, neutral: row.neutral, positive: row.positive },
    meanScore: row.meanScore,
  }));
}

/** The publisher first (every comment index starts with it), then the range, the labelled and the not-excluded comments. */
function statsMatch(publisherId: string, query: { from?: Date; to?: Date; include?: readonly StatsExcludableFlag[] }): Record<string, unknown> {
  const match: Record<string, unknown> = { publisherId: { $eq: publisherId }, 'sentiment.label': { $in: [...LABELS] } };
  if (query.from || query.to) match.createdAt = { ...(query.from && { $gte: query.from }), ...(query.to && { $lt: query.to }) };
  const excluded = excludedFlags(query.include);
  if (excluded.length > 0) match.flags = { $nin: excluded };
  return match;
}

const countPerLabel = () => Object.fromEntries(LABELS.map((label) => [label, { $sum: { $cond: [{ $eq: ['$sentiment.label', label] }, 1, 0] } }]));

function sentimentPipeline(publisherId: string, query: SentimentStatsQuery): PipelineStage[] {
  const match = statsMatch(publisherId, query);
  if (query.articleId !== undefined) match.articleId = { $eq: query.articleId };
  return [
    { $match: match },
    {
      $group: {
        // No `timezone`: MongoDB truncates in UTC by default (and the test double's mingo rejects the name 'UTC').
        _id: { $dateTrunc: { date: '$createdAt', unit: query.interval } },
        total: { $sum: 1 },
        meanScore: { $avg: '$sentiment.score' },
        ...countPerLabel(),
      },
    },
    { $sort: { _id: 1 } },
  ];
}

export const GROUPED_STATS_SORTS = ['negative', 'positive', 'comments'] as const;
export type GroupedStatsSort = (typeof GROUPED_STATS_SORTS)[number];
export const MAX_GROUPED_STATS_LIMIT = 100;

export interface GroupedStatsQuery {
  /** createdAt >= from. */
  from: Date;
  /** createdAt < to. */
  to: Date;
  /** negative: highest share negative first; positive: highest share positive first; both then by more comments. comments: most comments first. */
  sort: GroupedStatsSort;
  /** At most MAX_GROUPED_STATS_LIMIT. */
  limit: number;
  include?: readonly StatsExcludableFlag[];
}

/** One article's or author's figures over the range. */
export interface GroupStats {
  total: number;
  counts: Record<SentimentLabel, number>;
  /** Mean sentiment score, in [-1, 1]. */
  meanScore: number;
  /** counts.negative / total, in [0, 1]. */
  negativeShare: number;
  /** counts.positive / total, in [0, 1]. */
  positiveShare: number;
}

export type ArticleStats = GroupStats & { articleId: string };
export type AuthorStats = GroupStats & { authorId: string };

interface GroupRow extends Omit<BucketRow, '_id'> {
  _id: string;
  negativeShare: number;
  positiveShare: number;
}

const GROUP_SORTS: Record<GroupedStatsSort, Record<string, 1 | -1>> = {
  negative: { negativeShare: -1, total: -1, _id: 1 },
  positive: { positiveShare: -1, total: -1, _id: 1 },
  comments: { total: -1, _id: 1 },
};

function groupedPipeline(publisherId: string, field: 'articleId' | 'authorId', query: GroupedStatsQuery): PipelineStage[] {
  return [
    { $match: statsMatch(publisherId, query) },
    { $group: { _id: `$${field}`, total: { $sum: 1 }, meanScore: { $avg: '$sentiment.score' }, ...countPerLabel() } },
    { $addFields: { negativeShare: { $divide: ['$negative', '$total'] }, positiveShare: { $divide: ['$positive', '$total'] } } },
    { $sort: GROUP_SORTS[query.sort] },
    { $limit: Math.min(Math.max(1, Math.trunc(query.limit)), MAX_GROUPED_STATS_LIMIT) },
  ];
}

async function groupedStats(storage: Storage, publisherId: string, field: 'articleId' | 'authorId', query: GroupedStatsQuery): Promise<Array<GroupStats & { key: string }>> {
  const rows = await storage.models.comments.aggregate<GroupRow>(groupedPipeline(publisherId, field, query));
  return rows.map((row) => ({
    key: row._id,
    total: row.total,
    counts: { negative: row.negative, neutral: row.neutral, positive: row.positive },
    meanScore: row.meanScore,
    negativeShare: row.negativeShare,
    positiveShare: row.positiveShare,
  }));
}

/** Per article over [from, to): the comments with a sentiment, per label, the mean score and the shares; sorted and limited as asked. */
export async function articleStats(storage: Storage, publisherId: string, query: GroupedStatsQuery): Promise<ArticleStats[]> {
  return (await groupedStats(storage, publisherId, 'articleId', query)).map(({ key, ...figures }) => ({ articleId: key, ...figures }));
}

/** Per author over [from, to), as articleStats. */
export async function authorStats(storage: Storage, publisherId: string, query: GroupedStatsQuery): Promise<AuthorStats[]> {
  return (await groupedStats(storage, publisherId, 'authorId', query)).map(({ key, ...figures }) => ({ authorId: key, ...figures }));
}
