import type { NormalizedText, Reason, SentimentLabel, SentimentResult } from '../types.js';
import type { Contribution, SentenceFeatures } from './features.js';
import { analyzeSentences } from './features.js';
import { compile, type SentimentModel } from './model.js';
import { probabilities, type SoftmaxWeights } from './softmax.js';
import { vectorize } from './vectorize.js';

const MAX_DRIVERS = 6;
const NEGATIVE = 0;
const POSITIVE = 2;

export function labelFor(score: number, thresholds: SentimentModel['thresholds']): SentimentLabel {
  if (score >= thresholds.positive) return 'positive';
  if (score <= thresholds.negative) return 'negative';
  return 'neutral';
}

function scoreOf(weights: SoftmaxWeights, sentences: readonly SentenceFeatures[], hashBits: number): number {
  const p = probabilities(weights, vectorize(sentences, hashBits));
  return round((p[POSITIVE] ?? 0) - (p[NEGATIVE] ?? 0));
}

/** Sentiment of a normalized comment: calibrated score, label, per-sentence scores and the words behind it. */
export function scoreSentiment(text: NormalizedText, model: SentimentModel): SentimentResult {
  const weights = compile(model);
  const sentences = analyzeSentences(text);
  const score = scoreOf(weights, sentences, model.hashBits);
  const label = labelFor(score, model.thresholds);
  const perSentence = sentences.map((s) => ({
    text: (s.fromOriginal ? text.original : text.folded).slice(s.range[0], s.range[1]),
    score: sentences.length === 1 ? score : scoreOf(weights, [s], model.hashBits),
  }));
  const drivers = topDrivers(sentences.flatMap((s) => s.contributions));
  return { score, label, sentences: perSentence, drivers, reasons: reasonsFor(score, label, drivers) };
}

function topDrivers(contributions: Contribution[]): Array<{ token: string; weight: number }> {
  const byToken = new Map<string, number>();
  for (const c of contributions) byToken.set(c.token, (byToken.get(c.token) ?? 0) + c.weight);
  return [...byToken]
    .map(([token, weight]) => ({ token, weight: round(weight) }))
    .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight) || (a.token < b.token ? -1 : 1))
    .slice(0, MAX_DRIVERS);
}

function reasonsFor(score: number, label: SentimentLabel, drivers: Array<{ token: string; weight: number }>): Reason[] {
  if (label === 'neutral') return [];
  const sign = label === 'positive' ? 1 : -1;
  const words = drivers.filter((d) => Math.sign(d.weight) === sign).map((d) => d.token);
  const message = words.length > 0 ? `${label} wording: ${words.slice(0, 4).join(', ')}` : `${label} overall tone`;
  return [{ code: `sentiment.${label}`, message, weight: score }];
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
