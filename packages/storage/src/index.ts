export { openStorage, closeStorage, pingStorage, ensureIndexes, type Storage, type OpenStorageOptions } from './storage.js';
export { AlreadyExistsError, RecordNotFoundError, isDuplicateKeyError } from './errors.js';
export { parseSecretsKey, SecretsKeyError } from './secret-box.js';
export { API_KEY_ROLES, type ApiKeyRole } from './models/api-key.js';
export { COMMENT_STATUSES } from './models/comment.js';
export {
  createPublisher,
  findPublisher,
  findActiveWebhookSecrets,
  rotateWebhookSecret,
  sealStoredWebhookSecrets,
  setPublisherPolicy,
  type PublisherRecord,
  type PolicyOverrides,
} from './repositories/publishers.js';
export { createCommentWriter, MAX_COMMENTS_PER_WRITE, type CommentWriter } from './repositories/comment-writer.js';
export { createCandidateFinder, MAX_LOOKUPS_PER_QUERY, type CandidateFinder, type CandidateFinderOptions } from './repositories/candidate-finder.js';
export { createApiKey, authenticateApiKey, revokeApiKey, type ApiKeyPrincipal } from './repositories/api-keys.js';
export { upsertArticle, findArticle, type ArticleRecord } from './repositories/articles.js';
export {
  saveAnalyzedComment, commentDocument, findDuplicateCandidates, findCommentForAnalysis, replaceAnalysisUnlessDecided,
  type AnalyzedComment, type StoredCommentForAnalysis,
} from './repositories/comments.js';

// --- Moderation API queries (review queue, comment detail, decisions, sentiment stats) ---
export {
  listReviewQueue,
  findCommentDetail,
  decideComment,
  REVIEW_FLAG_KINDS,
  REVIEW_QUEUE_SORTS,
  MAX_REVIEW_PAGE_SIZE,
  AUTHOR_HISTORY_SIZE,
  type ReviewQueueSort,
  type ReviewQueuePosition,
  type ReviewQueueQuery,
  type ReviewQueueItem,
  type ReviewQueuePage,
  type SentimentSummary,
  type Decision,
  type DuplicatedCommentSummary,
  type AuthorHistory,
  type AuthorHistoryEntry,
  type CommentDetail,
  type DecideCommentInput,
  type DecideCommentResult,
  type DecisionAuditFailure,
  decideComments,
  reviseDecision,
  type ReviseDecisionInput,
  type ReviseDecisionResult,
  type Claim,
} from './repositories/moderation.js';
export { exportComments, EXPORT_BATCH_SIZE, type CommentExportQuery, type CommentExportRow, type ExportPosition } from './repositories/export.js';
export {
  moderationOverview, countQueueDepths, type Overview, type OverviewQuery, type ReceivedFigures, type DecisionFigures, type DecisionCounts, type ModeratorFigures, type FlagPrecision,
} from './repositories/overview.js';
export {
  claimNextQueueItems, claimQueueItems, releaseClaims, CLAIM_LEASE_SECONDS, MAX_CLAIM_SIZE,
  type Claimant, type ClaimNextInput, type ClaimedItems, type ClaimedByIds, type ClaimRefusal,
} from './repositories/claims.js';
export {
  sentimentStats, STATS_INTERVALS, type StatsInterval, type SentimentStatsQuery, type SentimentBucket,
  STATS_EXCLUDABLE_FLAGS, excludedFlags, type StatsExcludableFlag,
  articleStats, authorStats, GROUPED_STATS_SORTS, MAX_GROUPED_STATS_LIMIT, type GroupedStatsSort, type GroupedStatsQuery, type GroupStats, type ArticleStats, type AuthorStats,
} from './repositories/stats.js';

// --- Events: the outbox relay, the event feed, publishers' webhook endpoints and the delivery log ---
export { eventEnvelope, findPendingEvents, appendToFeed, clearRelayedEvents, storeOutboxAuditEntries, readEventFeed, MAX_FEED_PAGE_SIZE, type PendingCommentEvents, type FeedEvent, type FeedQuery, type FeedPage } from './repositories/events.js';
export type { OutboxEvent } from './events/outbox.js';
export {
  createWebhookEndpoint, listWebhookEndpoints, findWebhookEndpoint, updateWebhookEndpoint, deleteWebhookEndpoint, rotateEndpointSecret,
  listSubscribedEndpointIds, endpointTakes, findEndpointForDelivery, recordEndpointDelivered, recordEndpointFailed, disableEndpointGone,
  recordDeliveryAttempt, listDeliveryAttempts, EndpointLimitError, MAX_ENDPOINTS_PER_PUBLISHER, MAX_ATTEMPTS_PAGE_SIZE,
  type WebhookEndpointRecord, type EndpointForDelivery, type EndpointChanges, type DeliveryAttemptRecord,
} from './repositories/webhook-endpoints.js';

// --- Publisher policy: versioned overrides, author standings, history ---
export {
  findPublisherPolicy,
  replacePublisherPolicy,
  setAuthorStanding,
  listPolicyChanges,
  describeChange,
  PolicyVersionConflictError,
  AuthorListFullError,
  MAX_AUTHORS_PER_LIST,
  type PublisherPolicy,
  type PolicyChangeRecord,
  type PolicyChangedBy,
  type AuthorStanding,
  type AuthorStandingResult,
  type ReplacePublisherPolicyInput,
  type SetAuthorStandingInput,
} from './repositories/policies.js';
export {
  AUDIT_ACTIONS,
  AUDIT_TARGET_TYPES,
  MAX_AUDIT_PAGE_SIZE,
  listAuditEntries,
  type AuditAction,
  type AuditActor,
  type AuditEntry,
  type AuditPage,
  type AuditPosition,
  type AuditQuery,
} from './repositories/audit.js';

// --- Re-analysis after a policy change: paging through a publisher's undecided comments ---
export {
  listUndecidedForReanalysis,
  countUndecidedForReanalysis,
  MAX_REANALYSIS_PAGE_SIZE,
  type ReanalysisFilter,
  type ReanalysisPosition,
  type ReanalysisPage,
} from './repositories/reanalysis.js';
export { streamDecidedComments, type DecidedComment } from './repositories/feedback.js';
