import { randomBytes } from 'node:crypto';
import type { EventType } from '@moderato/contracts';
import { RecordNotFoundError } from '../errors.js';
import type { DELIVERY_OUTCOMES } from '../models/delivery-attempt.js';
import { SecretsKeyError, openSecret, sealSecret } from '../secret-box.js';
import type { Storage } from '../storage.js';
import { rotatedSecrets, stillValid } from './secret-rotation.js';

/** A publisher's endpoint as the API shows it: never its secrets. */
export interface WebhookEndpointRecord {
  endpointId: string;
  url: string;
  description: string | null;
  /** Empty: every event type. */
  eventTypes: EventType[];
  enabled: boolean;
  disabledReason: string | null;
  disabledAt: Date | null;
  failingSince: Date | null;
  lastDeliveredAt: Date | null;
  lastFailedAt: Date | null;
  /** When the secrets that are still valid expire (null: the current one, which does not). */
  secrets: Array<{ createdAt: Date; expiresAt: Date | null }>;
  createdAt: Date;
  updatedAt: Date;
}

/** What the dispatcher needs to deliver: where, whether it may, and the secrets to sign with. */
export interface EndpointForDelivery {
  endpointId: string;
  publisherId: string;
  url: string;
  enabled: boolean;
  /** The current secret and any still in their grace period, opened. */
  secrets: string[];
}

export const MAX_ENDPOINTS_PER_PUBLISHER = 20;

export class EndpointLimitError extends Error {
  constructor() {
    super(`a publisher may register at most ${MAX_ENDPOINTS_PER_PUBLISHER} webhook endpoints`);
    this.name = 'EndpointLimitError';
  }
}

const RECORD_FIELDS = {
  endpointId: 1, url: 1, description: 1, eventTypes: 1, enabled: 1, disabledReason: 1, disabledAt: 1, failingSince: 1,
  lastDeliveredAt: 1, lastFailedAt: 1, secrets: 1, createdAt: 1, updatedAt: 1,
} as const;

export async function createWebhookEndpoint(
  storage: Storage,
  input: { publisherId: string; url: string; eventTypes: EventType[]; description?: string; secret: string; now?: Date },
): Promise<WebhookEndpointRecord> {
  const count = await storage.models.webhookEndpoints.countDocuments({ publisherId: { $eq: input.publisherId } });
  if (count >= MAX_ENDPOINTS_PER_PUBLISHER) throw new EndpointLimitError();
  const endpointId = `ep_${randomBytes(12).toString('base64url')}`;
  const now = input.now ?? new Date();
  await storage.models.webhookEndpoints.create({
    endpointId,
    publisherId: input.publisherId,
    url: input.url,
    ...(input.description !== undefined ? { description: input.description } : {}),
    eventTypes: input.eventTypes,
    secrets: [{ secret: sealEndpointSecret(storage, endpointId, input.secret), createdAt: now, expiresAt: null }],
  });
  return (await findWebhookEndpoint(storage, input.publisherId, endpointId)) as WebhookEndpointRecord;
}

export async function listWebhookEndpoints(storage: Storage, publisherId: string): Promise<WebhookEndpointRecord[]> {
  const docs = await storage.models.webhookEndpoints.find({ publisherId: { $eq: publisherId } }, RECORD_FIELDS).sort({ createdAt: 1, endpointId: 1 }).lean();
  return docs.map((doc) => toRecord(doc));
}

export async function findWebhookEndpoint(storage: Storage, publisherId: string, endpointId: string): Promise<WebhookEndpointRecord | null> {
  const doc = await storage.models.webhookEndpoints.findOne(ownEndpoint(publisherId, endpointId), RECORD_FIELDS).lean();
  return doc ? toRecord(doc) : null;
}

export interface EndpointChanges {
  url?: string;
  eventTypes?: EventType[];
  description?: string | null;
  /** true re-enables a disabled endpoint and forgets its failures; false disables it by hand. */
  enabled?: boolean;
}

export async function updateWebhookEndpoint(
  storage: Storage, publisherId: string, endpointId: string, changes: EndpointChanges, now = new Date(),
): Promise<WebhookEndpointRecord | null> {
  const set: Record<string, unknown> = {};
  if (changes.url !== undefined) set.url = changes.url;
  if (changes.eventTypes !== undefined) set.eventTypes = changes.eventTypes;
  if (changes.description !== undefined) set.description = changes.description;
  if (changes.enabled === true) Object.assign(set, { enabled: true, disabledReason: null, disabledAt: null, failingSince: null });
  if (changes.enabled === false) Object.assign(set, { enabled: false, disabledReason: 'disabled by the publisher', disabledAt: now });
  const doc = await storage.models.webhookEndpoints.findOneAndUpdate(ownEndpoint(publisherId, endpointId), { $set: set }, { returnDocument: 'after', projection: RECORD_FIELDS }).lean();
  return doc ? toRecord(doc) : null;
}

