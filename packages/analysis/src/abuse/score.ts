import type { AbuseCategory, AbuseResult, NormalizedText } from '../types.js';
import { bagHashedSum } from '../spam/bag.js';
import { marginFromSum, round, sigmoid, topContributions } from '../spam/linear-model.js';
import { detectAbuse, matchReasons } from './detect.js';
import { abuseBagFeatures, abuseBagSpec } from './features.js';
import type { AbuseModel } from './model.js';
import { compileAbuseModel } from './model.js';

/** A threat of violence or an attack on a group is abusive whatever the classifier says. */
const SEVERE_FLOOR = 0.9;
const SEVERE: ReadonlySet<AbuseCategory> = new Set(['threat', 'identity_attack']);

export function scoreAbuse(text: NormalizedText, model: AbuseModel): AbuseResult {
  const signals = detectAbuse(text);
  const { weights, table } = compileAbuseModel(model);
  const bag = bagHashedSum(text.tokens, abuseBagSpec(model.bag), table);
  let score = sigmoid(marginFromSum(weights, bag.sum, bag.count, signals.dense));
  const categories: Partial<Record<AbuseCategory, number>> = {};
  for (const m of signals.matches) categories[m.category] = Math.max(categories[m.category] ?? 0, m.severity);
  if (signals.matches.some((m) => SEVERE.has(m.category))) score = Math.max(score, SEVERE_FLOOR);
  const reasons = matchReasons(signals.matches);
  if (signals.matches.length === 0 && score >= model.threshold) {
    // No listed word: say which words the classifier weighed most.
    const words = topContributions(weights, abuseBagFeatures(text.tokens, model.bag), 12)
      .filter((c) => c.feature.startsWith('w:') || c.feature.startsWith('b:'))
      .slice(0, 3)
      .map((c) => c.feature.slice(2));
    reasons.push({ code: 'classifier', message: `worded like offensive comments${words.length ? `: ${words.join(', ')}` : ''}` });
  }
  const spans = signals.matches
    .filter((m) => m.span !== undefined)
    .map((m) => {
      const [start, end] = m.span ?? [0, 0];
      return { start, end, category: m.category, text: text.original.slice(start, end) };
    });
  return { score: round(score, 4), categories, spans, reasons };
}
