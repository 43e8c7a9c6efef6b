export { openStorage, closeStorage, pingStorage, ensureIndexes, type Storage, type OpenStorageOptions } from './storage.js';
export { AlreadyExistsError, RecordNotFoundError, isDuplicateKeyError } from './errors.js';
export { API_KEY_ROLES, type ApiKeyRole } from './models/api-key.js';
export { COMMENT_STATUSES } from './models/comment.js';
export {
  createPublisher,
  findPublisher,
  findActiveWebhookSecrets,
  rotateWebhookSecret,
  setPublisherPolicy,
  type PublisherRecord,
  type PolicyOverrides,
} from './repositories/publishers.js';
export { createApiKey, authenticateApiKey, revokeApiKey, type ApiKeyPrincipal } from './repositories/api-keys.js';
export { upsertArticle, findArticle, type ArticleRecord } from './repositories/articles.js';
export { saveAnalyzedComment, findDuplicateCandidates, type AnalyzedComment } from './repositories/comments.js';
