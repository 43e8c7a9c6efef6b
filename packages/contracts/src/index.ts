export {
  incomingCommentSchema,
  articleRefSchema,
  authorSchema,
  articleUpsertSchema,
  externalId,
  MAX_TEXT_LENGTH,
  MAX_BATCH_SIZE,
  type IncomingComment,
  type ArticleUpsert,
} from './comment.js';
export {
  QUEUE_NAMES,
  ANALYZE_COMMENT_JOB,
  ANALYZE_COMMENT_VERSION,
  analyzeCommentJobSchema,
  commentJobOptions,
  commentJobId,
  COMPLETED_RETENTION_SECONDS,
  FAILED_RETENTION_SECONDS,
  COMMENT_DEDUPE_SECONDS,
  WEBHOOK_DEDUPE_SECONDS,
  type AnalyzeCommentJob,
} from './queue.js';
export { enqueueComments, type CommentQueue } from './producer.js';
