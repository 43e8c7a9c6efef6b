export type { EgressPolicy } from './policy.js';
export {
  checkEndpointUrl,
  MAX_ENDPOINT_URL_LENGTH,
  type EndpointCheck,
  type ResolveHost,
} from './endpoint.js';
export {
  postWebhook,
  USER_AGENT,
  DEFAULT_MAX_EXCERPT_BYTES,
  type WebhookRequest,
  type DeliveryAttemptResult,
  type DeliveryErrorCode,
} from './deliver.js';
export { closeAgents } from './agents.js';
export { deliveryBackoffMs, DELIVERY_SCHEDULE_MS, DELIVERY_ATTEMPTS } from './backoff.js';
