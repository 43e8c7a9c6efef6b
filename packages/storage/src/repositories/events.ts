import { EVENT_PAYLOAD_VERSION, type EventEnvelope, type EventType } from '@moderato/contracts';
import { isDuplicateKeyError } from '../errors.js';
import { storeAuditDocuments } from './audit-store.js';
import type { OutboxEvent } from '../events/outbox.js';
import type { Storage } from '../storage.js';

/** A comment's events still waiting in its outbox, oldest first. */
export interface PendingCommentEvents {
  publisherId: string;
  commentId: string;
  events: OutboxEvent[];
}

/** An event in the feed: its position and the envelope delivered to endpoints. */
export interface FeedEvent {
  position: number;
  eventId: string;
  type: EventType;
  commentId: string;
  payload: EventEnvelope;
}

export const MAX_FEED_PAGE_SIZE = 500;
/** How many times the feed append starts over after another relay took the positions it was writing. */
const MAX_POSITION_RACES = 20;

/** Comments with events to relay, those waiting longest first (a sparse index holds only such comments). */
export async function findPendingEvents(storage: Storage, limit: number): Promise<PendingCommentEvents[]> {
  const docs = await storage.models.comments
    .find({ 'outbox.occurredAt': { $exists: true } }, { publisherId: 1, commentId: 1, outbox: 1 })
    .sort({ 'outbox.occurredAt': 1 })
    .limit(limit)
    .lean();
  return docs.map((doc) => ({
    publisherId: doc.publisherId,
    commentId: doc.commentId,
    events: [...(doc.outbox ?? [])]
      .map((event) => ({ ...event, type: event.type as EventType }) as OutboxEvent)
      .sort((a, b) => a.sequence - b.sequence),
  }));
}

/**
 * Stores the audit entries the events carry (decisions') that are not stored yet: the deciding request stores its
 * entry right after the decision, so this finds one missing only when that request failed or stopped in between.
 * Returns how many it stored.
 */
export async function storeOutboxAuditEntries(storage: Storage, publisherId: string, events: readonly OutboxEvent[]): Promise<number> {
  const entries = events.flatMap((event) => (event.audit ? [event.audit] : []));
  if (entries.length === 0) return 0;
  const present = await storage.models.auditEntries
    .find({ publisherId: { $eq: publisherId }, entryId: { $in: entries.map((entry) => entry.entryId) } }, { _id: 0, entryId: 1 })
    .lean();
  const stored = new Set(present.map((doc) => doc.entryId));
  const missing = entries.filter((entry) => !stored.has(entry.entryId));
  await storeAuditDocuments(storage, missing);
  return missing.length;
}

/** The envelope an event is delivered and listed as. */
export function eventEnvelope(event: OutboxEvent): EventEnvelope {
  return { id: event.eventId, type: event.type, version: EVENT_PAYLOAD_VERSION, timestamp: event.occurredAt.toISOString(), data: event.data } as EventEnvelope;
}

/**
 * Appends a publisher's events to its feed in the given order, each at the position after the current last one.
 * Idempotent: an event already in the feed (same id, from a relay that crashed before clearing the outbox) is not
 * added again. Returns the events newly added, with their positions.
 */
export async function appendToFeed(storage: Storage, publisherId: string, events: OutboxEvent[], now = new Date()): Promise<FeedEvent[]> {
  const added: FeedEvent[] = [];
  let remaining = events;
  for (let races = 0, conflicted = false; ; ) {
    // After a conflict some of these may be in the feed already (another relay, or one that stopped midway): skip them.
    if (conflicted) remaining = await withoutEventsInFeed(storage, remaining);
    if (remaining.length === 0) return added;
    const last = await storage.models.events.findOne({ publisherId: { $eq: publisherId } }, { position: 1 }).sort({ position: -1 }).lean();
    const start = (last?.position ?? 0) + 1;
    const docs = remaining.map((event, index) => feedDocument(publisherId, event, start + index, now));
    const { inserted, conflict } = await insertInOrder(storage, docs);
    added.push(...docs.slice(0, inserted).map(toFeedEvent));
    remaining = remaining.slice(inserted);
    conflicted = conflict !== undefined;
    if (conflict === 'position') {
      // Another relay took the next position first: start again after it, a moment later so the two interleave less.
      if (++races >= MAX_POSITION_RACES) throw new Error(`event feed of ${publisherId}: positions kept being taken (${MAX_POSITION_RACES} tries)`);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * races));
    }
  }
}

