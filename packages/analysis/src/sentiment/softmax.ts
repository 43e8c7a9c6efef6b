import type { FeatureVector } from './vectorize.js';

/**
 * Multinomial logistic regression over sparse vectors, trained by seeded SGD with L2 decay and a fixed number
 * of epochs, so the same data always yields the same weights.
 */
export interface SoftmaxWeights {
  classes: number;
  dimension: number;
  /** Row-major: weights[c * dimension + i]. */
  weights: Float64Array;
  bias: Float64Array;
}

export interface TrainingExample {
  vector: FeatureVector;
  label: number;
  weight: number;
}

export interface SoftmaxOptions {
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
}

export function probabilities(
  model: SoftmaxWeights, x: FeatureVector, out: Float64Array = new Float64Array(model.classes),
): Float64Array {
  const { classes, dimension, weights, bias } = model;
  let max = -Infinity;
  for (let c = 0; c < classes; c++) {
    let z = bias[c] ?? 0;
    const offset = c * dimension;
    for (let k = 0; k < x.indices.length; k++) z += (weights[offset + (x.indices[k] ?? 0)] ?? 0) * (x.values[k] ?? 0);
    out[c] = z;
    if (z > max) max = z;
  }
  let sum = 0;
  for (let c = 0; c < classes; c++) {
    const e = Math.exp((out[c] ?? 0) - max);
    out[c] = e;
    sum += e;
  }
  for (let c = 0; c < classes; c++) out[c] = (out[c] ?? 0) / sum;
  return out;
}

/** Deterministic PRNG (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function trainSoftmax(
  examples: readonly TrainingExample[], classes: number, dimension: number, options: SoftmaxOptions,
): SoftmaxWeights {
  const model: SoftmaxWeights = {
    classes, dimension, weights: new Float64Array(classes * dimension), bias: new Float64Array(classes),
  };
  const p = new Float64Array(classes);
  sgdEpochs(examples.length, options, (index, lr) => {
    const example = examples[index];
    if (example) step(model, example, p, lr, options.l2);
  });
  return model;
}

/**
 * The SGD schedule every learner here shares: each epoch visits the examples in a fresh seeded shuffle, with the
 * learning rate decayed to learningRate / (1 + epoch).
 */
export function sgdEpochs(
  count: number, options: { epochs: number; learningRate: number; seed: number }, visit: (index: number, lr: number) => void,
): void {
  const random = seededRandom(options.seed);
  const order = Array.from({ length: count }, (_, i) => i);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j] ?? 0, order[i] ?? 0];
    }
    const lr = options.learningRate / (1 + epoch);
    for (const index of order) visit(index, lr);
  }
}

function step(model: SoftmaxWeights, example: TrainingExample, p: Float64Array, lr: number, l2: number): void {
  probabilities(model, example.vector, p);
  const { indices, values } = example.vector;
  for (let c = 0; c < model.classes; c++) {
    const gradient = ((p[c] ?? 0) - (c === example.label ? 1 : 0)) * example.weight;
    model.bias[c] = (model.bias[c] ?? 0) - lr * gradient;
    const offset = c * model.dimension;
    for (let k = 0; k < indices.length; k++) {
      const at = offset + (indices[k] ?? 0);
      const w = model.weights[at] ?? 0;
      model.weights[at] = w - lr * (gradient * (values[k] ?? 0) + l2 * w);
    }
  }
}
