import { normalize } from '../normalize/index.js';
import type { TrainingExample, TrainOptions } from '../learn/linear-model.js';
import { linearMargin, linearToJson, sigmoid, trainLinearModel } from '../learn/linear-model.js';
import { thresholdForMacroF1 } from '../learn/metrics.js';
import type { LabelledText } from './data.js';
import { OFFENSIVE_DIR, readTweetEval } from './data.js';
import { ABUSE_RULE_FEATURES, detectAbuse } from './detect.js';
import type { AbuseBagOptions } from './features.js';
import { ABUSE_BAG, abuseBagFeatures } from './features.js';
import type { AbuseModel } from './model.js';

export const ABUSE_MODEL_VERSION = 'abuse-2026.12.2';

export interface AbuseTrainingConfig {
  bag: AbuseBagOptions;
  linear: TrainOptions;
  folds: number;
}

export const ABUSE_TRAINING: AbuseTrainingConfig = experimentOverrides({
  bag: ABUSE_BAG,
  // NB scaling with a weak penalty: 5-fold CV macro-F1 inside train 0.722 → 0.749 (see EVALUATION.md). The cap is
  // above the ~52,000 features seen in 3+ tweets, so it bounds the file size only.
  linear: {
    l2: 3e-5,
    naiveBayesScaling: true,
    minDocFrequency: 3,
    maxFeatures: 100_000,
    iterations: 300,
    denseCount: ABUSE_RULE_FEATURES.length,
    denseFloor: ABUSE_RULE_FEATURES.map(() => 0),
  },
  folds: 5,
});

/** ABUSE_EXPERIMENT='{"linear":{"l2":0.01}}' style overrides, for the cross-validation script only. */
function experimentOverrides(config: AbuseTrainingConfig): AbuseTrainingConfig {
  const raw = process.env.ABUSE_EXPERIMENT;
  if (!raw) return config;
  const o = JSON.parse(raw) as { bag?: Partial<AbuseBagOptions>; linear?: Partial<TrainOptions>; folds?: number };
  return {
    bag: { ...config.bag, ...o.bag },
    linear: { ...config.linear, ...o.linear },
    folds: o.folds ?? config.folds,
  };
}

export function abuseExamples(rows: readonly LabelledText[], bag: AbuseBagOptions): TrainingExample[] {
  return rows.map((row) => {
    const text = normalize(row.text);
    return { features: abuseBagFeatures(text.tokens, bag), dense: detectAbuse(text).dense, label: row.abusive ? 1 : 0 };
  });
}

/** Out-of-fold scores: row i is in fold i mod k (the training file's order is already shuffled). */
export function crossValidatedScores(examples: readonly TrainingExample[], options: TrainOptions, folds: number): number[] {
  const scores = new Array<number>(examples.length).fill(0);
  for (let fold = 0; fold < folds; fold++) {
    const weights = trainLinearModel(examples.filter((_, i) => i % folds !== fold), options);
    examples.forEach((e, i) => {
      if (i % folds === fold) scores[i] = sigmoid(linearMargin(weights, e.features, e.dense));
    });
  }
  return scores;
}

/**
 * Trains the shipped abuse model on TweetEval offensive TRAIN only (val stays held out for measuring). The
 * threshold maximises macro-F1 (the task's own measure) on k-fold out-of-fold scores inside the training split, with
 * no further cap: an earlier false-positive cap of 0.08 was one more tuned choice, and cost macro-F1 on the validation
 * tweets (0.733 → 0.741 without it). News comments are kept from false flags by what is counted (harsh words said of things are not: see
 * target.ts), not by a stricter threshold.
 */
export function trainAbuseModel(
  dataDir: string,
  config: AbuseTrainingConfig = ABUSE_TRAINING,
  onOutOfFold?: (scores: number[], labels: boolean[], threshold: number) => void,
): AbuseModel {
  const examples = abuseExamples(readTweetEval(dataDir, 'offensive', 'train'), config.bag);
  const oof = crossValidatedScores(examples, config.linear, config.folds);
  const labels = examples.map((e) => e.label === 1);
  const threshold = thresholdForMacroF1(oof, labels);
  onOutOfFold?.(oof, labels, threshold);
  const weights = trainLinearModel(examples, config.linear);
  return {
    version: ABUSE_MODEL_VERSION,
    kind: 'logistic-regression',
    threshold,
    bag: config.bag,
    ruleFeatures: [...ABUSE_RULE_FEATURES],
    classifier: linearToJson(weights),
    training: {
      data: [`${OFFENSIVE_DIR}/train_text.txt`, `${OFFENSIVE_DIR}/train_labels.txt`],
      examples: examples.length,
      offensive: examples.filter((e) => e.label === 1).length,
      options: config.linear,
      thresholdRule: `max macro-F1 on ${config.folds}-fold out-of-fold scores within train`,
    },
  };
}
