import type { LinearModelJson, LinearWeights } from './linear-model.js';
import { linearFromJson } from './linear-model.js';
import { CompiledBag } from './compiled-bag.js';
import type { BagOptions } from './features.js';
import { spamBagSpec } from './features.js';
import { phrasesAnchoredBy } from './rules.js';

/** The shipped spam model (models/spam.json): plain JSON, loaded as is. */
export interface SpamModel {
  version: string;
  kind: 'logistic-regression';
  /** Score at which the default policy flags a comment as spam; chosen by cross-validation on the training data. */
  threshold: number;
  bag: BagOptions;
  /** Names of the dense rule features, in the order of `classifier.dense`. */
  ruleFeatures: string[];
  classifier: LinearModelJson;
  /** What it was trained on and how it measured (leave-one-video-out), for the record. */
  training: Record<string, unknown>;
}

export interface CompiledSpamModel {
  weights: LinearWeights;
  /** The bag walk compiled against the weights, for scoring. */
  bag: CompiledBag;
}

const compiled = new WeakMap<SpamModel, CompiledSpamModel>();

/**
 * The lookup form of a model, built once per model object (a few milliseconds): call it when the model is loaded
 * so the first comment scored does not pay for it.
 */
export function compileSpamModel(model: SpamModel): CompiledSpamModel {
  let result = compiled.get(model);
  if (!result) {
    const weights = linearFromJson(model.classifier);
    result = { weights, bag: new CompiledBag(spamBagSpec(model.bag), weights.weights, phrasesAnchoredBy) };
    compiled.set(model, result);
  }
  return result;
}
