import type { SentimentLabel } from '../types.js';
import type { SoftmaxWeights } from './softmax.js';
import { DENSE_FEATURES } from './vectorize.js';

/** The shipped sentiment model (models/sentiment.json). */
export interface SentimentModel {
  version: string;
  method: string;
  classes: SentimentLabel[];
  hashBits: number;
  dense: string[];
  /** score = P(positive) − P(negative); label positive at ≥ positive, negative at ≤ negative, else neutral. */
  thresholds: { negative: number; positive: number };
  bias: number[];
  /** One array per class (same order as `classes`), 2^hashBits hashed weights then the dense weights. */
  weights: number[][];
  training: Record<string, unknown>;
}

export const SENTIMENT_CLASSES: SentimentLabel[] = ['negative', 'neutral', 'positive'];
export const SENTIMENT_FORMAT = 'sentiment-2026.11.2';

const compiled = new WeakMap<SentimentModel, SoftmaxWeights>();

/** The model's weights as a flat typed array, built once per loaded model. */
export function compile(model: SentimentModel): SoftmaxWeights {
  let weights = compiled.get(model);
  if (weights) return weights;
  const dimension = (1 << model.hashBits) + DENSE_FEATURES.length;
  if (model.weights.length !== model.classes.length || model.weights.some((w) => w.length !== dimension)) {
    throw new Error(`sentiment model ${model.version}: weights do not match hashBits ${model.hashBits}`);
  }
  const flat = new Float64Array(model.classes.length * dimension);
  model.weights.forEach((row, c) => flat.set(row, c * dimension));
  weights = { classes: model.classes.length, dimension, weights: flat, bias: Float64Array.from(model.bias) };
  compiled.set(model, weights);
  return weights;
}
