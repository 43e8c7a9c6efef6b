import { COMMENT_DEDUPE_SECONDS, WEBHOOK_DEDUPE_SECONDS, prepareCommentAdds, type AnalyzeCommentJob, type CommentQueue } from '@moderato/contracts';
import { groupBatcher, type Pending } from '@moderato/group-commit';
import type { IRedisClient } from 'bullmq';
import { answerField, bucketExpiresAt, bucketsToRead, currentBucket, seenMember } from './dedupe-window.js';
import { DEFAULT_FAIR_COMMENTS_PER_MINUTE, VOLUME_WINDOW_MS } from './fairness.js';
import { ingestKeys } from './keys.js';
import { INGEST_COMMANDS, INGEST_SCRIPTS } from './scripts.js';

/** Both rate limits count in fixed windows of this length. */
export const RATE_WINDOW_MS = 60_000;

/**
 * At most this many comments' deliveries share one script call. Sharing pays for small deliveries, whose call's fixed
 * costs (the write, Redis's dispatch, the reply) are most of their Redis work; a batch of 100 already spreads them
 * over its comments, so it gains nothing from company, while a longer call keeps every other client of Redis waiting.
 */
export const MAX_GROUP_COMMENTS = 100;

export interface IntakeLimits {
  /** Signed deliveries per publisher per window. */
  requestsPerMinute: number;
  /** Failed authentications per client address per window. */
  authFailuresPerMinute: number;
}

/** What Redis answered a request: a refusal, or the stored answer of a redelivery and the comments' seen marks. */
export type Admission =
  | { outcome: 'admitted'; answer: string | undefined; seen: boolean[] }
  | { outcome: 'address-blocked'; retryAfterMs: number }
  | { outcome: 'over-budget'; retryAfterMs: number };

export interface DeliveryRequest {
  publisherId: string;
  webhookId: string;
  /** The delivery's distinct comments' jobs and their ids, in order: those not seen before are added. */
  jobs: AnalyzeCommentJob[];
  jobIds: string[];
  /** Per valid comment, its job's number in `jobs` from 1, or 0 for a repeat in the delivery (see DELIVER). */
  itemJobs: string;
  /** The digest of the body, stored with the comments' letters for redeliveries (stored-answer.ts). */
  bodyDigest: string;
  /**
   * False on the second call of a delivery whose stored answer did not fit its body: the answer is not read again,
   * and the delivery, counted by the first call, is not counted against the budget again.
   */
  firstCall: boolean;
}

/** One delivery's part of a group call: its keys and arguments for DELIVER, and its weight in the group. */
interface DeliveryCall {
  keys: string[];
  args: Array<string | number | Buffer>;
  comments: number;
}

/**
 * The ingest's Redis work, on the comment queue's own client, every key in the queue's hash slot. A delivery with a
 * valid comment costs at most one round trip: deliveries that meet share one call of the group script, which runs
 * each one's DELIVER (which also runs BullMQ's adds) in turn. A request that queues nothing costs one (`begin`).
 */
export class IntakeStore {
  /** Group commit of deliveries: those that reach Redis in the same turn of the event loop share a call. */
  private readonly deliverInGroup = groupBatcher<DeliveryCall, unknown>((group) => this.runGroup(group), {
    maxWeight: MAX_GROUP_COMMENTS,
    weightOf: (call) => call.comments,
    // A call never waits for an earlier one's reply (16 batches of 100 each have theirs out at once, as they did
    // alone); deliveries meet within a turn of the event loop, which under load holds several.
    maxInFlight: Number.POSITIVE_INFINITY,
  });

