import type { PipelineStage } from 'mongoose';
import type { Storage } from '../storage.js';
import { awaitingReview } from './moderation.js';

export interface OverviewQuery {
  /** Inclusive. */
  from: Date;
  /** Exclusive. */
  to: Date;
}

export interface DecisionCounts {
  approved: number;
  rejected: number;
}

/** What became of the comments created in the range, so that total = byPolicy + byHand + pending. */
export interface ReceivedFigures {
  total: number;
  /** Settled by the analysis and the policy, never held for a moderator. */
  byPolicy: DecisionCounts;
  /** Decided by a moderator (at any time up to now). */
  byHand: DecisionCounts;
  /** Still awaiting review. */
  pending: number;
}

export interface ModeratorFigures extends DecisionCounts {
  keyId: string;
  /** The key's label; null when it has none (or the key is gone). */
  label: string | null;
  total: number;
}

/** Of the flagged comments moderators decided, the share they rejected: how often the detector was right to hold one. */
export interface FlagPrecision {
  kind: string;
  decided: number;
  rejected: number;
  /** rejected / decided, in [0, 1]. */
  rejectedShare: number;
}

/** The decisions moderators made in the range (their current decisions: an undone one no longer counts). */
export interface DecisionFigures extends DecisionCounts {
  total: number;
  /** From receipt to the decision, nearest-rank percentiles in seconds; null without decisions. */
  timeToDecision: { p50Seconds: number | null; p95Seconds: number | null };
  /** Most decisions first. */
  moderators: ModeratorFigures[];
  /** Per flag kind, most decided first. */
  precision: FlagPrecision[];
}

export interface Overview {
  from: Date;
  to: Date;
  /** Comments awaiting review now, whenever they were created. */
  pendingNow: number;
  received: ReceivedFigures;
  /** Flag kinds of the comments created in the range, most frequent first. */
  topFlags: Array<{ kind: string; count: number }>;
  decisions: DecisionFigures;
}

/**
 * The moderation desk's figures for [from, to): what came in (comments created in the range) and what became of it,
 * the flags raised, and what moderators decided in the range (by `decision.decidedAt`), how fast, and how often each
 * detector's flag was upheld. A few aggregations, each over one index range of the publisher's comments.
 */
export async function moderationOverview(storage: Storage, publisherId: string, query: OverviewQuery): Promise<Overview> {
  const [pendingNow, receivedFacets, decisionFacets] = await Promise.all([
    storage.models.comments.countDocuments(awaitingReview(publisherId)),
    storage.models.comments.aggregate<ReceivedFacets>(receivedPipeline(publisherId, query)),
    storage.models.comments.aggregate<DecisionFacets>(decisionsPipeline(publisherId, query)),
  ]);
  const decisions = decisionFacets[0];
  const [timeToDecision, moderators] = await Promise.all([
    decisionPercentiles(storage, publisherId, query, decisions?.totals[0]?.total ?? 0),
    labelled(storage, publisherId, decisions?.moderators ?? []),
  ]);
  return {
    from: query.from,
    to: query.to,
    pendingNow,
    received: receivedFigures(receivedFacets[0]?.totals[0]),
    topFlags: (receivedFacets[0]?.flags ?? []).map((row) => ({ kind: row._id, count: row.count })),
    decisions: {
      ...decisionCounts(decisions?.totals[0]),
      total: decisions?.totals[0]?.total ?? 0,
      timeToDecision,
      moderators,
      precision: (decisions?.precision ?? []).map((row) => ({ kind: row._id, decided: row.decided, rejected: row.rejected, rejectedShare: row.rejected / row.decided })),
    },
  };
}

const sumWhen = (condition: unknown) => ({ $sum: { $cond: [condition, 1, 0] } });
const isDecided = { $ne: [{ $ifNull: ['$decision', null] }, null] };
const hasStatus = (status: string) => ({ $eq: ['$status', status] });
const hasAction = (action: string) => ({ $eq: ['$decision.action', action] });

interface ReceivedTotals {
  total: number;
  policyApproved: number;
  policyRejected: number;
  handApproved: number;
  handRejected: number;
  pending: number;
}

interface ReceivedFacets {
  totals: ReceivedTotals[];
  flags: Array<{ _id: string; count: number }>;
}

function receivedPipeline(publisherId: string, { from, to }: OverviewQuery): PipelineStage[] {
  return [
    { $match: { publisherId: { $eq: publisherId }, createdAt: { $gte: from, $lt: to } } },
    {
      $facet: {
        totals: [
          {
            $group: {
              _id: null,
              total: { $sum: 1 },
              policyApproved: sumWhen({ $and: [{ $not: [isDecided] }, hasStatus('approved')] }),
              policyRejected: sumWhen({ $and: [{ $not: [isDecided] }, hasStatus('rejected')] }),
              handApproved: sumWhen({ $and: [isDecided, hasAction('approve')] }),
              handRejected: sumWhen({ $and: [isDecided, hasAction('reject')] }),
              pending: sumWhen({ $and: [{ $not: [isDecided] }, hasStatus('pending')] }),
            },
          },
        ],
        flags: [{ $unwind: '$flags' }, { $group: { _id: '$flags', count: { $sum: 1 } } }, { $sort: { count: -1, _id: 1 } }],
      },
    },
  ];
}