async function withoutEventsInFeed(storage: Storage, events: OutboxEvent[]): Promise<OutboxEvent[]> {
  if (events.length === 0) return [];
  const present = await storage.models.events.find({ eventId: { $in: events.map((event) => event.eventId) } }, { eventId: 1 }).lean();
  const ids = new Set(present.map((doc) => doc.eventId));
  return events.filter((event) => !ids.has(event.eventId));
}

type FeedDocument = ReturnType<typeof feedDocument>;

function feedDocument(publisherId: string, event: OutboxEvent, position: number, now: Date) {
  return {
    publisherId, position, eventId: event.eventId, type: event.type, commentId: event.data.commentId,
    sequence: event.sequence, occurredAt: event.occurredAt, recordedAt: now, payload: eventEnvelope(event),
  };
}

function toFeedEvent(doc: FeedDocument): FeedEvent {
  return { position: doc.position, eventId: doc.eventId, type: doc.type, commentId: doc.commentId, payload: doc.payload };
}

/** An ordered insert: documents before the first duplicate are in, the rest are not. Says which index refused. */
async function insertInOrder(storage: Storage, docs: FeedDocument[]): Promise<{ inserted: number; conflict?: 'eventId' | 'position' }> {
  try {
    await storage.models.events.collection.insertMany(docs.map((doc) => ({ ...doc })), { ordered: true });
    return { inserted: docs.length };
  } catch (error) {
    if (!isDuplicateKeyError(error) && !hasDuplicateKeyWriteError(error)) throw error;
    const inserted = (error as { insertedCount?: number }).insertedCount ?? 0;
    return { inserted, conflict: /eventId/.test(String((error as Error).message)) ? 'eventId' : 'position' };
  }
}

function hasDuplicateKeyWriteError(error: unknown): boolean {
  const writeErrors = (error as { writeErrors?: unknown }).writeErrors;
  const list = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
  return list.some((entry: { code?: number }) => entry.code === 11000);
}

/** Removes relayed events from their comments' outboxes (events recorded since stay): one write for the batch. */
export async function clearRelayedEvents(storage: Storage, publisherId: string, commentIds: string[], eventIds: string[]): Promise<void> {
  if (commentIds.length === 0) return;
  await storage.models.comments.updateMany(
    { publisherId: { $eq: publisherId }, commentId: { $in: [...commentIds] } },
    { $pull: { outbox: { eventId: { $in: [...eventIds] } } } },
  );
}

export interface FeedQuery {
  /** Events strictly after this position (0 reads from the start). */
  after: number;
  types?: EventType[];
  limit: number;
}

export interface FeedPage {
  events: Array<EventEnvelope & { position: number }>;
  /** The position to read after next time: the last one returned, or `after` when nothing was. */
  last: number;
  hasMore: boolean;
}

/** One page of a publisher's event feed in position order. */
export async function readEventFeed(storage: Storage, publisherId: string, query: FeedQuery): Promise<FeedPage> {
  if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > MAX_FEED_PAGE_SIZE) {
    throw new RangeError(`event feed limit must be an integer in 1..${MAX_FEED_PAGE_SIZE}, got ${query.limit}`);
  }
  const filter: Record<string, unknown> = { publisherId: { $eq: publisherId }, position: { $gt: query.after } };
  if (query.types?.length) filter.type = { $in: [...query.types] };
  const docs = await storage.models.events.find(filter, { position: 1, payload: 1 }).sort({ position: 1 }).limit(query.limit + 1).lean();
  const page = docs.slice(0, query.limit);
  return {
    events: page.map((doc) => ({ position: doc.position, ...(doc.payload as EventEnvelope) })),
    last: page.at(-1)?.position ?? query.after,
    hasMore: docs.length > query.limit,
  };
}
