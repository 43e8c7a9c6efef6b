import { DELIVER_EVENT_JOB, DELIVER_EVENT_VERSION, deliveryJobId, deliveryJobOptions, type DeliverEventJob } from '@moderato/contracts';
import type { Logger } from '@moderato/service-kit';
import {
  appendToFeed, clearRelayedEvents, endpointTakes, storeOutboxAuditEntries, eventEnvelope, findPendingEvents, listSubscribedEndpointIds,
  type OutboxEvent, type PendingCommentEvents, type Storage,
} from '@moderato/storage';
import type { Queue } from 'bullmq';

export type DeliveryQueue = Queue<DeliverEventJob, unknown, typeof DELIVER_EVENT_JOB>;

export interface RelayDependencies {
  storage: Storage;
  deliveries: DeliveryQueue;
  logger: Logger;
  /** Comments read per sweep. */
  batchSize?: number;
}

export interface RelayResult {
  /** Comments whose outboxes were read. */
  comments: number;
  /** Events found in outboxes. */
  events: number;
  /** Of those, events added to the feed now (the others were there already, from a relay that stopped midway). */
  addedToFeed: number;
  deliveriesQueued: number;
  /** Decisions' audit entries the deciding request had not stored (it failed or stopped), stored now. */
  auditEntriesStored: number;
}

/**
 * One sweep of the outbox relay: events recorded in comments are appended to their publisher's feed, one delivery
 * job per subscribed endpoint is queued, decisions' audit entries not stored yet are stored, and only then are they
 * removed from the comments. Every step is idempotent (the feed refuses an event id twice, a delivery job id is
 * derived from event and endpoint, an audit entry's id is fixed), so a relay that stops anywhere and runs again loses
 * no event and sends none twice under different ids.
 */
export async function relayPendingEvents(deps: RelayDependencies): Promise<RelayResult> {
  const pending = await findPendingEvents(deps.storage, deps.batchSize ?? 200);
  const result: RelayResult = { comments: pending.length, events: 0, addedToFeed: 0, deliveriesQueued: 0, auditEntriesStored: 0 };
  for (const [publisherId, comments] of byPublisher(pending)) {
    const events = comments.flatMap((comment) => comment.events);
    const added = await appendToFeed(deps.storage, publisherId, events);
    const queued = await queueDeliveries(deps, publisherId, events);
    result.auditEntriesStored += await storeOutboxAuditEntries(deps.storage, publisherId, events);
    await clearRelayedEvents(deps.storage, publisherId, comments.map((comment) => comment.commentId), events.map((event) => event.eventId));
    result.events += events.length;
    result.addedToFeed += added.length;
    result.deliveriesQueued += queued;
  }
  if (result.events > 0) deps.logger.debug(result, 'events relayed');
  return result;
}

/**
 * Comments grouped by publisher, in the order they were found; each comment's events stay together and in sequence
 * order, so the feed never lists a comment's later event before an earlier one (clocks of two processes may differ).
 */
function byPublisher(pending: PendingCommentEvents[]): Map<string, PendingCommentEvents[]> {
  const groups = new Map<string, PendingCommentEvents[]>();
  for (const comment of pending) {
    const group = groups.get(comment.publisherId) ?? [];
    group.push(comment);
    groups.set(comment.publisherId, group);
  }
  return groups;
}

async function queueDeliveries(deps: RelayDependencies, publisherId: string, events: OutboxEvent[]): Promise<number> {
  const endpoints = await listSubscribedEndpointIds(deps.storage, publisherId);
  const jobs = events.flatMap((event) =>
    endpoints
      .filter((endpoint) => endpointTakes(endpoint, event.type))
      .map((endpoint) => ({
        name: DELIVER_EVENT_JOB,
        data: { version: DELIVER_EVENT_VERSION, publisherId, endpointId: endpoint.endpointId, eventId: event.eventId, payload: eventEnvelope(event) } as DeliverEventJob,
        opts: { ...deliveryJobOptions, jobId: deliveryJobId(event.eventId, endpoint.endpointId) },
      })),
  );
  if (jobs.length > 0) await deps.deliveries.addBulk(jobs);
  return jobs.length;
}
