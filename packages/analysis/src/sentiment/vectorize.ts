import type { SentenceFeatures } from './features.js';

/**
 * Turns scanned sentences into the model's input: hashed n-gram counts (scaled by 1/sqrt(count) so long
 * reviews do not get extreme logits) followed by a few dense lexicon features.
 */
export const DENSE_FEATURES = [
  'compound', 'positive', 'negative', 'positiveShare', 'negativeShare', 'emoji', 'exclamation', 'question',
  'negation', 'contrast', 'length', 'senticon', 'pattern', 'subjectivity', 'subjectivityShare',
] as const;

export interface FeatureVector {
  indices: number[];
  values: number[];
}

export interface LexiconSummary {
  total: number;
  positive: number;
  negative: number;
}

export function summarize(sentences: readonly SentenceFeatures[]): LexiconSummary {
  let positive = 0;
  let negative = 0;
  for (const s of sentences) {
    for (const c of s.contributions) {
      if (c.weight > 0) positive += c.weight;
      else negative -= c.weight;
    }
  }
  return { total: positive - negative, positive, negative };
}

export function vectorize(sentences: readonly SentenceFeatures[], hashBits: number): FeatureVector {
  const mask = (1 << hashBits) - 1;
  const indices: number[] = [];
  const values: number[] = [];
  let hashCount = 0;
  for (const s of sentences) hashCount += s.hashes.length;
  const scale = hashCount > 0 ? 1 / Math.sqrt(hashCount) : 0;
  let words = 0;
  let posCount = 0;
  let negCount = 0;
  let emoji = 0;
  let exclamations = 0;
  let questions = 0;
  let negations = 0;
  let contrasts = 0;
  let senticon = 0;
  let pattern = 0;
  let subjectivity = 0;
  for (const s of sentences) {
    s.hashes.forEach((h, k) => {
      indices.push(h & mask);
      values.push(scale * (s.hashWeights[k] ?? 1));
    });
    words += s.words;
    emoji += s.emojiSum;
    exclamations += s.exclamations;
    questions += s.questions;
    negations += s.negations;
    contrasts += s.contrasts;
    senticon += s.senticon;
    pattern += s.pattern;
    subjectivity += s.subjectivity;
    for (const c of s.contributions) {
      if (c.weight > 0) posCount++;
      else negCount++;
    }
  }
  const lex = summarize(sentences);
  const dense = [
    lex.total / Math.sqrt(lex.total * lex.total + 15),
    Math.tanh(lex.positive / 4),
    Math.tanh(lex.negative / 4),
    Math.min(1, (3 * posCount) / (words + 1)),
    Math.min(1, (3 * negCount) / (words + 1)),
    Math.tanh(emoji / 3),
    Math.min(exclamations, 3) / 3,
    questions > 0 ? 1 : 0,
    negations > 0 ? 1 : 0,
    contrasts > 0 ? 1 : 0,
    Math.log1p(words) / 5,
    Math.tanh(senticon / 2),
    Math.tanh(pattern),
    Math.tanh(subjectivity / 2),
    Math.min(1, (2 * subjectivity) / (words + 1)),
  ];
  const base = mask + 1;
  dense.forEach((v, k) => {
    indices.push(base + k);
    values.push(v);
  });
  return { indices, values };
}
