import type { LinearModelJson, LinearWeights } from '../spam/linear-model.js';
import { linearFromJson } from '../spam/linear-model.js';
import { BagExplainer } from '../spam/bag-explainer.js';
import { CompiledBag } from '../spam/compiled-bag.js';
import type { AbuseBagOptions } from './features.js';
import { abuseTokenTag } from './detect.js';
import { abuseBagSpec } from './features.js';

/** The shipped abuse model (models/abuse.json): plain JSON, loaded as is. */
export interface AbuseModel {
  version: string;
  kind: 'logistic-regression';
  /** Score at which the default policy flags a comment as toxic; chosen by cross-validation inside the training split. */
  threshold: number;
  bag: AbuseBagOptions;
  ruleFeatures: string[];
  classifier: LinearModelJson;
  training: Record<string, unknown>;
}

export interface CompiledAbuseModel {
  weights: LinearWeights;
  /** The bag walk compiled against the weights, for scoring. */
  bag: CompiledBag;
  /** Names the words that drove a score, for the reason given when no listed word matched. */
  explainer: BagExplainer;
}

const compiled = new WeakMap<AbuseModel, CompiledAbuseModel>();

/**
 * The lookup form of a model, built once per model object (a few tens of milliseconds): call it when the model is
 * loaded so the first comment scored does not pay for it.
 */
export function compileAbuseModel(model: AbuseModel): CompiledAbuseModel {
  let result = compiled.get(model);
  if (!result) {
    const weights = linearFromJson(model.classifier);
    const bag = new CompiledBag(abuseBagSpec(model.bag), weights.weights, abuseTokenTag);
    result = { weights, bag, explainer: new BagExplainer(bag, weights.weights) };
    compiled.set(model, result);
  }
  return result;
}
