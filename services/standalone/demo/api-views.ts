/**
 * The parts of the moderation API's JSON answers the demo reads (GET /v1/comments/:id, /v1/queue,
 * /v1/stats/sentiment), as they arrive over HTTP: dates are ISO strings.
 */

export type CommentStatus = 'approved' | 'pending' | 'rejected';

export interface ReasonView {
  code: string;
  message: string;
}

export interface FlagView {
  kind: string;
  score: number;
  reasons: ReasonView[];
}

export interface SentimentView {
  label: string;
  score: number;
}

export interface CommentView {
  commentId: string;
  articleId: string;
  articleTitle: string | null;
  authorId: string;
  authorName: string | null;
  text: string;
  createdAt: string;
  status: CommentStatus;
  flags: string[];
  sentiment: SentimentView | null;
  duplicateOf: string | null;
  analysis: {
    flags: FlagView[];
    language: { code: string; phasesSkipped: string[] };
  };
}

export interface QueueItemView {
  commentId: string;
  authorId: string;
  authorName: string | null;
  text: string;
  createdAt: string;
  flags: string[];
  severity: number;
}

export interface SentimentBucketView {
  start: string;
  total: number;
  counts: { negative: number; neutral: number; positive: number };
  meanScore: number;
}

export interface SentimentStatsView {
  interval: string;
  timezone: string;
  articleId: string | null;
  buckets: SentimentBucketView[];
}
