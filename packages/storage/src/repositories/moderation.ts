import type { Analysis, FlagKind, ModerationStatus } from '@moderato/analysis';
import type { QueryFilter } from 'mongoose';
import type { CommentDocument } from '../models/comment.js';
import { decidedEvent } from '../events/outbox.js';
import type { Storage } from '../storage.js';
import { auditRetentionDays, keyActor, type AuditActor } from './audit.js';
import { auditDocument, storeAuditDocuments, type AuditDocument } from './audit-store.js';
import { strictlyAfter, type SortOrder } from './keyset.js';

/** Every flag kind the analysis raises, for validating queue filters. */
export const REVIEW_FLAG_KINDS = ['spam', 'duplicate', 'negative', 'toxic', 'unsupported_language', 'policy'] as const satisfies readonly FlagKind[];
// Breaks the build when the analysis gains a flag kind that is missing above.
const _everyFlagKindListed: [Exclude<FlagKind, (typeof REVIEW_FLAG_KINDS)[number]>] extends [never] ? true : never = true;

export const REVIEW_QUEUE_SORTS = ['oldest', 'newest', 'severity'] as const;
export type ReviewQueueSort = (typeof REVIEW_QUEUE_SORTS)[number];
export const MAX_REVIEW_PAGE_SIZE = 100;
/** How many of the author's other comments a detail view shows. */
export const AUTHOR_HISTORY_SIZE = 20;

/** Where a page ended: the sort keys of its last item. The next page starts strictly after it. */
export interface ReviewQueuePosition {
  createdAt: Date;
  severity: number;
  commentId: string;
}

export interface ReviewQueueQuery {
  /** Items carrying ANY of these flags. */
  flags?: FlagKind[];
  articleId?: string;
  authorId?: string;
  /** createdAt >= from. */
  from?: Date;
  /** createdAt < to. */
  to?: Date;
  sort: ReviewQueueSort;
  limit: number;
  after?: ReviewQueuePosition;
  /** The listing key: items it leased show, items another key leased (and whose lease runs) are skipped … */
  viewerKeyId?: string;
  /** … unless this is true. Without a viewer, every item shows. */
  includeClaimed?: boolean;
  /** When leases are judged to have run out (default: now). */
  now?: Date;
}

export interface SentimentSummary {
  score: number;
  label: string;
}

/** A key's lease on a queue item (see claims.ts). */
export interface Claim {
  keyId: string;
  label: string | null;
  until: Date;
}

export interface ReviewQueueItem {
  commentId: string;
  articleId: string;
  articleTitle: string | null;
  authorId: string;
  authorName: string | null;
  text: string;
  /** The language the publisher sent, else the one the analysis detected; null when neither is known. */
  language: string | null;
  createdAt: Date;
  receivedAt: Date;
  flags: string[];
  severity: number;
  sentiment: SentimentSummary | null;
  duplicateOf: string | null;
  /** The lease a moderator holds on it, while it runs; null when nobody does. */
  claim: Claim | null;
}

export interface ReviewQueuePage {
  items: ReviewQueueItem[];
  /** Position after the last item, or null when nothing follows. */
  next: ReviewQueuePosition | null;
}

type SortKey = keyof ReviewQueuePosition;
const SORT_ORDERS: Record<ReviewQueueSort, SortOrder<SortKey>> = {
  oldest: [['createdAt', 1], ['commentId', 1]],
  newest: [['createdAt', -1], ['commentId', -1]],
  severity: [['severity', -1], ['createdAt', 1], ['commentId', 1]],
};

const QUEUE_ITEM_FIELDS = {
  commentId: 1, articleId: 1, articleTitle: 1, authorId: 1, authorName: 1, text: 1, language: 1,
  createdAt: 1, receivedAt: 1, flags: 1, severity: 1, sentiment: 1, duplicateOf: 1, claim: 1, 'analysis.language.code': 1,
} as const;

/**
 * One page of a publisher's comments awaiting review. Keyset pagination: the next page starts strictly after the last
 * item's sort keys, so items decided between two pages neither shift the others nor make any appear twice.
 */
