import type { Analyzer } from '@moderato/analysis';
// The analysis bench's generator of realistic comments: benches share it rather than each keeping a word list.
import { makeComment } from '../../../packages/analysis/bench/comments.js';

/**
 * A reader comment of 20–35 words, drawn as the analysis bench draws them (packages/analysis/bench/comments.ts):
 * Zipf-distributed words from a vocabulary of several thousand, so unrelated comments share common words but rarely
 * a run of rarer ones, and the duplicate lookup finds about as many stored candidates as it does for real text.
 */
export function commentText(random: () => number): string {
  return makeComment(20 + Math.floor(random() * 16), random);
}

const template = new Map<Analyzer, ReturnType<Analyzer['analyze']>>();

/**
 * A comment document as the worker stores it (its own text's fingerprint, an approved analysis, events relayed), for
 * filling the collection fast: the analysis is one comment's, reused, as only the fingerprint matters for lookups.
 */
export function storedCommentDocument(analyzer: Analyzer, publisherId: string, index: number, text: string): Record<string, unknown> {
  let analysis = template.get(analyzer);
  if (!analysis) {
    analysis = analyzer.analyze({ commentId: 't', authorId: 't', articleId: 't', text }, { policy: analyzer.defaultPolicy, duplicateCandidates: [] });
    template.set(analyzer, analysis);
  }
  const { fingerprint: _unused, ...rest } = analysis;
  const createdAt = new Date(Date.UTC(2025, 0, 1) + index * 1000);
  return {
    publisherId, commentId: `stored-${index}`, articleId: `article-${index % 500}`, authorId: `reader-${index % 997}`, text,
    createdAt, receivedAt: createdAt, webhookId: `msg_stored_${index}`, analyzedAt: createdAt,
    status: 'approved', flags: [], severity: 0, sentiment: { score: 0, label: 'neutral' }, fingerprint: analyzer.fingerprint(text),
    analysis: rest, decision: null, eventCount: 1, outbox: [],
  };
}
