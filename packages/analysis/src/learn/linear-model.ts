/**
 * A compact L2-regularised logistic regression over string features (word, bigram, char n-gram, rule features).
 * A document's vector is its feature counts divided by sqrt(total count), so scoring needs no per-call map: the
 * margin is the sum of the weights of the emitted features times 1/sqrt(n). Training is full-batch Nesterov
 * gradient descent with a fixed iteration count and no randomness, so the same data gives the same weights.
 */

export interface LinearWeights {
  bias: number;
  weights: ReadonlyMap<string, number>;
  /** Weights of the dense (rule) features, in the order the caller passes their values; not length-normalised. */
  dense: readonly number[];
}

export interface LinearModelJson {
  bias: number;
  dense: number[];
  /** Feature → weight, keys sorted, weights rounded to fixed decimals (byte-identical on rerun). */
  weights: Record<string, number>;
}

export interface TrainingExample {
  features: readonly string[];
  dense?: readonly number[];
  label: 0 | 1;
}

export interface TrainOptions {
  /** L2 penalty on the mean log-loss. */
  l2: number;
  /** Features seen in fewer training documents are dropped. */
  minDocFrequency: number;
  /** Vocabulary cap (most frequent first, ties broken alphabetically). */
  maxFeatures: number;
  iterations: number;
  /** Number of dense features every example carries (0 when none). */
  denseCount?: number;
  /** Lower bounds of the dense weights (rule features only ever add evidence; a floor encodes a prior). */
  denseFloor?: readonly number[];
  /** Weight of positive examples relative to negatives (1 = as the data is). */
  positiveWeight?: number;
  /**
   * NB-weighted logistic regression (Wang & Manning 2012): each bag feature's value is multiplied by the absolute
   * log-ratio of the shares of positive and negative documents holding it, and its learnt weight by the same factor
   * when saved, so scoring is unchanged. The L2 penalty then falls hardest on features that do not tell the classes apart.
   */
  naiveBayesScaling?: boolean;
}

const WEIGHT_DECIMALS = 4;

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** The margin (log-odds) of a document given its emitted features; unknown features count towards n only. */
export function linearMargin(model: LinearWeights, features: readonly string[], dense: readonly number[] = []): number {
  let margin = model.bias;
  for (let i = 0; i < dense.length; i++) margin += (model.dense[i] ?? 0) * (dense[i] ?? 0);
  if (features.length === 0) return margin;
  let sum = 0;
  for (const feature of features) sum += model.weights.get(feature) ?? 0;
  return margin + sum / Math.sqrt(features.length);
}

/** The margin from a bag's precomputed weight sum and feature count (see bag.ts), plus the dense features. */
export function marginFromSum(model: LinearWeights, sum: number, count: number, dense: readonly number[]): number {
  let margin = model.bias;
  for (let i = 0; i < dense.length; i++) margin += (model.dense[i] ?? 0) * (dense[i] ?? 0);
  return count === 0 ? margin : margin + sum / Math.sqrt(count);
}

/** Features of the document with the largest positive contribution, for explanations. */
export function topContributions(
  model: LinearWeights,
  features: readonly string[],
  limit: number,
): Array<{ feature: string; weight: number }> {
  const seen = new Map<string, number>();
  const scale = 1 / Math.sqrt(Math.max(1, features.length));
  for (const feature of features) {
    const w = model.weights.get(feature);
    if (w !== undefined && w > 0) seen.set(feature, (seen.get(feature) ?? 0) + w * scale);
  }
  return rankContributions(seen, limit);
}

/** Feature → contribution, ranked: largest first, ties by name; the first `limit`, weights rounded. */
export function rankContributions(seen: ReadonlyMap<string, number>, limit: number): Array<{ feature: string; weight: number }> {
  return [...seen.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit)
    .map(([feature, weight]) => ({ feature, weight: round(weight, 3) }));
}

export function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  const rounded = Math.round(value * factor) / factor;
  return rounded === 0 ? 0 : rounded; // no -0 in JSON
}