export async function deleteWebhookEndpoint(storage: Storage, publisherId: string, endpointId: string): Promise<boolean> {
  const result = await storage.models.webhookEndpoints.deleteOne(ownEndpoint(publisherId, endpointId));
  return result.deletedCount === 1;
}

/**
 * Makes `secret` the endpoint's current one; the previous ones stay valid (deliveries carry a signature for each)
 * for `graceSeconds`, so the publisher can switch its receiver over without refusing a delivery.
 */
export async function rotateEndpointSecret(
  storage: Storage, input: { publisherId: string; endpointId: string; secret: string; graceSeconds: number; now?: Date },
): Promise<WebhookEndpointRecord> {
  const now = input.now ?? new Date();
  const doc = await storage.models.webhookEndpoints.findOne(ownEndpoint(input.publisherId, input.endpointId));
  if (!doc) throw new RecordNotFoundError(`webhook endpoint ${input.endpointId}`);
  doc.set('secrets', rotatedSecrets(doc.secrets, sealEndpointSecret(storage, input.endpointId, input.secret), now, input.graceSeconds));
  await doc.save();
  return (await findWebhookEndpoint(storage, input.publisherId, input.endpointId)) as WebhookEndpointRecord;
}

/** The enabled endpoints of a publisher that take events of `type`, as the relay fans an event out. */
export async function listSubscribedEndpointIds(storage: Storage, publisherId: string): Promise<Array<{ endpointId: string; eventTypes: EventType[] }>> {
  const docs = await storage.models.webhookEndpoints.find({ publisherId: { $eq: publisherId }, enabled: true }, { endpointId: 1, eventTypes: 1 }).lean();
  return docs.map((doc) => ({ endpointId: doc.endpointId, eventTypes: [...(doc.eventTypes ?? [])] as EventType[] }));
}

export function endpointTakes(endpoint: { eventTypes: EventType[] }, type: EventType): boolean {
  return endpoint.eventTypes.length === 0 || endpoint.eventTypes.includes(type);
}

export async function findEndpointForDelivery(storage: Storage, endpointId: string, now = new Date()): Promise<EndpointForDelivery | null> {
  const doc = await storage.models.webhookEndpoints.findOne({ endpointId: { $eq: endpointId } }, { endpointId: 1, publisherId: 1, url: 1, enabled: 1, secrets: 1 }).lean();
  if (!doc) return null;
  return {
    endpointId: doc.endpointId,
    publisherId: doc.publisherId,
    url: doc.url,
    enabled: doc.enabled,
    secrets: doc.secrets.filter((entry) => stillValid(entry, now)).map((entry) => openEndpointSecret(storage, doc.endpointId, entry.secret)),
  };
}

/** A 2xx: the run of failures, if any, is over. */
export async function recordEndpointDelivered(storage: Storage, endpointId: string, at: Date): Promise<void> {
  await storage.models.webhookEndpoints.updateOne({ endpointId: { $eq: endpointId } }, { $set: { lastDeliveredAt: at, failingSince: null } });
}

/**
 * A failed attempt. The endpoint is disabled when it has failed without a single delivery for `disableAfterMs`;
 * returns whether this call disabled it.
 */
export async function recordEndpointFailed(storage: Storage, endpointId: string, at: Date, disableAfterMs: number): Promise<{ disabled: boolean }> {
  const byId = { endpointId: { $eq: endpointId } };
  // One write: the run of failures starts now unless one is already under way.
  await storage.models.webhookEndpoints.updateOne(byId, [{ $set: { lastFailedAt: at, failingSince: { $ifNull: ['$failingSince', at] } } }], { updatePipeline: true });
  const cutoff = new Date(at.getTime() - disableAfterMs);
  const hours = Math.round(disableAfterMs / 3_600_000);
  const result = await storage.models.webhookEndpoints.updateOne(
    { ...byId, enabled: true, failingSince: { $lte: cutoff } },
    { $set: { enabled: false, disabledAt: at, disabledReason: `every delivery failed for ${hours} hours` } },
  );
  return { disabled: result.modifiedCount === 1 };
}