export async function listReviewQueue(storage: Storage, publisherId: string, query: ReviewQueueQuery): Promise<ReviewQueuePage> {
  if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > MAX_REVIEW_PAGE_SIZE) {
    throw new RangeError(`review queue limit must be an integer in 1..${MAX_REVIEW_PAGE_SIZE}, got ${query.limit}`);
  }
  const order = SORT_ORDERS[query.sort];
  const docs = await storage.models.comments
    .find(reviewQueueFilter(publisherId, query), QUEUE_ITEM_FIELDS)
    .sort(Object.fromEntries(order))
    .limit(query.limit + 1)
    .lean();
  const now = query.now ?? new Date();
  const items = docs.slice(0, query.limit).map((doc) => toQueueItem(doc, now));
  const last = items.at(-1);
  const next = docs.length > query.limit && last ? { createdAt: last.createdAt, severity: last.severity, commentId: last.commentId } : null;
  return { items, next };
}

function reviewQueueFilter(publisherId: string, query: ReviewQueueQuery): QueryFilter<CommentDocument> {
  const filter: Record<string, unknown> = { ...awaitingReview(publisherId) };
  if (query.flags?.length) filter.flags = { $in: [...query.flags] };
  if (query.articleId !== undefined) filter.articleId = { $eq: query.articleId };
  if (query.authorId !== undefined) filter.authorId = { $eq: query.authorId };
  if (query.from || query.to) filter.createdAt = { ...(query.from && { $gte: query.from }), ...(query.to && { $lt: query.to }) };
  const alternatives: Array<Array<Record<string, unknown>>> = [];
  if (query.viewerKeyId !== undefined && !query.includeClaimed) alternatives.push(claimableBy(query.viewerKeyId, query.now ?? new Date()));
  if (query.after) alternatives.push(strictlyAfter(SORT_ORDERS[query.sort], query.after));
  if (alternatives.length > 0) filter.$and = alternatives.map((clauses) => ({ $or: clauses }));
  return filter as QueryFilter<CommentDocument>;
}

/** The one definition of "in the queue": held for review and not yet decided by anyone. */
export function awaitingReview(publisherId: string): Record<string, unknown> {
  return { publisherId: { $eq: publisherId }, status: { $eq: 'pending' }, decision: { $eq: null } };
}

/** `$or` clauses of the items `keyId` may lease: nobody's, its own, or one whose lease has run out by `now`. */
export function claimableBy(keyId: string, now: Date): Array<Record<string, unknown>> {
  return [{ claim: { $eq: null } }, { 'claim.keyId': { $eq: keyId } }, { 'claim.until': { $lte: now } }];
}


interface QueueItemFields {
  commentId: string;
  articleId: string;
  articleTitle?: string | null;
  authorId: string;
  authorName?: string | null;
  text: string;
  language?: string | null;
  analysis?: { language?: { code?: unknown } | null } | null;
  createdAt: Date;
  receivedAt: Date;
  flags?: string[] | null;
  severity: number;
  sentiment?: { score?: number | null; label?: string | null } | null;
  duplicateOf?: string | null;
  claim?: { keyId?: string | null; label?: string | null; until?: Date | null } | null;
}

export function toQueueItem(doc: QueueItemFields, now: Date): ReviewQueueItem {
  return {
    commentId: doc.commentId,
    articleId: doc.articleId,
    articleTitle: doc.articleTitle ?? null,
    authorId: doc.authorId,
    authorName: doc.authorName ?? null,
    text: doc.text,
    language: doc.language ?? detectedLanguage(doc.analysis),
    createdAt: doc.createdAt,
    receivedAt: doc.receivedAt,
    flags: [...(doc.flags ?? [])],
    severity: doc.severity,
    sentiment: toSentiment(doc.sentiment),
    duplicateOf: doc.duplicateOf ?? null,
    claim: runningClaim(doc.claim, now),
  };
}

