/**
 * Classification metrics with the field names of `moderato eval`'s output. Macro averages run over the classes
 * that occur among the actual labels (a class nobody holds has no recall to average).
 */
export type Confusion = Record<string, Record<string, number>>;

export interface Metrics {
  n: number;
  accuracy: number;
  precision?: number;
  recall?: number;
  f1?: number;
  fpr?: number;
  macroRecall: number;
  macroF1: number;
  confusion: Confusion;
}

export function confusionOf(pairs: ReadonlyArray<{ actual: string; predicted: string }>): Confusion {
  const confusion: Confusion = {};
  for (const { actual, predicted } of pairs) {
    const row = (confusion[actual] ??= {});
    row[predicted] = (row[predicted] ?? 0) + 1;
  }
  return confusion;
}

const count = (c: Confusion, actual: string, predicted: string): number => c[actual]?.[predicted] ?? 0;
const rowTotal = (c: Confusion, actual: string): number => Object.values(c[actual] ?? {}).reduce((a, b) => a + b, 0);
const columnTotal = (c: Confusion, predicted: string): number =>
  Object.values(c).reduce((sum, row) => sum + (row[predicted] ?? 0), 0);
const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);
const round = (x: number): number => Math.round(x * 1e4) / 1e4;

function f1Of(precision: number, recall: number): number {
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

/**
 * Metrics of a confusion matrix. `labels` fixes the class order (and so the key order of the output);
 * `positive`, for binary tasks, adds precision/recall/F1/false-positive rate of that class.
 */
export function computeMetrics(confusion: Confusion, labels: readonly string[], positive?: string): Metrics {
  const n = Object.keys(confusion).reduce((sum, actual) => sum + rowTotal(confusion, actual), 0);
  const correct = Object.keys(confusion).reduce((sum, actual) => sum + count(confusion, actual, actual), 0);
  const present = labels.filter((l) => rowTotal(confusion, l) > 0);
  const recallOf = (l: string): number => ratio(count(confusion, l, l), rowTotal(confusion, l));
  const precisionOf = (l: string): number => ratio(count(confusion, l, l), columnTotal(confusion, l));
  const macroRecall = ratio(present.reduce((s, l) => s + recallOf(l), 0), present.length);
  const macroF1 = ratio(present.reduce((s, l) => s + f1Of(precisionOf(l), recallOf(l)), 0), present.length);
  const ordered: Confusion = {};
  const allLabels = [...labels, ...Object.keys(confusion).filter((l) => !labels.includes(l)).sort()];
  for (const actual of allLabels) {
    if (!confusion[actual]) continue;
    ordered[actual] = {};
    const predictedLabels = [...labels, ...Object.keys(confusion[actual]).filter((l) => !labels.includes(l)).sort()];
    for (const predicted of predictedLabels) ordered[actual][predicted] = count(confusion, actual, predicted);
  }
  const metrics: Metrics = { n, accuracy: round(ratio(correct, n)), macroRecall: round(macroRecall), macroF1: round(macroF1), confusion: ordered };
  if (positive === undefined) return metrics;
  const negatives = labels.filter((l) => l !== positive);
  const falsePositives = negatives.reduce((s, l) => s + count(confusion, l, positive), 0);
  const negativeTotal = negatives.reduce((s, l) => s + rowTotal(confusion, l), 0);
  const precision = precisionOf(positive);
  const recall = recallOf(positive);
  return {
    n, accuracy: metrics.accuracy,
    precision: round(precision), recall: round(recall), f1: round(f1Of(precision, recall)),
    fpr: round(ratio(falsePositives, negativeTotal)),
    macroRecall: metrics.macroRecall, macroF1: metrics.macroF1, confusion: ordered,
  };
}
