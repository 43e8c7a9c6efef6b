import { deliverEventJobSchema, type DeliverEventJob, type EventEnvelope } from '@moderato/contracts';
import { postWebhook, type DeliveryAttemptResult, type EgressPolicy } from '@moderato/safe-http';
import type { Logger } from '@moderato/service-kit';
import {
  disableEndpointGone, recordDeliveryAttempt, recordEndpointDelivered, recordEndpointFailed,
  type DeliveryAttemptRecord, type EndpointForDelivery, type Storage,
} from '@moderato/storage';
import { UnrecoverableError, type Job } from 'bullmq';
import { Webhook } from 'standardwebhooks';
import { DeliveredMarks, EndpointCache } from './endpoint-cache.js';

export interface DeliveryDependencies {
  storage: Storage;
  logger: Logger;
  egress: EgressPolicy;
  /** How long one attempt may take, connection to the end of the answer (10 s in production). */
  timeoutMs: number;
  /** Delays before each retry; when they are used up the delivery fails for good. */
  retrySchedule: readonly number[];
  /** An endpoint that has failed every attempt for this long is disabled. */
  disableAfterMs: number;
  /** How long an endpoint read from the database is used before it is read again (default 2 s). */
  endpointCacheMs?: number;
  /** Told of every attempt, for metrics. */
  onAttempt?: (attempt: DeliveryAttemptRecord, event: EventEnvelope) => void;
}

/** What one processor keeps between jobs. */
interface ProcessorState {
  endpoints: EndpointCache;
  delivered: DeliveredMarks;
}

export interface DeliveryOutcome {
  eventId: string;
  endpointId: string;
  status: number;
  attempt: number;
}

/**
 * One delivery job: the event (its envelope travels in the job, so an attempt reads nothing but the endpoint), signed as Standard Webhooks says with every secret the endpoint has that is still
 * valid, POSTed to the endpoint through the egress filter. A 2xx is delivered; 410 Gone disables the endpoint and
 * stops; anything else (another status, a timeout, a network error) throws, so BullMQ retries on the schedule.
 */
export function createDeliveryProcessor(deps: DeliveryDependencies) {
  const state: ProcessorState = { endpoints: new EndpointCache(deps.storage, deps.endpointCacheMs ?? 2_000), delivered: new DeliveredMarks(5_000) };
  return async (job: Job): Promise<DeliveryOutcome> => {
    const { endpointId, eventId, payload: event } = parseJob(job.data);
    const attempt = job.attemptsMade + 1;
    const log = deps.logger.child({ jobId: job.id, endpointId, eventId, attempt });
    const endpoint = await state.endpoints.get(endpointId);
    if (!endpoint) throw new UnrecoverableError(`endpoint ${endpointId} no longer exists`);
    if (!endpoint.enabled) {
      await record(deps, endpoint, event, { attempt, at: new Date(), outcome: 'skipped', status: null, latencyMs: 0, excerpt: '', error: 'endpoint is disabled' });
      throw new UnrecoverableError(`endpoint ${endpointId} is disabled`);
    }
    const at = new Date();
    const body = JSON.stringify(event);
    const result = await postWebhook({ url: endpoint.url, headers: signedHeaders(endpoint, eventId, body, at), body, timeoutMs: deps.timeoutMs, policy: deps.egress });
    return settle(deps, state, { endpoint, event, attempt, at, result, log });
  };
}

function parseJob(data: unknown): DeliverEventJob {
  const parsed = deliverEventJobSchema.safeParse(data);
  if (!parsed.success) throw new UnrecoverableError(`invalid delivery job: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

/** `webhook-id` is the event id, stable across retries, so receivers can drop a delivery they already have. */
function signedHeaders(endpoint: EndpointForDelivery, eventId: string, body: string, at: Date): Record<string, string> {
  const signatures = endpoint.secrets.map((secret) => new Webhook(secret).sign(eventId, at, body));
  return {
    'webhook-id': eventId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': signatures.join(' '),
  };
}

interface Attempted {
  endpoint: EndpointForDelivery;
  event: EventEnvelope;
  attempt: number;
  at: Date;
  result: DeliveryAttemptResult;
  log: Logger;
}

async function settle(deps: DeliveryDependencies, state: ProcessorState, { endpoint, event, attempt, at, result, log }: Attempted): Promise<DeliveryOutcome> {
  const status = result.outcome === 'response' ? result.status : null;
  const base = { attempt, at, status, latencyMs: result.latencyMs, excerpt: result.outcome === 'response' ? result.excerpt : '', error: result.outcome === 'error' ? `${result.code}: ${result.error}` : null };
  if (status !== null && status >= 200 && status < 300) {
    await record(deps, endpoint, event, { ...base, outcome: 'delivered' });
    if (state.delivered.due(endpoint.endpointId)) await recordEndpointDelivered(deps.storage, endpoint.endpointId, at);
    log.info({ status, latencyMs: result.latencyMs }, 'event delivered');
    return { eventId: event.id, endpointId: endpoint.endpointId, status, attempt };
  }
  if (status === 410) {
    await record(deps, endpoint, event, { ...base, outcome: 'gone' });
    await disableEndpointGone(deps.storage, endpoint.endpointId, at);
    state.endpoints.forget(endpoint.endpointId);
    log.warn({ status }, 'endpoint answered 410 Gone: disabled');
    throw new UnrecoverableError(`endpoint ${endpoint.endpointId} answered 410 Gone and is disabled`);
  }
  await record(deps, endpoint, event, { ...base, outcome: 'failed' });
  state.delivered.failed(endpoint.endpointId);
  const why = status !== null ? `answered ${status}` : base.error;
  const { disabled } = await recordEndpointFailed(deps.storage, endpoint.endpointId, at, deps.disableAfterMs);
  if (disabled) {
    state.endpoints.forget(endpoint.endpointId);
    log.warn({ why }, 'endpoint failing for too long: disabled');
    throw new UnrecoverableError(`endpoint ${endpoint.endpointId} ${why}, and has failed for too long: disabled`);
  }
  if (attempt > deps.retrySchedule.length) {
    log.warn({ why }, 'delivery given up: retry schedule used up');
    throw new UnrecoverableError(`endpoint ${endpoint.endpointId} ${why}; gave up after ${attempt} attempts`);
  }
  log.info({ why, latencyMs: result.latencyMs }, 'delivery failed; will retry');
  throw new Error(`endpoint ${endpoint.endpointId} ${why}`);
}

async function record(deps: DeliveryDependencies, endpoint: EndpointForDelivery, event: EventEnvelope, attempt: Omit<DeliveryAttemptRecord, 'eventId' | 'eventType'>): Promise<void> {
  const entry: DeliveryAttemptRecord = { ...attempt, eventId: event.id, eventType: event.type };
  await recordDeliveryAttempt(deps.storage, { ...entry, publisherId: endpoint.publisherId, endpointId: endpoint.endpointId });
  deps.onAttempt?.(entry, event);
}