/** The stored lease while it runs; a lease that ran out is nobody's. */
export function runningClaim(claim: QueueItemFields['claim'], now: Date): Claim | null {
  if (!claim?.keyId || !claim.until || claim.until <= now) return null;
  return { keyId: claim.keyId, label: claim.label ?? null, until: claim.until };
}

/** Most publishers send no language: the analysis detects one for every comment, `und` when it cannot tell. */
function detectedLanguage(analysis: QueueItemFields['analysis']): string | null {
  const code = analysis?.language?.code;
  return typeof code === 'string' && code !== 'und' ? code : null;
}

function toSentiment(sentiment: QueueItemFields['sentiment']): SentimentSummary | null {
  if (typeof sentiment?.score !== 'number' || typeof sentiment.label !== 'string') return null;
  return { score: sentiment.score, label: sentiment.label };
}

// ---------------------------------------------------------------------------------------------------------------
// Detail view

export interface Decision {
  action: 'approve' | 'reject';
  reason: string | null;
  /** keyId of the API key that decided. */
  decidedBy: string;
  decidedAt: Date;
}

export interface DuplicatedCommentSummary {
  commentId: string;
  articleId: string;
  authorId: string;
  authorName: string | null;
  text: string;
  createdAt: Date;
  status: ModerationStatus;
}

export interface AuthorHistoryEntry {
  commentId: string;
  articleId: string;
  createdAt: Date;
  status: ModerationStatus;
  flags: string[];
  decision: Decision | null;
}

export interface AuthorHistory {
  /** The author's other comments with this publisher, by status (this comment excluded). */
  counts: Record<ModerationStatus, number>;
  /** How many of those comments carried each flag kind (a comment with two flags counts under both). */
  flagCounts: Record<(typeof REVIEW_FLAG_KINDS)[number], number>;
  /** The latest AUTHOR_HISTORY_SIZE of them, newest first. */
  recent: AuthorHistoryEntry[];
}

export interface CommentDetail extends ReviewQueueItem {
  articleUrl: string | null;
  parentId: string | null;
  ip: string | null;
  userAgent: string | null;
  analyzedAt: Date;
  status: ModerationStatus;
  /** Scores, each flag with its reasons, per-phase detail, as the analysis returned it (without the fingerprint). */
  analysis: Omit<Analysis, 'fingerprint'>;
  decision: Decision | null;
  /** The comment this one duplicates, when the analysis found one and it is still stored. */
  duplicate: DuplicatedCommentSummary | null;
  authorHistory: AuthorHistory;
}

/** A comment of the publisher with everything a moderator needs to decide it, or null for an unknown id. */
export async function findCommentDetail(storage: Storage, publisherId: string, commentId: string): Promise<CommentDetail | null> {
  const doc = await storage.models.comments
    .findOne({ publisherId: { $eq: publisherId }, commentId: { $eq: commentId } }, { fingerprint: 0 })
    .lean();
  if (!doc) return null;
  const [duplicate, authorHistory] = await Promise.all([
    doc.duplicateOf ? findDuplicatedComment(storage, publisherId, doc.duplicateOf) : Promise.resolve(null),
    findAuthorHistory(storage, publisherId, doc.authorId, commentId),
  ]);
  return {
    ...toQueueItem(doc, new Date()),
    articleUrl: doc.articleUrl ?? null,
    parentId: doc.parentId ?? null,
    ip: doc.ip ?? null,
    userAgent: doc.userAgent ?? null,
    analyzedAt: doc.analyzedAt,
    status: doc.status as ModerationStatus,
    analysis: doc.analysis as Omit<Analysis, 'fingerprint'>,
    decision: toDecision(doc.decision),
    duplicate,
    authorHistory,
  };
}

