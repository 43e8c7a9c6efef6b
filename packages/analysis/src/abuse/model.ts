import { BagExplainer } from '../learn/bag-explainer.js';
import type { CompiledLinearModel, LinearModelFile } from '../learn/model-file.js';
import { compiledOnce, compileLinearModel } from '../learn/model-file.js';
import type { AbuseBagOptions } from './features.js';
import { abuseTokenTag } from './detect.js';
import { abuseBagSpec } from './features.js';

/** The shipped abuse model (models/abuse.json); the threshold is chosen by cross-validation inside the training split. */
export type AbuseModel = LinearModelFile<AbuseBagOptions>;

export interface CompiledAbuseModel extends CompiledLinearModel {
  /** Names the words that drove a score, for the reason given when no listed word matched. */
  explainer: BagExplainer;
}

/**
 * The lookup form of a model, built once per model object (a few tens of milliseconds): `loadModels` calls it so
 * the first comment scored does not pay for it.
 */
export const compileAbuseModel: (model: AbuseModel) => CompiledAbuseModel = compiledOnce((model: AbuseModel) => {
  const linear = compileLinearModel(model.classifier, abuseBagSpec(model.bag), abuseTokenTag);
  return { ...linear, explainer: new BagExplainer(linear.bag, linear.weights.weights) };
});