  constructor(
    private readonly queue: CommentQueue,
    private readonly limits: IntakeLimits,
    /** Comments a minute past which a publisher's jobs are prioritized behind quieter ones'; 0 turns that off. */
    private readonly fairCommentsPerMinute = DEFAULT_FAIR_COMMENTS_PER_MINUTE,
    /** Sets the dedupe buckets a delivery reads and writes; tests move it across the window. */
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Refuses an address over its failed-authentication limit, consumes the publisher's delivery budget and, given a
   * webhook-id, reads its stored answer. For requests that queue nothing: other routes, and deliveries refused whole.
   */
  async begin(address: string, publisherId: string, webhookId?: string): Promise<Admission> {
    const name = this.queue.name;
    const keys = [ingestKeys.authFailures(name, address), ingestKeys.deliveries(name, publisherId)];
    const args: Array<string | number | Buffer> = [this.limits.authFailuresPerMinute, this.limits.requestsPerMinute, RATE_WINDOW_MS];
    if (webhookId !== undefined) {
      keys.push(...bucketsToRead(this.now(), WEBHOOK_DEDUPE_SECONDS).map((bucket) => ingestKeys.answerBucket(name, bucket)));
      args.push(answerField(publisherId, webhookId));
    }
    return admissionOf(await this.run(INGEST_COMMANDS.begin, keys, args));
  }

  /**
   * A delivery in at most one round trip, shared with the deliveries that meet it (the DELIVER script): admission, the
   * stored answer on the first call, the seen marks, and for the unseen comments their jobs, their marks and the
   * answer to store. Resolves only once all of it was written.
   */
  async deliver(address: string, request: DeliveryRequest): Promise<Admission> {
    const name = this.queue.name;
    const adds = await prepareCommentAdds(this.queue, request.jobs, request.jobIds);
    // One reading of the clock, so both windows end at the same bucket.
    const now = this.now();
    const answerBuckets = bucketsToRead(now, WEBHOOK_DEDUPE_SECONDS);
    const keys = [
      ingestKeys.authFailures(name, address),
      ingestKeys.deliveries(name, request.publisherId),
      ingestKeys.volume(name, request.publisherId),
      ...answerBuckets.map((bucket) => ingestKeys.answerBucket(name, bucket)),
      ...bucketsToRead(now, COMMENT_DEDUPE_SECONDS).map((bucket) => ingestKeys.seenBucket(name, bucket)),
      ...adds.standardKeys,
      ...adds.prioritizedKeys,
    ];
    const bucket = currentBucket(now);
    const args = [
      this.limits.authFailuresPerMinute,
      this.limits.requestsPerMinute,
      RATE_WINDOW_MS,
      VOLUME_WINDOW_MS,
      answerBuckets.length,
      answerField(request.publisherId, request.webhookId),
      this.fairCommentsPerMinute,
      request.bodyDigest,
      bucketExpiresAt(bucket, WEBHOOK_DEDUPE_SECONDS),
      bucketExpiresAt(bucket, COMMENT_DEDUPE_SECONDS),
      request.itemJobs,
      request.firstCall ? 1 : 0,
      request.jobIds.length,
      adds.standardKeys.length,
      adds.prioritizedKeys.length,
      ...request.jobIds.map(seenMember),
      ...adds.args.flat(),
    ];
    return admissionOf(await this.deliverInGroup({ keys, args, comments: request.jobIds.length }));
  }

  /** Counts a failed authentication of `address`; answers the count this window and when the window ends. */
  async countFailure(address: string): Promise<{ failures: number; retryAfterMs: number }> {
    const [failures, retryAfterMs] = (await this.run(INGEST_COMMANDS.countFailure, [ingestKeys.authFailures(this.queue.name, address)], [RATE_WINDOW_MS])) as [number, number];
    return { failures, retryAfterMs };
  }

  /** One call of the group script for deliveries that met; each gets its own reply, an error reply failing only it. */
  private async runGroup(group: Array<Pending<DeliveryCall, unknown>>): Promise<void> {
    const keys = group.flatMap(({ item }) => item.keys);
    const args = [group.length, ...group.flatMap(({ item }) => [item.keys.length, item.args.length, ...item.args])];
    const replies = (await this.run(INGEST_COMMANDS.deliverGroup, keys, args)) as unknown[];
    group.forEach((pending, i) => (replies[i] instanceof Error ? pending.reject(replies[i]) : pending.resolve(replies[i])));
  }

  /** Runs one of the ingest's scripts on the queue's client, defining them there first (once: ioredis keeps them per client). */
  private async run(command: (typeof INGEST_COMMANDS)[keyof typeof INGEST_COMMANDS], keys: string[], args: Array<string | number | Buffer>): Promise<unknown> {
    const client = await this.queue.getBackend().client;
    for (const [name, lua] of Object.entries(INGEST_SCRIPTS)) {
      // No `numberOfKeys`: ioredis then reads the key count from each call's first argument, as these scripts vary it.
      if (!(name in client)) client.defineCommand(name, { lua } as Parameters<IRedisClient['defineCommand']>[1]);
    }
    return client.runCommand(command, [keys.length, ...keys, ...args]);
  }
}

/** See BEGIN_DELIVERY and DELIVER: verdict (0 admitted, 1 address blocked, 2 over budget), ms left, then the admitted reads. */
type ScriptReply = [verdict: number, retryAfterMs: number, answer?: string, seen?: number[]];

function admissionOf(reply: unknown): Admission {
  const [verdict, retryAfterMs, answer, seen] = reply as ScriptReply;
  if (verdict === 1) return { outcome: 'address-blocked', retryAfterMs };
  if (verdict === 2) return { outcome: 'over-budget', retryAfterMs };
  return { outcome: 'admitted', answer: answer || undefined, seen: (seen ?? []).map((flag) => flag === 1) };
}