/** The receiver answered 410 Gone: it asks for no more deliveries. */
export async function disableEndpointGone(storage: Storage, endpointId: string, at: Date): Promise<void> {
  await storage.models.webhookEndpoints.updateOne(
    { endpointId: { $eq: endpointId } },
    { $set: { enabled: false, disabledAt: at, disabledReason: 'the endpoint answered 410 Gone', lastFailedAt: at } },
  );
}

export interface DeliveryAttemptRecord {
  eventId: string;
  eventType: string;
  attempt: number;
  at: Date;
  outcome: (typeof DELIVERY_OUTCOMES)[number];
  status: number | null;
  latencyMs: number;
  excerpt: string;
  error: string | null;
}

export async function recordDeliveryAttempt(storage: Storage, attempt: DeliveryAttemptRecord & { publisherId: string; endpointId: string }): Promise<void> {
  await storage.models.deliveryAttempts.create(attempt);
}

export const MAX_ATTEMPTS_PAGE_SIZE = 200;

/** An endpoint's delivery attempts, newest first; `before` continues after the last one of a previous page. */
export async function listDeliveryAttempts(
  storage: Storage, publisherId: string, endpointId: string, query: { limit: number; eventId?: string; before?: Date },
): Promise<DeliveryAttemptRecord[]> {
  const filter: Record<string, unknown> = { publisherId: { $eq: publisherId }, endpointId: { $eq: endpointId } };
  if (query.eventId !== undefined) filter.eventId = { $eq: query.eventId };
  if (query.before) filter.at = { $lt: query.before };
  const docs = await storage.models.deliveryAttempts
    .find(filter, { _id: 0, eventId: 1, eventType: 1, attempt: 1, at: 1, outcome: 1, status: 1, latencyMs: 1, excerpt: 1, error: 1 })
    .sort({ at: -1, _id: -1 })
    .limit(Math.min(Math.max(1, query.limit), MAX_ATTEMPTS_PAGE_SIZE))
    .lean();
  return docs.map((doc) => ({
    eventId: doc.eventId, eventType: doc.eventType, attempt: doc.attempt, at: doc.at, outcome: doc.outcome,
    status: doc.status ?? null, latencyMs: doc.latencyMs, excerpt: doc.excerpt ?? '', error: doc.error ?? null,
  }));
}

function ownEndpoint(publisherId: string, endpointId: string) {
  return { publisherId: { $eq: publisherId }, endpointId: { $eq: endpointId } };
}

// Bound to the endpoint (the additional authenticated data), so a sealed secret copied onto another does not open.
function sealEndpointSecret(storage: Storage, endpointId: string, secret: string): string {
  if (!storage.endpointSecretsKey) throw new SecretsKeyError('ENDPOINT_SECRETS_KEY is required to store webhook endpoint secrets');
  return sealSecret(secret, storage.endpointSecretsKey, `endpoint:${endpointId}`);
}

function openEndpointSecret(storage: Storage, endpointId: string, sealed: string): string {
  if (!storage.endpointSecretsKey) throw new SecretsKeyError('ENDPOINT_SECRETS_KEY is required to sign webhook deliveries');
  return openSecret(sealed, storage.endpointSecretsKey, `endpoint:${endpointId}`);
}

interface StoredEndpoint {
  endpointId: string;
  url: string;
  description?: string | null;
  eventTypes?: string[] | null;
  enabled: boolean;
  disabledReason?: string | null;
  disabledAt?: Date | null;
  failingSince?: Date | null;
  lastDeliveredAt?: Date | null;
  lastFailedAt?: Date | null;
  secrets: Array<{ createdAt: Date; expiresAt?: Date | null }>;
  createdAt: Date;
  updatedAt: Date;
}

function toRecord(doc: StoredEndpoint, now = new Date()): WebhookEndpointRecord {
  return {
    endpointId: doc.endpointId,
    url: doc.url,
    description: doc.description ?? null,
    eventTypes: [...(doc.eventTypes ?? [])] as EventType[],
    enabled: doc.enabled,
    disabledReason: doc.disabledReason ?? null,
    disabledAt: doc.disabledAt ?? null,
    failingSince: doc.failingSince ?? null,
    lastDeliveredAt: doc.lastDeliveredAt ?? null,
    lastFailedAt: doc.lastFailedAt ?? null,
    secrets: doc.secrets.filter((entry) => stillValid(entry, now)).map((entry) => ({ createdAt: entry.createdAt, expiresAt: entry.expiresAt ?? null })),
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}