async function findDuplicatedComment(storage: Storage, publisherId: string, commentId: string): Promise<DuplicatedCommentSummary | null> {
  const doc = await storage.models.comments
    .findOne({ publisherId: { $eq: publisherId }, commentId: { $eq: commentId } }, { commentId: 1, articleId: 1, authorId: 1, authorName: 1, text: 1, createdAt: 1, status: 1 })
    .lean();
  if (!doc) return null;
  return {
    commentId: doc.commentId, articleId: doc.articleId, authorId: doc.authorId, authorName: doc.authorName ?? null,
    text: doc.text, createdAt: doc.createdAt, status: doc.status as ModerationStatus,
  };
}

async function findAuthorHistory(storage: Storage, publisherId: string, authorId: string, excludeCommentId: string): Promise<AuthorHistory> {
  const others = { publisherId: { $eq: publisherId }, authorId: { $eq: authorId }, commentId: { $ne: excludeCommentId } };
  const [recent, grouped, flagged] = await Promise.all([
    storage.models.comments
      .find(others, { commentId: 1, articleId: 1, createdAt: 1, status: 1, flags: 1, decision: 1 })
      .sort({ createdAt: -1, commentId: -1 })
      .limit(AUTHOR_HISTORY_SIZE)
      .lean(),
    storage.models.comments.aggregate<{ _id: string; count: number }>([{ $match: others }, { $group: { _id: '$status', count: { $sum: 1 } } }]),
    storage.models.comments.aggregate<{ _id: string; count: number }>([{ $match: others }, { $unwind: '$flags' }, { $group: { _id: '$flags', count: { $sum: 1 } } }]),
  ]);
  const counts: Record<ModerationStatus, number> = { approved: 0, pending: 0, rejected: 0 };
  for (const { _id, count } of grouped) if (_id in counts) counts[_id as ModerationStatus] = count;
  const flagCounts = Object.fromEntries(REVIEW_FLAG_KINDS.map((kind) => [kind, 0])) as AuthorHistory['flagCounts'];
  for (const { _id, count } of flagged) if (_id in flagCounts) flagCounts[_id as keyof typeof flagCounts] = count;
  return {
    counts,
    flagCounts,
    recent: recent.map((doc) => ({
      commentId: doc.commentId,
      articleId: doc.articleId,
      createdAt: doc.createdAt,
      status: doc.status as ModerationStatus,
      flags: [...(doc.flags ?? [])],
      decision: toDecision(doc.decision),
    })),
  };
}

interface StoredDecision {
  action?: string | null;
  reason?: string | null;
  decidedBy?: string | null;
  decidedAt?: Date | null;
}

function toDecision(decision: StoredDecision | null | undefined): Decision | null {
  if (!decision?.action || !decision.decidedBy || !decision.decidedAt) return null;
  return { action: decision.action as Decision['action'], reason: decision.reason ?? null, decidedBy: decision.decidedBy, decidedAt: decision.decidedAt };
}

// ---------------------------------------------------------------------------------------------------------------
// Decisions

export interface DecideCommentInput {
  publisherId: string;
  commentId: string;
  action: Decision['action'];
  reason?: string;
  /** keyId of the deciding API key. */
  decidedBy: string;
  /** Who the audit log names; by default the key id `decidedBy` alone. */
  actor?: AuditActor;
  /** The publisher's audit retention, when the caller read it once for many decisions; else it is read per entry. */
  auditRetentionDays?: number;
  /** Told of each decision made, with when the comment was received (for a time-to-decision metric). */
  onDecided?: (timing: { receivedAt: Date; decidedAt: Date }) => void;
  /** See DecisionAuditFailure; without it, a failed audit write fails the call (after the decision applied). */
  onAuditFailed?: DecisionAuditFailure;
  now?: Date;
}

/**
 * Told when a decision (or its change or undo) applied but its audit entry could not be written; the call then
 * answers the decision as made, since it stands and its event is recorded. The caller logs and counts it.
 */
export type DecisionAuditFailure = (error: unknown, commentId: string) => void;

export type DecideCommentResult =
  /** `overriddenClaim`: another key's running lease on it, which the decision ended (deciding is allowed; the answer says so). */
  | { outcome: 'decided'; commentId: string; status: ModerationStatus; decision: Decision; overriddenClaim?: Claim }
  /** Someone decided it first, or the policy settled it without review: `decision` is null in the latter case. */
  | { outcome: 'not_awaiting_review'; commentId: string; status: ModerationStatus; decision: Decision | null }
  | { outcome: 'not_found'; commentId: string };

