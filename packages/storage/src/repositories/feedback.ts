import type { Storage } from '../storage.js';

/** A comment a moderator decided, as labelled data: what it said, what the analysis found, what the moderator did. */
export interface DecidedComment {
  commentId: string;
  articleId: string;
  text: string;
  flags: string[];
  /** The spam and abuse scores of the analysis the moderator saw, in [0, 1]. */
  spamScore: number;
  abuseScore: number;
  action: 'approve' | 'reject';
  decidedAt: Date;
}

const DECIDED_FIELDS = { _id: 0, commentId: 1, articleId: 1, text: 1, flags: 1, analysis: 1, decision: 1 } as const;

/**
 * The publisher's comments a moderator decided (a policy's automatic outcome is no label: it has no decision), oldest
 * decision first, read through a cursor so a publisher's whole history never sits in memory at once. Only this
 * publisher's comments are read: decisions never leave their publisher's data.
 */
export async function* streamDecidedComments(storage: Storage, publisherId: string): AsyncGenerator<DecidedComment> {
  const cursor = storage.models.comments
    .find({ publisherId: { $eq: publisherId }, 'decision.decidedAt': { $type: 'date' } }, DECIDED_FIELDS)
    .sort({ 'decision.decidedAt': 1 })
    .lean()
    .cursor({ batchSize: 500 });
  for await (const doc of cursor) {
    // The whole analysis is read (a few hundred bytes): projecting its sub-fields would lose mongoose's typing of it.
    const analysis = doc.analysis as { spam?: { score?: unknown }; abuse?: { score?: unknown } } | undefined;
    if (!doc.decision) continue;
    yield {
      commentId: doc.commentId,
      articleId: doc.articleId,
      text: doc.text,
      flags: doc.flags ?? [],
      spamScore: scoreOf(analysis?.spam?.score),
      abuseScore: scoreOf(analysis?.abuse?.score),
      action: doc.decision.action as DecidedComment['action'],
      decidedAt: doc.decision.decidedAt,
    };
  }
}

/** A phase skipped for a non-English comment left no score: it counts as not flagged by that phase. */
function scoreOf(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}
