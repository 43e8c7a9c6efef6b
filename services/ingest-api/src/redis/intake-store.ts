import { COMMENT_DEDUPE_SECONDS, WEBHOOK_DEDUPE_SECONDS, enqueueComments, type AnalyzeCommentJob, type CommentQueue } from '@moderato/contracts';
import type { IRedisClient } from 'bullmq';
import { answerField, bucketExpiresAt, bucketsToRead, currentBucket, seenMember } from './dedupe-window.js';
import { DEFAULT_FAIR_COMMENTS_PER_MINUTE, VOLUME_WINDOW_MS, deliveryPriorities } from './fairness.js';
import { ingestKeys } from './keys.js';
import { INGEST_COMMANDS, INGEST_SCRIPTS } from './scripts.js';

/** Both rate limits count in fixed windows of this length. */
export const RATE_WINDOW_MS = 60_000;

export interface IntakeLimits {
  /** Signed deliveries per publisher per window. */
  requestsPerMinute: number;
  /** Failed authentications per client address per window. */
  authFailuresPerMinute: number;
}

/**
 * What round trip 1 found: a refusal, or the stored answer of a redelivery, or which comments were seen before and
 * the publisher's comment volume before the unseen ones (see fairness.ts).
 */
export type Admission =
  | { outcome: 'admitted'; answer: string | undefined; seen: boolean[]; volume: number }
  | { outcome: 'address-blocked'; retryAfterMs: number }
  | { outcome: 'over-budget'; retryAfterMs: number };

export interface CommitRequest {
  publisherId: string;
  webhookId: string;
  /** The fresh comments' jobs, each of which is marked seen only together with its job. */
  jobs: AnalyzeCommentJob[];
  jobIds: string[];
  /** The answer to store for redeliveries of this webhook-id (stored-answer.ts). */
  answer: string;
  /** The publisher's comment volume before these jobs, as `begin` answered it; sets their queue priorities. */
  volume: number;
}

/** Raised when round trip 2 ran but did not commit; nothing was marked seen, so a retry queues the comments. */
export class CommitFailedError extends Error {}

/**
 * The ingest's Redis work, on the comment queue's own client (BullMQ's adds must join our MULTI, and every key shares
 * the queue's hash slot). A delivery costs two round trips: `begin` (one script) and `commit` (one MULTI).
 */
export class IntakeStore {
  constructor(
    private readonly queue: CommentQueue,
    private readonly limits: IntakeLimits,
    /** Comments a minute past which a publisher's jobs are prioritized behind quieter ones'; 0 turns that off. */
    private readonly fairCommentsPerMinute = DEFAULT_FAIR_COMMENTS_PER_MINUTE,
    /** Sets the dedupe buckets a delivery reads and writes; tests move it across the window. */
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Round trip 1: refuses an address over its failed-authentication limit, consumes the publisher's delivery budget,
   * reads the webhook-id's stored answer and the comments' seen marks, and adds the unseen comments to the publisher's
   * volume. Without `delivery` only the budget is consumed (the articles route).
   */
  async begin(address: string, publisherId: string, delivery?: { webhookId: string; jobIds: string[] }): Promise<Admission> {
    const name = this.queue.name;
    const keys = [ingestKeys.authFailures(name, address), ingestKeys.deliveries(name, publisherId)];
    const args: Array<string | number | Buffer> = [this.limits.authFailuresPerMinute, this.limits.requestsPerMinute, RATE_WINDOW_MS, VOLUME_WINDOW_MS];
    if (delivery) {
      // One reading of the clock, so both windows end at the same bucket.
      const now = this.now();
      const answerBuckets = bucketsToRead(now, WEBHOOK_DEDUPE_SECONDS);
      keys.push(ingestKeys.volume(name, publisherId), ...answerBuckets.map((bucket) => ingestKeys.answerBucket(name, bucket)));
      keys.push(...bucketsToRead(now, COMMENT_DEDUPE_SECONDS).map((bucket) => ingestKeys.seenBucket(name, bucket)));
      args.push(answerBuckets.length, answerField(publisherId, delivery.webhookId), ...delivery.jobIds.map(seenMember));
    }
    const client = await this.client();
    const [verdict, retryAfterMs, answer, seen, volume] = (await client.runCommand(INGEST_COMMANDS.begin, [keys.length, ...keys, ...args])) as BeginReply;
    if (verdict === 1) return { outcome: 'address-blocked', retryAfterMs };
    if (verdict === 2) return { outcome: 'over-budget', retryAfterMs };
    return { outcome: 'admitted', answer: answer || undefined, seen: (seen ?? []).map((flag) => flag === 1), volume: volume ?? 0 };
  }

  /**
   * Round trip 2, one MULTI: BullMQ's add of each fresh job (prioritized past the publisher's fair share), then the
   * script that marks their comments seen and stores the answer only if every job exists. Resolves only when all of
   * it was written.
   */
  async commit(request: CommitRequest): Promise<void> {
    const name = this.queue.name;
    const client = await this.client();
    const multi = client.multi();
    const priorities = deliveryPriorities(request.volume, request.jobs.length, this.fairCommentsPerMinute);
    await enqueueComments(this.queue, request.jobs, { transaction: multi, priorities, jobIds: request.jobIds });
    const bucket = currentBucket(this.now());
    const keys = [ingestKeys.answerBucket(name, bucket), ...request.jobIds.map((jobId) => this.queue.toKey(jobId)), ingestKeys.seenBucket(name, bucket)];
    const args = [
      request.jobIds.length,
      answerField(request.publisherId, request.webhookId),
      request.answer,
      bucketExpiresAt(bucket, WEBHOOK_DEDUPE_SECONDS),
      bucketExpiresAt(bucket, COMMENT_DEDUPE_SECONDS),
      ...request.jobIds.map(seenMember),
    ];
    multi.runCommand(INGEST_COMMANDS.commit, [keys.length, ...keys, ...args]);
    const replies = await multi.exec();
    if (!replies) throw new CommitFailedError('the delivery\'s transaction was discarded');
    const failed = replies.find(([error]) => error);
    if (failed) throw new CommitFailedError('a command of the delivery\'s transaction failed', { cause: failed[0] });
    if (replies.at(-1)?.[1] !== 1) throw new CommitFailedError('a job of the delivery is missing after its add; nothing was marked seen');
  }

  /** Counts a failed authentication of `address`; answers the count this window and when the window ends. */
  async countFailure(address: string): Promise<{ failures: number; retryAfterMs: number }> {
    const client = await this.client();
    const [failures, retryAfterMs] = (await client.runCommand(INGEST_COMMANDS.countFailure, [1, ingestKeys.authFailures(this.queue.name, address), RATE_WINDOW_MS])) as [number, number];
    return { failures, retryAfterMs };
  }

  /** The queue's client, with the ingest's scripts defined on it (once: ioredis keeps them per client). */
  private async client(): Promise<IRedisClient> {
    const client = await this.queue.getBackend().client;
    for (const [command, lua] of Object.entries(INGEST_SCRIPTS)) {
      // No `numberOfKeys`: ioredis then reads the key count from each call's first argument, as these scripts vary it.
      if (!(command in client)) client.defineCommand(command, { lua } as Parameters<IRedisClient['defineCommand']>[1]);
    }
    return client;
  }
}

/** See BEGIN_DELIVERY: verdict (0 admitted, 1 address blocked, 2 over budget), ms left, then the admitted reads. */
type BeginReply = [verdict: number, retryAfterMs: number, answer?: string, seen?: number[], volume?: number];