function receivedFigures(totals: ReceivedTotals | undefined): ReceivedFigures {
  return {
    total: totals?.total ?? 0,
    byPolicy: { approved: totals?.policyApproved ?? 0, rejected: totals?.policyRejected ?? 0 },
    byHand: { approved: totals?.handApproved ?? 0, rejected: totals?.handRejected ?? 0 },
    pending: totals?.pending ?? 0,
  };
}

interface CountsRow {
  _id: string | null;
  total: number;
  approved: number;
  rejected: number;
}

interface DecisionFacets {
  totals: CountsRow[];
  moderators: CountsRow[];
  precision: Array<{ _id: string; decided: number; rejected: number }>;
}

const decidedInRange = (publisherId: string, { from, to }: OverviewQuery) => ({ publisherId: { $eq: publisherId }, 'decision.decidedAt': { $gte: from, $lt: to } });
const countActions = { total: { $sum: 1 }, approved: sumWhen(hasAction('approve')), rejected: sumWhen(hasAction('reject')) };

function decisionsPipeline(publisherId: string, query: OverviewQuery): PipelineStage[] {
  return [
    { $match: decidedInRange(publisherId, query) },
    {
      $facet: {
        totals: [{ $group: { _id: null, ...countActions } }],
        moderators: [{ $group: { _id: '$decision.decidedBy', ...countActions } }, { $sort: { total: -1, _id: 1 } }],
        precision: [
          { $unwind: '$flags' },
          { $group: { _id: '$flags', decided: { $sum: 1 }, rejected: sumWhen(hasAction('reject')) } },
          { $sort: { decided: -1, _id: 1 } },
        ],
      },
    },
  ];
}

function decisionCounts(row: CountsRow | undefined): DecisionCounts {
  return { approved: row?.approved ?? 0, rejected: row?.rejected ?? 0 };
}

/**
 * Nearest-rank p50 and p95 of receipt-to-decision seconds: each the k-th smallest, found by sorting and skipping to it,
 * so the cost stays one sort however many decisions there are (no array of every duration).
 */
async function decisionPercentiles(storage: Storage, publisherId: string, query: OverviewQuery, count: number): Promise<DecisionFigures['timeToDecision']> {
  if (count === 0) return { p50Seconds: null, p95Seconds: null };
  const rank = (p: number) => Math.max(1, Math.ceil(p * count)) - 1;
  const kth = (skip: number): PipelineStage.FacetPipelineStage[] => [{ $sort: { seconds: 1 } }, { $skip: skip }, { $limit: 1 }];
  const [row] = await storage.models.comments.aggregate<{ p50: Array<{ seconds: number }>; p95: Array<{ seconds: number }> }>([
    { $match: decidedInRange(publisherId, query) },
    { $project: { _id: 0, seconds: { $divide: [{ $subtract: ['$decision.decidedAt', '$receivedAt'] }, 1_000] } } },
    { $facet: { p50: kth(rank(0.5)), p95: kth(rank(0.95)) } },
  ]);
  return { p50Seconds: row?.p50[0]?.seconds ?? null, p95Seconds: row?.p95[0]?.seconds ?? null };
}

/** The moderators' rows with their keys' labels. */
async function labelled(storage: Storage, publisherId: string, rows: CountsRow[]): Promise<ModeratorFigures[]> {
  const keyIds = rows.map((row) => row._id).filter((id): id is string => typeof id === 'string');
  const keys = await storage.models.apiKeys.find({ publisherId: { $eq: publisherId }, keyId: { $in: keyIds } }, { keyId: 1, label: 1 }).lean();
  const labels = new Map(keys.map((key) => [key.keyId, key.label ?? null]));
  return rows.map((row) => ({ keyId: row._id ?? '', label: labels.get(row._id ?? '') ?? null, total: row.total, approved: row.approved, rejected: row.rejected }));
}

/**
 * How many comments await review per publisher, for the queue-depth metric: one aggregation over the partial index of
 * pending comments (a scrape reads the queue, not the collection).
 */
export async function countQueueDepths(storage: Storage): Promise<Array<{ publisherId: string; pending: number }>> {
  const rows = await storage.models.comments.aggregate<{ _id: string; pending: number }>([
    { $match: { status: { $eq: 'pending' }, decision: { $eq: null } } },
    { $group: { _id: '$publisherId', pending: { $sum: 1 } } },
    { $sort: { _id: 1 } },
  ]);
  return rows.map((row) => ({ publisherId: row._id, pending: row.pending }));
}
