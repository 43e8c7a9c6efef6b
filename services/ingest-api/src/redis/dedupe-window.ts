import { createHash } from 'node:crypto';

/**
 * The ingest remembers, for COMMENT_DEDUPE_SECONDS and WEBHOOK_DEDUPE_SECONDS, every comment it acknowledged and the
 * answer of every webhook-id. A Redis key per comment with its own expiry costs about 150 B for the key, its expiry
 * entry and the key name; a redelivery check does not need any of that per comment. So marks are written into the set
 * (comments) or hash (answers) of the time bucket they were made in, keyed by a hash, and a whole bucket expires once
 * the newest mark in it is older than the window: about 75 B a comment and 90 B an answer (`npm run bench -- ingest`).
 *
 * A check reads every bucket that can hold a mark younger than the window, so a mark is found for at least the
 * whole window and dropped at most one bucket later (3 days: up to 33 days for a 30-day window). Longer buckets read
 * fewer keys per delivery and keep marks longer; 3 days keeps a check to 11 buckets. The bucket of a write comes from
 * the ingest's own clock: instances whose clocks disagree by minutes write into neighbouring buckets, all of which
 * are read. Past the window, the comment's unique (publisherId, commentId) key in MongoDB is the final guard: a
 * comment queued again is stored once (the worker's store is an upsert that changes nothing when it exists).
 */
export const DEDUPE_BUCKET_SECONDS = 3 * 24 * 3600;

/** The bucket a mark made at `nowMs` goes into. */
export function currentBucket(nowMs: number): number {
  return Math.floor(nowMs / 1000 / DEDUPE_BUCKET_SECONDS);
}

/** The buckets that may hold a mark made within the last `windowSeconds`, newest first. */
export function bucketsToRead(nowMs: number, windowSeconds: number): number[] {
  const newest = currentBucket(nowMs);
  const count = Math.ceil(windowSeconds / DEDUPE_BUCKET_SECONDS) + 1;
  return Array.from({ length: count }, (_, age) => newest - age);
}

/** When a bucket can go (unix seconds): its last possible mark has then been kept the whole window. */
export function bucketExpiresAt(bucket: number, windowSeconds: number): number {
  return (bucket + 1) * DEDUPE_BUCKET_SECONDS + windowSeconds;
}

/**
 * A comment's member in the seen buckets: the first 16 bytes of its job id's hash (job ids are `c_` and 32 base64url
 * characters of SHA-256 over the publisher and comment id), which keeps collisions as unlikely as the job id's own.
 */
export function seenMember(jobId: string): Buffer {
  return Buffer.from(jobId.slice(2, 24), 'base64url').subarray(0, 16);
}

/**
 * A webhook-id's field in the answer buckets: 12 bytes of SHA-256 over the publisher and the webhook-id (12 bytes fit
 * Redis's 16-byte allocation for the field, 16 would take 24). Two webhook-ids sharing one would need about 2^48 answers
 * in a bucket; the cost of one would be a redelivery answered 409 or a delivery taken for a redelivery, not a lost
 * comment: comments are deduplicated by their own 16-byte marks.
 */
export function answerField(publisherId: string, webhookId: string): Buffer {
  return createHash('sha256').update(publisherId).update('\u0000').update(webhookId).digest().subarray(0, 12);
}