export function linearToJson(model: LinearWeights): LinearModelJson {
  const weights: Record<string, number> = {};
  for (const key of [...model.weights.keys()].sort()) {
    const w = round(model.weights.get(key) ?? 0, WEIGHT_DECIMALS);
    if (w !== 0) weights[key] = w;
  }
  return { bias: round(model.bias, WEIGHT_DECIMALS), dense: model.dense.map((w) => round(w, WEIGHT_DECIMALS)), weights };
}

export function linearFromJson(json: LinearModelJson): LinearWeights {
  return { bias: json.bias, dense: json.dense, weights: new Map(Object.entries(json.weights)) };
}

interface SparseData {
  /** CSR layout: row r owns entries rowStart[r] .. rowStart[r+1]. */
  rowStart: Int32Array;
  columns: Int32Array;
  values: Float64Array;
  labels: Float64Array;
  sampleWeights: Float64Array;
}

function buildVocabulary(examples: readonly TrainingExample[], options: TrainOptions): string[] {
  const docFrequency = new Map<string, number>();
  for (const example of examples) {
    for (const feature of new Set(example.features)) docFrequency.set(feature, (docFrequency.get(feature) ?? 0) + 1);
  }
  return [...docFrequency.entries()]
    .filter(([, df]) => df >= options.minDocFrequency)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, options.maxFeatures)
    .map(([feature]) => feature)
    .sort();
}

function toSparse(
  examples: readonly TrainingExample[],
  index: ReadonlyMap<string, number>,
  denseCount: number,
  positiveWeight: number,
  featureScales?: Float64Array,
): SparseData {
  const rowStart = new Int32Array(examples.length + 1);
  const columns: number[] = [];
  const values: number[] = [];
  const labels = new Float64Array(examples.length);
  const sampleWeights = new Float64Array(examples.length);
  examples.forEach((example, r) => {
    const counts = new Map<number, number>();
    for (const feature of example.features) {
      const column = index.get(feature);
      if (column !== undefined) counts.set(column, (counts.get(column) ?? 0) + 1);
    }
    const scale = 1 / Math.sqrt(Math.max(1, example.features.length));
    for (const column of [...counts.keys()].sort((a, b) => a - b)) {
      columns.push(column);
      values.push((counts.get(column) ?? 0) * scale * (featureScales?.[column] ?? 1));
    }
    // Dense features take the columns after the vocabulary.
    for (let d = 0; d < denseCount; d++) {
      const value = example.dense?.[d] ?? 0;
      if (value !== 0) {
        columns.push(index.size + d);
        values.push(value);
      }
    }
    rowStart[r + 1] = columns.length;
    labels[r] = example.label;
    sampleWeights[r] = example.label === 1 ? positiveWeight : 1;
  });
  return { rowStart, columns: Int32Array.from(columns), values: Float64Array.from(values), labels, sampleWeights };
}

/** Margins X·w + b for every row. */
function margins(data: SparseData, weights: Float64Array, bias: number, out: Float64Array): void {
  for (let r = 0; r < out.length; r++) {
    let sum = bias;
    for (let k = data.rowStart[r]!; k < data.rowStart[r + 1]!; k++) sum += data.values[k]! * weights[data.columns[k]!]!;
    out[r] = sum;
  }
}

/** Largest eigenvalue of XᵀX/n by power iteration from a fixed start: sets a safe gradient step. */
function largestEigenvalue(data: SparseData, dimension: number): number {
  const rows = data.labels.length;
  let v = new Float64Array(dimension).fill(1 / Math.sqrt(Math.max(1, dimension)));
  let eigenvalue = 1;
  const xv = new Float64Array(rows);
  for (let iteration = 0; iteration < 30; iteration++) {
    margins(data, v, 0, xv);
    const next = new Float64Array(dimension);
    for (let r = 0; r < rows; r++) {
      for (let k = data.rowStart[r]!; k < data.rowStart[r + 1]!; k++) next[data.columns[k]!]! += data.values[k]! * xv[r]! / rows;
    }
    let norm = 0;
    for (let j = 0; j < dimension; j++) norm += next[j]! * next[j]!;
    norm = Math.sqrt(norm);
    if (norm === 0) return 1;
    eigenvalue = norm;
    for (let j = 0; j < dimension; j++) next[j]! /= norm;
    v = next;
  }
  return Math.max(eigenvalue, 1e-6);
}

