/**
 * The parts of the moderation API's JSON answers the demo reads (GET /v1/comments/:id, /v1/queue,
 * /v1/stats/sentiment), picked from the types of the schemas that document those answers, so a field the API
 * renames or retypes breaks the demo's build instead of its output.
 */
import type { CommentDetailAnswer, ReviewQueueItemAnswer, SentimentStatsAnswer } from '@moderato/moderation-api';

export type CommentStatus = CommentDetailAnswer['status'];

type Flag = CommentDetailAnswer['analysis']['flags'][number];
export type FlagView = Pick<Flag, 'kind' | 'score'> & { reasons: Array<Pick<Flag['reasons'][number], 'code' | 'message'>> };

export type CommentView = Pick<
  CommentDetailAnswer,
  'commentId' | 'articleId' | 'articleTitle' | 'authorId' | 'authorName' | 'text' | 'createdAt' | 'status' | 'flags' | 'sentiment' | 'duplicateOf'
> & {
  analysis: { flags: FlagView[]; language: Pick<CommentDetailAnswer['analysis']['language'], 'code' | 'phasesSkipped'> };
};

export type QueueItemView = Pick<ReviewQueueItemAnswer, 'commentId' | 'authorId' | 'authorName' | 'text' | 'createdAt' | 'flags' | 'severity'>;

export type SentimentStatsView = Pick<SentimentStatsAnswer, 'interval' | 'timezone' | 'articleId' | 'buckets'>;
