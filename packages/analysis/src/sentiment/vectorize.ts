import type { SentenceFeatures } from './features.js';

/**
 * Turns scanned sentences into the model's input: hashed n-gram counts (scaled by 1/sqrt(count) so long
 * reviews do not get extreme logits) followed by a few dense lexicon features. Training goes through
 * `vectorize`; scoring computes the same sums straight from the sentences (score.ts), in the same order.
 */
export const DENSE_FEATURES = [
  'compound', 'positive', 'negative', 'positiveShare', 'negativeShare', 'emoji', 'exclamation', 'question',
  'negation', 'contrast', 'length', 'senticon', 'pattern', 'subjectivity', 'subjectivityShare',
  'tagged', 'capitalizedShare', 'numericShare', 'taggedCompound', 'taggedSubjectivityShare', 'vader',
] as const;

export interface FeatureVector {
  indices: number[];
  values: number[];
}

/** Per-occurrence scale of the hashed features of these sentences: 1/sqrt(number of hashed terms). */
export function hashScale(sentences: readonly SentenceFeatures[], from = 0, to = sentences.length): number {
  let count = 0;
  for (let i = from; i < to; i++) count += sentences[i]?.hashes.length ?? 0;
  return count > 0 ? 1 / Math.sqrt(count) : 0;
}

/** The dense features of sentences [from, to), written into `out` in DENSE_FEATURES order. */
export function denseFeatures(
  sentences: readonly SentenceFeatures[], from: number, to: number, out: Float64Array,
): Float64Array {
  let words = 0;
  let posCount = 0;
  let negCount = 0;
  let positive = 0;
  let negative = 0;
  let emoji = 0;
  let exclamations = 0;
  let questions = 0;
  let negations = 0;
  let contrasts = 0;
  let senticon = 0;
  let vader = 0;
  let pattern = 0;
  let subjectivity = 0;
  let tagged = 0;
  let capitalized = 0;
  let numeric = 0;
  for (let i = from; i < to; i++) {
    const s = sentences[i];
    if (!s) continue;
    words += s.words;
    emoji += s.emojiSum;
    exclamations += s.exclamations;
    questions += s.questions;
    negations += s.negations;
    contrasts += s.contrasts;
    senticon += s.senticon;
    vader += s.vader;
    pattern += s.pattern;
    subjectivity += s.subjectivity;
    tagged += s.tagged;
    capitalized += s.capitalized;
    numeric += s.numeric;
    for (const c of s.contributions) {
      if (c.weight > 0) {
        posCount++;
        positive += c.weight;
      } else {
        negCount++;
        negative -= c.weight;
      }
    }
  }
  const total = positive - negative;
  out[0] = total / Math.sqrt(total * total + 15);
  out[1] = Math.tanh(positive / 4);
  out[2] = Math.tanh(negative / 4);
  out[3] = Math.min(1, (3 * posCount) / (words + 1));
  out[4] = Math.min(1, (3 * negCount) / (words + 1));
  out[5] = Math.tanh(emoji / 3);
  out[6] = Math.min(exclamations, 3) / 3;
  out[7] = questions > 0 ? 1 : 0;
  out[8] = negations > 0 ? 1 : 0;
  out[9] = contrasts > 0 ? 1 : 0;
  out[10] = Math.log1p(words) / 5;
  out[11] = Math.tanh(senticon / 2);
  out[12] = Math.tanh(pattern);
  out[13] = Math.tanh(subjectivity / 2);
  out[14] = Math.min(1, (2 * subjectivity) / (words + 1));
  // Tweet-like text (@mentions, #hashtags) gets its own slope on the lexicon scores: one model, two domains.
  out[15] = tagged > 0 ? 1 : 0;
  out[16] = Math.min(1, capitalized / (words + 1));
  out[17] = Math.min(1, (2 * numeric) / (words + 1));
  out[18] = out[15] * out[0];
  out[19] = out[15] * out[14];
  out[20] = vader / Math.sqrt(vader * vader + 15);
  return out;
}

export function vectorize(sentences: readonly SentenceFeatures[], hashBits: number): FeatureVector {
  const mask = (1 << hashBits) - 1;
  const indices: number[] = [];
  const values: number[] = [];
  const scale = hashScale(sentences);
  for (const s of sentences) {
    for (let k = 0; k < s.hashes.length; k++) {
      indices.push((s.hashes[k] ?? 0) & mask);
      values.push(scale * (s.hashWeights[k] ?? 1));
    }
  }
  const dense = denseFeatures(sentences, 0, sentences.length, new Float64Array(DENSE_FEATURES.length));
  const base = mask + 1;
  dense.forEach((v, k) => {
    indices.push(base + k);
    values.push(v);
  });
  return { indices, values };
}