export function trainLinearModel(examples: readonly TrainingExample[], options: TrainOptions): LinearWeights {
  if (examples.length === 0) throw new Error('trainLinearModel: no training examples');
  const vocabulary = buildVocabulary(examples, options);
  const index = new Map(vocabulary.map((feature, i) => [feature, i]));
  const denseCount = options.denseCount ?? 0;
  const featureScales = options.naiveBayesScaling ? naiveBayesScales(examples, index) : undefined;
  const data = toSparse(examples, index, denseCount, options.positiveWeight ?? 1, featureScales);
  const dimension = vocabulary.length + denseCount;
  const rows = examples.length;
  let totalSampleWeight = 0;
  for (let r = 0; r < rows; r++) totalSampleWeight += data.sampleWeights[r]!;

  // Bias is a feature of constant value 1, unpenalised; the step bounds the Lipschitz constant of both.
  const step = 1 / (0.25 * (largestEigenvalue(data, dimension) + 1) * (rows / totalSampleWeight) * maxSampleWeight(data) + options.l2);
  let weights = new Float64Array(dimension);
  let bias = 0;
  let previousWeights = new Float64Array(dimension);
  let previousBias = 0;
  const lookahead = new Float64Array(dimension);
  const margin = new Float64Array(rows);
  for (let t = 1; t <= options.iterations; t++) {
    const momentum = (t - 1) / (t + 2);
    for (let j = 0; j < dimension; j++) lookahead[j] = weights[j]! + momentum * (weights[j]! - previousWeights[j]!);
    const lookaheadBias = bias + momentum * (bias - previousBias);
    margins(data, lookahead, lookaheadBias, margin);
    const gradient = new Float64Array(dimension);
    let biasGradient = 0;
    for (let r = 0; r < rows; r++) {
      const residual = ((sigmoid(margin[r]!) - data.labels[r]!) * data.sampleWeights[r]!) / totalSampleWeight;
      biasGradient += residual;
      for (let k = data.rowStart[r]!; k < data.rowStart[r + 1]!; k++) gradient[data.columns[k]!]! += residual * data.values[k]!;
    }
    previousWeights = weights;
    previousBias = bias;
    weights = new Float64Array(dimension);
    for (let j = 0; j < dimension; j++) weights[j] = lookahead[j]! - step * (gradient[j]! + options.l2 * lookahead[j]!);
    bias = lookaheadBias - step * biasGradient;
    // Projected step: dense weights stay at or above their floors.
    options.denseFloor?.forEach((floor, d) => {
      const j = vocabulary.length + d;
      if (weights[j]! < floor) weights[j] = floor;
    });
  }
  const dense = Array.from({ length: denseCount }, (_, d) => weights[vocabulary.length + d]!);
  const weightOf = (j: number): number => weights[j]! * (featureScales?.[j] ?? 1);
  return { bias, dense, weights: new Map(vocabulary.map((feature, j) => [feature, weightOf(j)])) };
}

/** Per vocabulary column: |log((df⁺ + 1) / (n⁺ + 1) ÷ (df⁻ + 1) / (n⁻ + 1))|, df± counting documents of each class. */
function naiveBayesScales(examples: readonly TrainingExample[], index: ReadonlyMap<string, number>): Float64Array {
  const positive = new Float64Array(index.size).fill(1);
  const negative = new Float64Array(index.size).fill(1);
  let positives = 0;
  for (const example of examples) {
    const holding = example.label === 1 ? positive : negative;
    if (example.label === 1) positives++;
    const columns = new Set<number>();
    for (const feature of example.features) {
      const column = index.get(feature);
      if (column !== undefined) columns.add(column);
    }
    for (const column of columns) holding[column]! += 1;
  }
  const negatives = examples.length - positives;
  return positive.map((p, j) => Math.abs(Math.log(p / (positives + 1) / (negative[j]! / (negatives + 1)))));
}

function maxSampleWeight(data: SparseData): number {
  let max = 0;
  for (const w of data.sampleWeights) max = Math.max(max, w);
  return max;
}
