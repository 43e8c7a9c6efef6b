export { generateWebhookSecret, secretKey } from './secret.js';
export {
  signPayload,
  signedHeaders,
  verifyWebhook,
  DEFAULT_TOLERANCE_SECONDS,
  type WebhookHeaders,
  type VerifyResult,
  type VerifyFailure,
} from './signature.js';
