import type { ArticleContext, NormalizedText, Reason, SpamResult } from '../types.js';
import { marginFromSum, round, sigmoid } from '../learn/linear-model.js';
import type { SpamModel } from './model.js';
import { compileSpamModel } from './model.js';
import { articleOverlap, isOffTopic, type ArticleOverlap } from './off-topic.js';
import { detectSpamSignals } from './rules.js';

export interface SpamContext {
  article?: ArticleContext;
  blockedDomains: readonly string[];
}

/**
 * Log-odds added for an off-topic comment that also shows a spam sign (a link, a lure, promotion…): enough to tip a
 * borderline case. Alone it adds nothing: a reader who digresses, or insults someone, is not a spammer.
 */
const OFF_TOPIC_LOGIT = 0.7;
/** A link to a domain the publisher blocked is spam by the publisher's own rule. */
const BLOCKED_DOMAIN_SCORE = 0.99;

export function scoreSpam(text: NormalizedText, context: SpamContext, model: SpamModel): SpamResult {
  const compiled = compileSpamModel(model);
  const bag = compiled.bag.sum(text.tokens);
  // The bag has each token's phrase anchors remembered: the rules need not scan the tokens for them again.
  const signals = detectSpamSignals(text, context.blockedDomains, [], bag.tags);
  let margin = marginFromSum(compiled.weights, bag.sum, bag.count, signals.dense);
  const reasons: Reason[] = signals.reasons;
  const overlap = articleOverlap(text, context.article);
  if (isOffTopic(overlap)) {
    const weight = signals.dense.includes(1) ? OFF_TOPIC_LOGIT : 0;
    margin += weight;
    reasons.push({ code: 'off_topic', message: offTopicMessage(overlap), weight });
  }
  let score = sigmoid(margin);
  if (signals.blocked) score = Math.max(score, BLOCKED_DOMAIN_SCORE);
  weighReasons(reasons, model, compiled.weights.dense);
  return { score: round(score, 4), domains: signals.domains, reasons };
}

function offTopicMessage({ words, shared, unshared }: ArticleOverlap): string {
  const share = shared === 0 ? 'none' : `only ${shared}`;
  return `off topic: ${share} of its ${words} topic words occur in the article (${unshared.map((w) => `"${w}"`).join(', ')})`;
}

/** Each rule reason carries the log-odds weight the classifier learned for it. */
function weighReasons(reasons: Reason[], model: SpamModel, dense: readonly number[]): void {
  for (const r of reasons) {
    if (r.weight !== undefined) continue;
    const code = r.code === 'link' ? 'link' : r.code;
    const at = model.ruleFeatures.indexOf(code);
    if (at >= 0) r.weight = round(dense[at] ?? 0, 3);
  }
}
