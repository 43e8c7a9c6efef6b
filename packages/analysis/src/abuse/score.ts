import type { AbuseCategory, AbuseResult, NormalizedText } from '../types.js';
import { marginFromSum, round, sigmoid } from '../learn/linear-model.js';
import { detectAbuse, matchReasons } from './detect.js';
import type { AbuseModel } from './model.js';
import { compileAbuseModel } from './model.js';

/** A threat of violence or an attack on a group is abusive whatever the classifier says. */
const SEVERE_FLOOR = 0.9;
const SEVERE: ReadonlySet<AbuseCategory> = new Set(['threat', 'identity_attack']);

export function scoreAbuse(text: NormalizedText, model: AbuseModel): AbuseResult {
  const compiled = compileAbuseModel(model);
  const bag = compiled.bag.sum(text.tokens);
  // The bag has each token's lexicon and phrase facts remembered: most texts skip the per-token lookups.
  const signals = detectAbuse(text, bag.tags);
  let score = sigmoid(marginFromSum(compiled.weights, bag.sum, bag.count, signals.dense));
  const categories: Partial<Record<AbuseCategory, number>> = {};
  const spans: AbuseResult['spans'] = [];
  for (const m of signals.matches) {
    categories[m.category] = Math.max(categories[m.category] ?? 0, m.severity);
    if (SEVERE.has(m.category)) score = Math.max(score, SEVERE_FLOOR);
    if (m.span) spans.push({ start: m.span[0], end: m.span[1], category: m.category, text: text.original.slice(m.span[0], m.span[1]) });
  }
  const reasons = matchReasons(signals.matches);
  if (signals.matches.length === 0 && score >= model.threshold) {
    // No listed word: say which words the classifier weighed most.
    const words: string[] = [];
    for (const c of compiled.explainer.top(text.tokens, bag.count, 12)) {
      if (words.length < 3 && (c.feature.startsWith('w:') || c.feature.startsWith('b:'))) words.push(c.feature.slice(2));
    }
    reasons.push({ code: 'classifier', message: `worded like offensive comments${words.length ? `: ${words.join(', ')}` : ''}` });
  }
  return { score: round(score, 4), categories, spans, reasons };
}