const STATUS_AFTER: Record<Decision['action'], ModerationStatus> = { approve: 'approved', reject: 'rejected' };
/** How many times a decision is tried again when the comment changed (say, was analyzed again) between read and write. */
const MAX_DECISION_RACES = 5;

/**
 * Records a moderator's decision and its `comment.decided` event in one conditional write. Of two moderators
 * deciding the same item at once, the server applies exactly one update; the other finds no pending undecided
 * document and gets 'not_awaiting_review'. The write also requires the event count read just before, so the event's
 * sequence is the comment's next one even when another change lands in between (then it reads and tries again).
 */
export async function decideComment(storage: Storage, input: DecideCommentInput): Promise<DecideCommentResult> {
  const decision: Decision = { action: input.action, reason: input.reason ?? null, decidedBy: input.decidedBy, decidedAt: input.now ?? new Date() };
  const stored = { action: decision.action, decidedBy: decision.decidedBy, decidedAt: decision.decidedAt, ...(input.reason !== undefined && { reason: input.reason }) };
  const byId = { publisherId: { $eq: input.publisherId }, commentId: { $eq: input.commentId } };
  let retentionDays = input.auditRetentionDays;
  for (let race = 0; race < MAX_DECISION_RACES; race++) {
    const current = await storage.models.comments.findOne(byId, { articleId: 1, authorId: 1, status: 1, decision: 1, eventCount: 1, claim: 1, receivedAt: 1 }).lean();
    if (!current) return { outcome: 'not_found', commentId: input.commentId };
    if (current.status !== 'pending' || current.decision) {
      return { outcome: 'not_awaiting_review', commentId: input.commentId, status: current.status as ModerationStatus, decision: toDecision(current.decision) };
    }
    // Read only once a decision is to be written: its audit entry, made now, rides in the write.
    retentionDays ??= await auditRetentionDays(storage, input.publisherId);
    const status = STATUS_AFTER[input.action];
    const subject = { publisherId: input.publisherId, commentId: input.commentId, articleId: current.articleId, authorId: current.authorId, sequence: (current.eventCount ?? 0) + 1 };
    const audit = decisionAudit(input, { status: 'pending', decision: null }, { status, decision }, retentionDays);
    const event = { ...decidedEvent(subject, status, 'pending', decision), audit };
    const updated = await storage.models.comments
      .findOneAndUpdate(
        { ...awaitingReview(input.publisherId), commentId: { $eq: input.commentId }, eventCount: { $eq: current.eventCount ?? null } } as QueryFilter<CommentDocument>,
        // A decision ends any lease on the comment: it has left the queue.
        { $set: { status, decision: stored, claim: null }, $push: { outbox: event }, $inc: { eventCount: 1 } },
        { returnDocument: 'after', projection: { status: 1 } },
      )
      .lean();
    if (!updated) continue;
    input.onDecided?.({ receivedAt: current.receivedAt, decidedAt: decision.decidedAt });
    await storeDecisionAudit(storage, input, audit);
    const claim = runningClaim(current.claim, decision.decidedAt);
    const overridden = claim && claim.keyId !== input.decidedBy ? { overriddenClaim: claim } : {};
    return { outcome: 'decided', commentId: input.commentId, status: updated.status as ModerationStatus, decision, ...overridden };
  }
  throw new Error(`comment ${input.commentId} kept changing while it was decided (${MAX_DECISION_RACES} tries)`);
}

/** Decides each comment in turn exactly as `decideComment` does; the results are in the order of `commentIds`. */
export async function decideComments(
  storage: Storage, input: Omit<DecideCommentInput, 'commentId'> & { commentIds: readonly string[] },
): Promise<DecideCommentResult[]> {
  const { commentIds, ...common } = input;
  common.auditRetentionDays ??= await auditRetentionDays(storage, input.publisherId);
  const results: DecideCommentResult[] = [];
  // One at a time: each is its own conditional write, and a bulk call should not flood the database.
  for (const commentId of commentIds) results.push(await decideComment(storage, { ...common, commentId }));
  return results;
}

