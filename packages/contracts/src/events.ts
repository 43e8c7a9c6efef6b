import { createHash } from 'node:crypto';
import type { JobsOptions } from 'bullmq';
import { z } from 'zod';

/**
 * Events Moderato sends back to publishers: by signed webhook to their endpoints, and in the pull feed
 * (GET /v1/events). The envelope follows the Standard Webhooks payload shape ({ type, timestamp, data }) and adds a
 * stable `id` (also the `webhook-id` header) and the payload's schema `version`.
 */
export const EVENT_TYPES = ['comment.analyzed', 'comment.decided', 'comment.reanalyzed'] as const;
export type EventType = (typeof EVENT_TYPES)[number];
export const EVENT_PAYLOAD_VERSION = 1;

const statusSchema = z.enum(['approved', 'pending', 'rejected']);

const reasonSchema = z.object({
  code: z.string(),
  message: z.string(),
  span: z.tuple([z.number().int(), z.number().int()]).optional(),
});

const flagSchema = z.object({ kind: z.string(), score: z.number(), reasons: z.array(reasonSchema) });

/** What every event says about its comment. `sequence` counts the comment's events from 1, in the order they happened. */
const commentEventBase = {
  publisherId: z.string(),
  commentId: z.string(),
  articleId: z.string(),
  authorId: z.string(),
  sequence: z.number().int().min(1),
};

/** The outcome of an analysis, as `comment.analyzed` and `comment.reanalyzed` carry it. */
const analysisOutcome = {
  status: statusSchema,
  flags: z.array(flagSchema),
  sentiment: z.object({ label: z.enum(['negative', 'neutral', 'positive']), score: z.number() }).nullable(),
  duplicateOf: z.string().nullable(),
  analysisVersion: z.string(),
  /** The publisher policy version applied (0: Moderato's defaults). */
  policyVersion: z.number().int().min(0),
};

export const commentAnalyzedDataSchema = z.object({ ...commentEventBase, ...analysisOutcome });

export const commentReanalyzedDataSchema = z.object({
  ...commentEventBase,
  ...analysisOutcome,
  /** Why it was analyzed again, e.g. `later_copy` when its original was stored after it. */
  cause: z.string(),
  previous: z.object({ status: statusSchema, flags: z.array(z.string()) }),
});

export const commentDecidedDataSchema = z.object({
  ...commentEventBase,
  status: statusSchema,
  previousStatus: statusSchema,
  decision: z.object({
    action: z.enum(['approve', 'reject', 'undo']),
    reason: z.string().nullable(),
    /** keyId of the API key that decided (never the key itself). */
    decidedBy: z.string(),
    decidedAt: z.iso.datetime(),
  }),
});

export type CommentAnalyzedData = z.infer<typeof commentAnalyzedDataSchema>;
export type CommentReanalyzedData = z.infer<typeof commentReanalyzedDataSchema>;
export type CommentDecidedData = z.infer<typeof commentDecidedDataSchema>;

export interface EventDataByType {
  'comment.analyzed': CommentAnalyzedData;
  'comment.reanalyzed': CommentReanalyzedData;
  'comment.decided': CommentDecidedData;
}

const envelope = <T extends EventType, D extends z.ZodType>(type: T, data: D) =>
  z.object({ id: z.string(), type: z.literal(type), version: z.literal(EVENT_PAYLOAD_VERSION), timestamp: z.iso.datetime(), data });

/** Each event type's envelope on its own, as the moderation API's OpenAPI document names them. */
export const commentAnalyzedEventSchema = envelope('comment.analyzed', commentAnalyzedDataSchema);
export const commentReanalyzedEventSchema = envelope('comment.reanalyzed', commentReanalyzedDataSchema);
export const commentDecidedEventSchema = envelope('comment.decided', commentDecidedDataSchema);

export const eventEnvelopeSchema = z.discriminatedUnion('type', [commentAnalyzedEventSchema, commentReanalyzedEventSchema, commentDecidedEventSchema]);

export type EventEnvelope = z.infer<typeof eventEnvelopeSchema>;

/**
 * The id of a comment's n-th event: derived from what it is about, never drawn at random, so an event relayed or
 * delivered again after a crash always carries the same id (and receivers that dedupe on `webhook-id` see it once).
 */
export function commentEventId(publisherId: string, commentId: string, sequence: number): string {
  const digest = createHash('sha256').update(publisherId).update('\u0000').update(commentId).update('\u0000').update(String(sequence)).digest('base64url');
  return `evt_${digest.slice(0, 27)}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Delivery jobs: one per (event, endpoint), produced by the relay and consumed by the dispatcher.

export const DELIVER_EVENT_JOB = 'deliver-event' as const;
export const DELIVER_EVENT_VERSION = 1;

export const deliverEventJobSchema = z.strictObject({
  version: z.literal(DELIVER_EVENT_VERSION),
  publisherId: z.string().min(1),
  endpointId: z.string().min(1),
  eventId: z.string().min(1),
  /** The envelope as the feed holds it, so an attempt sends it as it is and reads nothing from the feed. */
  payload: eventEnvelopeSchema,
});

export type DeliverEventJob = z.input<typeof deliverEventJobSchema>;

/** The delivery queue that belongs to a comment queue, so every deployment (and every test) has its own. */
export function deliveryQueueName(commentQueue: string): string {
  return `${commentQueue}-deliveries`;
}

/**
 * Redis pub/sub channel on which writers of events say "events recorded" (the message is the publisher id), so the
 * relay moves them at once instead of at its next sweep. Losing a message only delays an event until that sweep.
 */
export function eventsRecordedChannel(commentQueue: string): string {
  return `${commentQueue}:events-recorded`;
}

/** Same (event, endpoint) → same job id: a relay that runs twice after a crash adds the delivery once. */
export function deliveryJobId(eventId: string, endpointId: string): string {
  return `d_${eventId}_${endpointId}`;
}

export const DELIVERY_RETENTION_SECONDS = 7 * 24 * 3600;

/** The backoff type the dispatcher's strategy answers to; the schedule itself is the dispatcher's setting. */
export const DELIVERY_BACKOFF_TYPE = 'delivery-schedule';

/**
 * The schedule of retries is the dispatcher's (its backoff strategy spreads them over more than a day, and it gives up
 * when the schedule ends), so the job's own attempt count is only an upper bound that the schedule never reaches.
 */
export const deliveryJobOptions: JobsOptions = {
  attempts: 100,
  backoff: { type: DELIVERY_BACKOFF_TYPE },
  removeOnComplete: { age: DELIVERY_RETENTION_SECONDS },
  removeOnFail: { age: DELIVERY_RETENTION_SECONDS },
};
