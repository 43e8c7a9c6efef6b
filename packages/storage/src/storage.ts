import mongoose, { type Connection } from 'mongoose';
import { apiKeyModel } from './models/api-key.js';
import { auditEntryModel } from './models/audit-entry.js';
import { articleModel } from './models/article.js';
import { commentModel } from './models/comment.js';
import { deliveryAttemptModel } from './models/delivery-attempt.js';
import { eventModel } from './models/event.js';
import { policyChangeModel } from './models/policy-change.js';
import { publisherModel } from './models/publisher.js';
import { webhookEndpointModel } from './models/webhook-endpoint.js';

/** An open connection with its models. Repository functions take it as their first argument. */
export interface Storage {
  connection: Connection;
  /** Seals webhook secrets as they are stored and opens them as they are read; without it they are stored as given. */
  webhookSecretsKey?: Buffer;
  /** Seals and opens the secrets of publishers' outbound webhook endpoints (ENDPOINT_SECRETS_KEY). */
  endpointSecretsKey?: Buffer;
  models: {
    publishers: ReturnType<typeof publisherModel>;
    apiKeys: ReturnType<typeof apiKeyModel>;
    articles: ReturnType<typeof articleModel>;
    comments: ReturnType<typeof commentModel>;
    events: ReturnType<typeof eventModel>;
    webhookEndpoints: ReturnType<typeof webhookEndpointModel>;
    deliveryAttempts: ReturnType<typeof deliveryAttemptModel>;
    policyChanges: ReturnType<typeof policyChangeModel>;
    auditEntries: ReturnType<typeof auditEntryModel>;
  };
}

export interface OpenStorageOptions {
  /** How long to wait for a server before an operation fails (the driver otherwise waits 30 s). */
  serverSelectionTimeoutMS?: number;
  /**
   * For a service answering requests: how long any one operation may wait for MongoDB (server selection and each
   * reply) before it fails with a network timeout, which the services answer 503 dependency_unavailable. A stalled
   * server then costs a request this long, not as long as the stall. Unset, the driver's defaults (no socket timeout).
   */
  requestDeadlineMs?: number;
  /** Build indexes on open (default true); a deployment may build them once with `moderato db sync-indexes`. */
  syncIndexes?: boolean;
  /** WEBHOOK_SECRETS_KEY, given only to what reads or writes webhook secrets (the ingest API and the CLI). */
  webhookSecretsKey?: Buffer;
  /** ENDPOINT_SECRETS_KEY, given only to what registers endpoints or signs deliveries (the moderation API, the dispatcher). */
  endpointSecretsKey?: Buffer;
}

/** Opens a dedicated connection (never the global mongoose one) and makes sure every index exists. */
export async function openStorage(uri: string, options: OpenStorageOptions = {}): Promise<Storage> {
  if (options.requestDeadlineMs && (options.syncIndexes ?? true)) {
    // Building an index on a large collection takes longer than a request's deadline: done on a connection without one.
    await closeStorage(await openStorage(uri, { ...options, requestDeadlineMs: undefined }));
    return openStorage(uri, { ...options, syncIndexes: false });
  }
  const connection = await mongoose
    .createConnection(uri, {
      serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? options.requestDeadlineMs ?? 5_000,
      ...(options.requestDeadlineMs ? requestDeadlineOptions(options.requestDeadlineMs) : {}),
      autoIndex: false,
      autoCreate: false,
      // Fail at once while disconnected instead of queueing for 10 s: APIs answer 503, jobs retry with backoff.
      bufferCommands: false,
    })
    .asPromise();
  const storage: Storage = {
    connection,
    models: {
      publishers: publisherModel(connection),
      apiKeys: apiKeyModel(connection),
      articles: articleModel(connection),
      comments: commentModel(connection),
      events: eventModel(connection),
      webhookEndpoints: webhookEndpointModel(connection),
      deliveryAttempts: deliveryAttemptModel(connection),
      policyChanges: policyChangeModel(connection),
      auditEntries: auditEntryModel(connection),
    },
    ...(options.webhookSecretsKey ? { webhookSecretsKey: options.webhookSecretsKey } : {}),
    ...(options.endpointSecretsKey ? { endpointSecretsKey: options.endpointSecretsKey } : {}),
  };
  if (options.syncIndexes ?? true) await ensureIndexes(storage);
  return storage;
}

/**
 * A reply must come within the deadline, and so must a new connection's handshake. A read is not retried: after a
 * timeout the retry would wait for a new connection to the same stalled server and double the wait; the request's
 * client retries instead. Writes keep the driver's one retry, for a primary that steps down.
 */
function requestDeadlineOptions(deadlineMs: number): { socketTimeoutMS: number; connectTimeoutMS: number; retryReads: boolean } {
  return { socketTimeoutMS: deadlineMs, connectTimeoutMS: deadlineMs, retryReads: false };
}

export async function ensureIndexes(storage: Storage): Promise<void> {
  for (const model of Object.values(storage.models)) {
    await model.createCollection().catch((error: { code?: number }) => {
      if (error.code !== 48) throw error; // NamespaceExists: another process created it first
    });
    await model.createIndexes();
  }
}

/** Answers when the server does; used by readiness checks. */
export async function pingStorage(storage: Storage): Promise<void> {
  const db = storage.connection.db;
  if (!db) throw new Error('MongoDB connection is not open');
  await db.command({ ping: 1 });
}

export async function closeStorage(storage: Storage): Promise<void> {
  await storage.connection.close();
}