// ---------------------------------------------------------------------------------------------------------------
// Undoing and changing a decision

export interface ReviseDecisionInput {
  publisherId: string;
  commentId: string;
  /** 'undo' puts the comment back in the queue; 'approve' or 'reject' replaces the decision. */
  action: Decision['action'] | 'undo';
  reason?: string;
  /** keyId of the revising API key. */
  decidedBy: string;
  /** Who the audit log names; by default the key id `decidedBy` alone. */
  actor?: AuditActor;
  /** When the decision the caller saw was made: the revision applies only while that decision is the current one. */
  expectedDecidedAt: Date;
  /** The publisher's undo window (policy `decisions.undoWindowMinutes`), counted from the current decision. */
  windowMinutes: number;
  /** As DecideCommentInput's. */
  onAuditFailed?: DecisionAuditFailure;
  now?: Date;
}

export type ReviseDecisionResult =
  | { outcome: 'revised'; commentId: string; status: ModerationStatus; previousStatus: ModerationStatus; decision: Decision | null }
  /** No moderator's decision stands: it is in the queue, or the policy settled it. */
  | { outcome: 'not_decided'; commentId: string; status: ModerationStatus }
  /** The current decision is not the one the caller saw (someone changed or undid it since). */
  | { outcome: 'decision_changed'; commentId: string; status: ModerationStatus; decision: Decision }
  | { outcome: 'undo_window_passed'; commentId: string; status: ModerationStatus; decision: Decision; windowEndedAt: Date }
  /** A change to the action the decision already has. */
  | { outcome: 'no_change'; commentId: string; status: ModerationStatus; decision: Decision }
  | { outcome: 'not_found'; commentId: string };

type Refusal = Exclude<ReviseDecisionResult, { outcome: 'revised' }>;

/**
 * Undoes or changes a moderator's decision within the publisher's window, recording a `comment.decided` event (action
 * 'undo' or the new action, with the previous status) in the same conditional write as `decideComment` does. The
 * write requires the decision the caller saw and the event count read just before, so of two revisions at once
 * only one applies; the other reads again and is told the decision changed.
 */
export async function reviseDecision(storage: Storage, input: ReviseDecisionInput): Promise<ReviseDecisionResult> {
  const now = input.now ?? new Date();
  const byId = { publisherId: { $eq: input.publisherId }, commentId: { $eq: input.commentId } };
  let retentionDays: number | undefined;
  for (let race = 0; race < MAX_DECISION_RACES; race++) {
    const current = await storage.models.comments.findOne(byId, { articleId: 1, authorId: 1, status: 1, decision: 1, eventCount: 1 }).lean();
    if (!current) return { outcome: 'not_found', commentId: input.commentId };
    const previousDecision = toDecision(current.decision);
    const refusal = revisionRefusal(input, current.status as ModerationStatus, previousDecision, now);
    if (refusal) return refusal;
    retentionDays ??= await auditRetentionDays(storage, input.publisherId);
    const previousStatus = current.status as ModerationStatus;
    const revised = revisedDecision(input, now);
    const status = revised ? STATUS_AFTER[revised.action] : 'pending';
    const subject = { publisherId: input.publisherId, commentId: input.commentId, articleId: current.articleId, authorId: current.authorId, sequence: (current.eventCount ?? 0) + 1 };
    const audit = decisionAudit({ ...input, now }, { status: previousStatus, decision: previousDecision }, { status, decision: revised }, retentionDays);
    const event = { ...decidedEvent(subject, status, previousStatus, { action: input.action, reason: input.reason ?? null, decidedBy: input.decidedBy, decidedAt: now }), audit };
    const updated = await storage.models.comments
      .findOneAndUpdate(
        { ...byId, 'decision.decidedAt': { $eq: input.expectedDecidedAt }, eventCount: { $eq: current.eventCount ?? null } } as QueryFilter<CommentDocument>,
        { $set: { status, decision: revised && storedDecision(revised) }, $push: { outbox: event }, $inc: { eventCount: 1 } },
        { returnDocument: 'after', projection: { status: 1 } },
      )
      .lean();
    if (!updated) continue;
    await storeDecisionAudit(storage, input, audit);
    return { outcome: 'revised', commentId: input.commentId, status, previousStatus, decision: revised };
  }
  throw new Error(`comment ${input.commentId} kept changing while its decision was revised (${MAX_DECISION_RACES} tries)`);
}

