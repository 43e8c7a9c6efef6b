import type { ArticleContext, NormalizedText, Reason, SentimentLabel, SentimentResult } from '../types.js';
import type { Contribution, SentenceFeatures } from './features.js';
import { analyzeSentences } from './features.js';
import { fnvExtend } from './hash.js';
import { blendScore, compile, type CompiledSentiment, type SentimentModel } from './model.js';
import { topicWordsOf } from './topic.js';
import * as vectorize from './vectorize.js';
import { UNIGRAM_SEED } from './words.js';

// Module-local copies: under tsx each read of an imported binding is a getter call (see features.ts).
const { DENSE_FEATURES, denseFeatures, hashScale } = vectorize;
const DENSE_COUNT = DENSE_FEATURES.length;

const MAX_DRIVERS = 6;
/** A model weight this small says nothing about the word. */
const MIN_PULL = 0.05;

export function labelFor(score: number, thresholds: SentimentModel['thresholds']): SentimentLabel {
  if (score >= thresholds.positive) return 'positive';
  if (score <= thresholds.negative) return 'negative';
  return 'neutral';
}

/**
 * The score of sentences [from, to): the classifier's logits of `probabilities(softmax, vectorize(...))` and the
 * intensity logit, summed in the same order as the training path (so the same floating-point result) without
 * building the vector.
 */
function scoreOf(model: CompiledSentiment, sentences: readonly SentenceFeatures[], from: number, to: number): number {
  const { softmax, intensity } = model;
  const { dimension, weights: w, bias } = softmax;
  if (softmax.classes !== 3) throw new Error(`sentiment model: expected 3 classes, got ${softmax.classes}`);
  const r = intensity.weights;
  const mask = (1 << model.hashBits) - 1;
  const scale = hashScale(sentences, from, to);
  let z0 = bias[0] ?? 0;
  let z1 = bias[1] ?? 0;
  let z2 = bias[2] ?? 0;
  let zr = intensity.bias;
  for (let i = from; i < to; i++) {
    const s = sentences[i];
    if (!s) continue;
    const { hashes, hashWeights } = s;
    for (let k = 0; k < hashes.length; k++) {
      const at = (hashes[k] ?? 0) & mask;
      const value = scale * (hashWeights[k] ?? 1);
      z0 += (w[at] ?? 0) * value;
      z1 += (w[dimension + at] ?? 0) * value;
      z2 += (w[2 * dimension + at] ?? 0) * value;
      zr += (r[at] ?? 0) * value;
    }
  }
  const dense = denseFeatures(sentences, from, to, denseScratch);
  const base = mask + 1;
  for (let k = 0; k < DENSE_COUNT; k++) {
    const value = dense[k] ?? 0;
    z0 += (w[base + k] ?? 0) * value;
    z1 += (w[dimension + base + k] ?? 0) * value;
    z2 += (w[2 * dimension + base + k] ?? 0) * value;
    zr += (r[base + k] ?? 0) * value;
  }
  const max = Math.max(z0, z1, z2);
  const e0 = Math.exp(z0 - max);
  const e1 = Math.exp(z1 - max);
  const e2 = Math.exp(z2 - max);
  const sum = e0 + e1 + e2;
  return round(blendScore(model.blend, e0 / sum, e2 / sum, zr));
}

/** Reused between calls: scoring is synchronous, and the values are read before the next call overwrites them. */
const denseScratch = new Float64Array(DENSE_COUNT);

/**
 * Sentiment of a normalized comment: calibrated score, label, per-sentence scores and the words behind it. With the
 * comment's article, the article's own subject words weigh less than the reader's (topic.ts).
 */
export function scoreSentiment(text: NormalizedText, model: SentimentModel, article?: ArticleContext): SentimentResult {
  const compiled = compile(model);
  const sentences = analyzeSentences(text, topicWordsOf(article));
  const score = scoreOf(compiled, sentences, 0, sentences.length);
  const label = labelFor(score, model.thresholds);
  const perSentence = sentences.map((s, i) => ({
    text: (s.fromOriginal ? text.original : text.folded).slice(s.range[0], s.range[1]),
    score: sentences.length === 1 ? score : scoreOf(compiled, sentences, i, i + 1),
  }));
  const drivers = topDrivers(sentences.flatMap((s) => s.contributions));
  const topic = [...new Set(sentences.flatMap((s) => s.topicWords))];
  const words = label === 'neutral' ? [] : wordsFor(label, drivers, () => modelDrivers(compiled, text.tokens));
  return { score, label, sentences: perSentence, drivers, reasons: reasonsFor(score, label, words, topic) };
}

/** The lexicon words that pushed toward the label; failing those, the words the model weighs that way. */
function wordsFor(
  label: SentimentLabel, drivers: Array<{ token: string; weight: number }>, model: () => Array<{ token: string; weight: number }>,
): string[] {
  const sign = label === 'positive' ? 1 : -1;
  const lexical = drivers.filter((d) => Math.sign(d.weight) === sign).map((d) => d.token);
  return lexical.length > 0 ? lexical : model().filter((d) => Math.sign(d.weight) === sign).map((d) => d.token);
}

/**
 * Each word's own pull on the score through the model's weight for it as a unigram (classifier and intensity parts,
 * as blended): read only when no lexicon word explains the label, so a reason still names the words.
 */
function modelDrivers(model: CompiledSentiment, tokens: readonly string[]): Array<{ token: string; weight: number }> {
  const { dimension, weights } = model.softmax;
  const mask = (1 << model.hashBits) - 1;
  const pulls = new Map<string, number>();
  for (const token of tokens) {
    const at = (fnvExtend(UNIGRAM_SEED, token) >>> 0) & mask;
    const classifier = (weights[2 * dimension + at] ?? 0) - (weights[at] ?? 0);
    pulls.set(token, (1 - model.blend) * classifier + model.blend * (model.intensity.weights[at] ?? 0));
  }
  return topDrivers([...pulls].map(([token, weight]) => ({ token, weight })).filter((d) => Math.abs(d.weight) >= MIN_PULL));
}

function topDrivers(contributions: Contribution[]): Array<{ token: string; weight: number }> {
  const byToken = new Map<string, number>();
  for (const c of contributions) byToken.set(c.token, (byToken.get(c.token) ?? 0) + c.weight);
  return [...byToken]
    .map(([token, weight]) => ({ token, weight: round(weight) }))
    .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight) || (a.token < b.token ? -1 : 1))
    .slice(0, MAX_DRIVERS);
}

function reasonsFor(score: number, label: SentimentLabel, words: readonly string[], topic: readonly string[]): Reason[] {
  if (label === 'neutral') return [];
  const wording = words.length > 0 ? `${label} wording: ${words.slice(0, 4).join(', ')}` : `${label} overall tone`;
  // Say which of the comment's words were read as the article's subject, so a reader sees they were discounted.
  const discounted = topic.length > 0 ? `; the article's own words weighed less: ${topic.slice(0, 4).join(', ')}` : '';
  return [{ code: `sentiment.${label}`, message: wording + discounted, weight: score }];
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
