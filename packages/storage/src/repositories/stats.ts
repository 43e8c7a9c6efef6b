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

function sentimentPipeline(publisherId: string, query: SentimentStatsQuery): PipelineStage[] {
  const match: Record<string, unknown> = { publisherId: { $eq: publisherId }, 'sentiment.label': { $in: [...LABELS] } };
  if (query.articleId !== undefined) match.articleId = { $eq: query.articleId };
  if (query.from || query.to) match.createdAt = { ...(query.from && { $gte: query.from }), ...(query.to && { $lt: query.to }) };
  const countPerLabel = Object.fromEntries(LABELS.map((label) => [label, { $sum: { $cond: [{ $eq: ['$sentiment.label', label] }, 1, 0] } }]));
  return [
    { $match: match },
    {
      $group: {
        // No `timezone`: MongoDB truncates in UTC by default (and the test double's mingo rejects the name 'UTC').
        _id: { $dateTrunc: { date: '$createdAt', unit: query.interval } },
        total: { $sum: 1 },
        meanScore: { $avg: '$sentiment.score' },
        ...countPerLabel,
      },
    },
    { $sort: { _id: 1 } },
  ];
}