/** Why the revision cannot apply to the comment as it stands, or null when it can. */
function revisionRefusal(input: ReviseDecisionInput, status: ModerationStatus, decision: Decision | null, now: Date): Refusal | null {
  const { commentId } = input;
  if (!decision) return { outcome: 'not_decided', commentId, status };
  if (decision.decidedAt.getTime() !== input.expectedDecidedAt.getTime()) return { outcome: 'decision_changed', commentId, status, decision };
  const windowEndedAt = new Date(decision.decidedAt.getTime() + input.windowMinutes * 60_000);
  if (now >= windowEndedAt) return { outcome: 'undo_window_passed', commentId, status, decision, windowEndedAt };
  if (input.action === decision.action) return { outcome: 'no_change', commentId, status, decision };
  return null;
}

/** The decision that replaces the current one; null for an undo, which leaves the comment undecided. */
function revisedDecision(input: ReviseDecisionInput, now: Date): Decision | null {
  if (input.action === 'undo') return null;
  return { action: input.action, reason: input.reason ?? null, decidedBy: input.decidedBy, decidedAt: now };
}

/** A decision as the comment document holds it: no reason field rather than a null one. */
function storedDecision(decision: Decision): Record<string, unknown> {
  const { reason, ...rest } = decision;
  return { ...rest, ...(reason !== null && { reason }) };
}

// ---------------------------------------------------------------------------------------------------------------
// The audit log

interface DecisionState {
  status: ModerationStatus;
  decision: Decision | null;
}

type DecisionAuditInput = Pick<DecideCommentInput, 'publisherId' | 'commentId' | 'decidedBy' | 'actor' | 'now'> & {
  action: ReviseDecisionInput['action'];
};

/**
 * The audit entry of a decision, its change or its undo, made before the write that applies it: it rides in that
 * write's outbox event, so the event relay stores it should the writer not get to (see storeDecisionAudit).
 */
function decisionAudit(input: DecisionAuditInput, before: DecisionState, after: DecisionState, retentionDays: number): AuditDocument {
  return auditDocument({
    publisherId: input.publisherId,
    at: after.decision?.decidedAt ?? input.now ?? new Date(),
    actor: input.actor ?? keyActor(input.decidedBy),
    action: decisionAuditAction(input.action, before.decision !== null),
    target: { type: 'comment', id: input.commentId },
    before: { ...before },
    after: { ...after },
  }, retentionDays);
}

/**
 * Stores the entry right after the decision applied, so the audit log shows it at once. When that fails (or the
 * process stops first), the relay stores it as it moves the decision's event into the feed: late, never lost.
 */
async function storeDecisionAudit(storage: Storage, input: Pick<DecideCommentInput, 'commentId' | 'onAuditFailed'>, audit: AuditDocument): Promise<void> {
  try {
    await storeAuditDocuments(storage, [audit]);
  } catch (error) {
    if (!input.onAuditFailed) throw error;
    input.onAuditFailed(error, input.commentId);
  }
}

function decisionAuditAction(action: ReviseDecisionInput['action'], wasDecided: boolean): 'comment.decided' | 'comment.decision_changed' | 'comment.decision_undone' {
  if (action === 'undo') return 'comment.decision_undone';
  return wasDecided ? 'comment.decision_changed' : 'comment.decided';
}
