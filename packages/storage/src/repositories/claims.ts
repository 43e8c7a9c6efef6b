import type { QueryFilter } from 'mongoose';
import type { CommentDocument } from '../models/comment.js';
import type { Storage } from '../storage.js';
import {
  awaitingReview, claimableBy, listReviewQueue, toQueueItem, type Claim, type ReviewQueueItem, type ReviewQueueQuery,
} from './moderation.js';

/** How long a lease runs: long enough to read a page of comments, short enough that a closed tab frees them soon. */
export const CLAIM_LEASE_SECONDS = 300;
/** The most items one claim leases. */
export const MAX_CLAIM_SIZE = 100;
/** How often a claim lists the queue again after other keys leased some of what it saw first. */
const MAX_CLAIM_ROUNDS = 3;

/** The key that claims: its id, and the label others' pages show. */
export interface Claimant {
  keyId: string;
  label: string | null;
}

export interface ClaimNextInput {
  publisherId: string;
  claimant: Claimant;
  /** At most MAX_CLAIM_SIZE. */
  limit: number;
  /** Which part of the queue, in which order, as GET /v1/queue takes it. */
  filter?: Pick<ReviewQueueQuery, 'flags' | 'articleId' | 'authorId' | 'from' | 'to'>;
  sort: ReviewQueueQuery['sort'];
  now?: Date;
}

export interface ClaimedItems {
  /** When every lease this call made or renewed runs out. */
  leasedUntil: Date;
  /** The items now leased to the claimant, each with its `claim`. */
  items: ReviewQueueItem[];
}

/**
 * Leases the first `limit` queue items no other key holds (in `sort` order) to the claimant, renewing the ones it
 * already holds. Each lease is a conditional write (still awaiting review, and nobody's, the claimant's, or run out),
 * so of two claims at once each item goes to exactly one; the loser lists the queue again for others.
 */
export async function claimNextQueueItems(storage: Storage, input: ClaimNextInput): Promise<ClaimedItems> {
  checkSize(input.limit);
  const now = input.now ?? new Date();
  const leasedUntil = new Date(now.getTime() + CLAIM_LEASE_SECONDS * 1_000);
  const query: ReviewQueueQuery = { ...input.filter, sort: input.sort, limit: input.limit, viewerKeyId: input.claimant.keyId, now };
  let won: ReviewQueueItem[] = [];
  for (let round = 0; round < MAX_CLAIM_ROUNDS; round++) {
    const { items } = await listReviewQueue(storage, input.publisherId, query);
    const leased = await leaseAll(storage, input.publisherId, input.claimant, items.map((item) => item.commentId), now, leasedUntil);
    won = items.filter((item) => leased.has(item.commentId)).map((item) => ({ ...item, claim: { ...input.claimant, until: leasedUntil } }));
    if (won.length === items.length) break;
  }
  return { leasedUntil, items: won };
}

export type ClaimRefusal = 'claimed_by_other' | 'not_awaiting_review' | 'not_found';

export interface ClaimedByIds extends ClaimedItems {
  /** The ids not leased, in the order asked, each with why (and the other key's lease when it holds one). */
  refused: Array<{ commentId: string; reason: ClaimRefusal; claim: Claim | null }>;
}

/** Leases (or renews) exactly these comments, as a page claims the items it shows; items come back in the order asked. */
export async function claimQueueItems(
  storage: Storage, input: { publisherId: string; claimant: Claimant; commentIds: readonly string[]; now?: Date },
): Promise<ClaimedByIds> {
  checkSize(input.commentIds.length);
  const now = input.now ?? new Date();
  const leasedUntil = new Date(now.getTime() + CLAIM_LEASE_SECONDS * 1_000);
  await leaseAll(storage, input.publisherId, input.claimant, input.commentIds, now, leasedUntil);
  const docs = await storage.models.comments
    .find({ publisherId: { $eq: input.publisherId }, commentId: { $in: [...input.commentIds] } }, QUEUE_FIELDS_WITH_STATE)
    .lean();
  const byId = new Map(docs.map((doc) => [doc.commentId, doc]));
  const result: ClaimedByIds = { leasedUntil, items: [], refused: [] };
  for (const commentId of input.commentIds) {
    const doc = byId.get(commentId);
    if (!doc) {
      result.refused.push({ commentId, reason: 'not_found', claim: null });
      continue;
    }
    const item = toQueueItem(doc, now);
    if (doc.status !== 'pending' || doc.decision) result.refused.push({ commentId, reason: 'not_awaiting_review', claim: null });
    else if (item.claim?.keyId === input.claimant.keyId && item.claim.until.getTime() === leasedUntil.getTime()) result.items.push(item);
    else result.refused.push({ commentId, reason: 'claimed_by_other', claim: item.claim });
  }
  return result;
}

/** Ends the claimant's leases on these comments (all of its leases with the publisher when no ids are given); returns how many. */
export async function releaseClaims(
  storage: Storage, input: { publisherId: string; keyId: string; commentIds?: readonly string[] },
): Promise<number> {
  const filter: Record<string, unknown> = { publisherId: { $eq: input.publisherId }, 'claim.keyId': { $eq: input.keyId } };
  if (input.commentIds) filter.commentId = { $in: [...input.commentIds] };
  const { modifiedCount } = await storage.models.comments.updateMany(filter as QueryFilter<CommentDocument>, { $set: { claim: null } });
  return modifiedCount;
}

const QUEUE_FIELDS_WITH_STATE = {
  commentId: 1, articleId: 1, articleTitle: 1, authorId: 1, authorName: 1, text: 1, language: 1, createdAt: 1, receivedAt: 1,
  flags: 1, severity: 1, sentiment: 1, duplicateOf: 1, claim: 1, status: 1, decision: 1, 'analysis.language.code': 1,
} as const;

/** One conditional write over the ids; returns the ids now leased to the claimant until `until` (by this call). */
async function leaseAll(storage: Storage, publisherId: string, claimant: Claimant, commentIds: readonly string[], now: Date, until: Date): Promise<Set<string>> {
  if (commentIds.length === 0) return new Set();
  const ids = { commentId: { $in: [...commentIds] } };
  const claimable = { ...awaitingReview(publisherId), ...ids, $or: claimableBy(claimant.keyId, now) };
  await storage.models.comments.updateMany(claimable as QueryFilter<CommentDocument>, { $set: { claim: { keyId: claimant.keyId, label: claimant.label, until } } });
  const mine = await storage.models.comments
    .find({ publisherId: { $eq: publisherId }, ...ids, 'claim.keyId': { $eq: claimant.keyId }, 'claim.until': { $eq: until } }, { commentId: 1 })
    .lean();
  return new Set(mine.map((doc) => doc.commentId));
}

function checkSize(size: number): void {
  if (!Number.isInteger(size) || size < 1 || size > MAX_CLAIM_SIZE) throw new RangeError(`a claim takes 1..${MAX_CLAIM_SIZE} items, got ${size}`);
}
