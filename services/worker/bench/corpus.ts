import type { Analyzer } from '@moderato/analysis';

/** Words that make a text read as English (the language phase's fast path sees them), as in real comments. */
const FUNCTION_WORDS = 'i we you it this that the a is are was to of and but not should will would in on for with'.split(' ');
const WORDS = (
  'the council vote road bypass quarter traffic school budget housing rent plan mayor street park bus river bridge ' +
  'market shop tax police court judge report article reader week year city village ward family child health doctor ' +
  'hospital water price energy bill wage job work strike union station train line delay service review policy ' +
  'minister election party campaign debate vote poll result majority minority trust fair honest clear good bad ' +
  'poor strong weak long short early late open closed safe risky cheap costly local national public private new old'
).split(' ');

/** A seeded generator of numbers in [0, 1) (mulberry32): the same seed gives the same comments in every run. */
export function makeRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * A reader comment of 20–35 words, two in five of them function words as in English prose: unrelated texts share few
 * 4-grams, so they are not near-copies of each other.
 */
export function commentText(random: () => number): string {
  const length = 20 + Math.floor(random() * 16);
  const pick = (list: string[]) => list[Math.floor(random() * list.length)]!;
  return Array.from({ length }, () => (random() < 0.4 ? pick(FUNCTION_WORDS) : pick(WORDS))).join(' ');
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
