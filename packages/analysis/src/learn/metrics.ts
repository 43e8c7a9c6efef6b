/** Binary classification figures with the positive class = 1. */
export interface BinaryFigures {
  n: number;
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  fpr: number;
  macroF1: number;
}

export function binaryFigures(predicted: readonly boolean[], actual: readonly boolean[]): BinaryFigures {
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  predicted.forEach((p, i) => {
    const a = actual[i] ?? false;
    if (p && a) tp++;
    else if (p) fp++;
    else if (a) fn++;
    else tn++;
  });
  const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, tp + fn);
  const f1 = ratio(2 * precision * recall, precision + recall);
  const negPrecision = ratio(tn, tn + fn);
  const negRecall = ratio(tn, tn + fp);
  const negF1 = ratio(2 * negPrecision * negRecall, negPrecision + negRecall);
  const r = (x: number): number => Math.round(x * 10_000) / 10_000;
  return {
    n: predicted.length,
    accuracy: r(ratio(tp + tn, predicted.length)),
    precision: r(precision),
    recall: r(recall),
    f1: r(f1),
    fpr: r(ratio(fp, fp + tn)),
    macroF1: r((f1 + negF1) / 2),
  };
}

/**
 * The threshold (on held-out scores) that maximises F1 among those whose false-positive rate stays within
 * `maxFpr`; thresholds are midpoints between distinct scores so the choice does not sit on a training score.
 */
export function thresholdForF1(scores: readonly number[], labels: readonly boolean[], maxFpr = 1): number {
  return bestThreshold(scores, labels, maxFpr, (f) => f.f1);
}

/** The threshold that maximises macro-F1 (the TweetEval metric) among those with false-positive rate ≤ `maxFpr`. */
export function thresholdForMacroF1(scores: readonly number[], labels: readonly boolean[], maxFpr = 1): number {
  return bestThreshold(scores, labels, maxFpr, (f) => f.macroF1);
}

function bestThreshold(
  scores: readonly number[],
  labels: readonly boolean[],
  maxFpr: number,
  objective: (f: { f1: number; macroF1: number }) => number,
): number {
  // Sweep thresholds from high to low: everything at or above the cut is predicted positive.
  const order = scores.map((_, i) => i).sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0) || a - b);
  const positives = labels.filter(Boolean).length;
  const negatives = labels.length - positives;
  let tp = 0;
  let fp = 0;
  let best = 0.5;
  let bestValue = -1;
  for (let k = 0; k < order.length; k++) {
    const i = order[k] ?? 0;
    if (labels[i]) tp++;
    else fp++;
    const current = scores[i] ?? 0;
    const next = scores[order[k + 1] ?? -1];
    if (next === undefined || next === current) continue;
    if (negatives > 0 && fp / negatives > maxFpr) continue;
    const fn = positives - tp;
    const tn = negatives - fp;
    const f1 = tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
    const negF1 = tn === 0 ? 0 : (2 * tn) / (2 * tn + fn + fp);
    const value = objective({ f1, macroF1: (f1 + negF1) / 2 });
    if (value > bestValue) {
      bestValue = value;
      best = (current + next) / 2;
    }
  }
  return Math.round(best * 1000) / 1000;
}
