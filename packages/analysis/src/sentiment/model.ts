import type { SentimentLabel } from '../types.js';
import type { IntensityWeights } from './intensity.js';
import type { SoftmaxWeights } from './softmax.js';
import { DENSE_FEATURES } from './vectorize.js';

/** The shipped sentiment model (models/sentiment.json). */
export interface SentimentModel {
  version: string;
  method: string;
  classes: SentimentLabel[];
  hashBits: number;
  dense: string[];
  /**
   * score = (1 − blend)·(P(positive) − P(negative)) + blend·tanh(intensity logit); label positive at ≥ positive,
   * negative at ≤ negative, else neutral.
   */
  thresholds: { negative: number; positive: number };
  bias: number[];
  /** One array per class (same order as `classes`), 2^hashBits hashed weights then the dense weights. */
  weights: number[][];
  /** The intensity model (intensity.ts) over the same features, and its share of the score. */
  intensity: { blend: number; bias: number; weights: number[] };
  training: Record<string, unknown>;
}

/** The model ready to score: flat typed arrays, built once per loaded model. */
export interface CompiledSentiment {
  softmax: SoftmaxWeights;
  intensity: IntensityWeights;
  blend: number;
  hashBits: number;
}

/** The score from the classifier's probabilities and the intensity logit (the one formula, for scoring and training). */
export function blendScore(blend: number, pNegative: number, pPositive: number, intensityLogit: number): number {
  return (1 - blend) * (pPositive - pNegative) + blend * Math.tanh(intensityLogit);
}

export const SENTIMENT_CLASSES: SentimentLabel[] = ['negative', 'neutral', 'positive'];
export const SENTIMENT_FORMAT = 'sentiment-2026.12.1';

const compiled = new WeakMap<SentimentModel, CompiledSentiment>();

/** The model's weights as flat typed arrays, built once per loaded model. */
export function compile(model: SentimentModel): CompiledSentiment {
  let ready = compiled.get(model);
  if (ready) return ready;
  const dimension = (1 << model.hashBits) + DENSE_FEATURES.length;
  // A model trained on another feature list would run with its weights on the wrong features: refuse it by name.
  if (model.dense?.join() !== DENSE_FEATURES.join()) {
    const missing = DENSE_FEATURES.filter((f) => !model.dense?.includes(f));
    throw new Error(
      `sentiment model ${model.version}: trained on other lexicon features than this code computes` +
        `${missing.length > 0 ? ` (missing: ${missing.join(', ')})` : ''}; retrain with npx moderato train`,
    );
  }
  if (model.weights.length !== model.classes.length || model.weights.some((w) => w.length !== dimension)) {
    throw new Error(`sentiment model ${model.version}: weights do not match hashBits ${model.hashBits}`);
  }
  if (model.intensity?.weights?.length !== dimension) {
    throw new Error(`sentiment model ${model.version}: intensity weights do not match hashBits ${model.hashBits}`);
  }
  const flat = new Float64Array(model.classes.length * dimension);
  model.weights.forEach((row, c) => flat.set(row, c * dimension));
  ready = {
    softmax: { classes: model.classes.length, dimension, weights: flat, bias: Float64Array.from(model.bias) },
    intensity: { bias: model.intensity.bias, weights: Float64Array.from(model.intensity.weights) },
    blend: model.intensity.blend,
    hashBits: model.hashBits,
  };
  compiled.set(model, ready);
  return ready;
}
