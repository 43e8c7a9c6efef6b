import type { LinearModelJson, LinearWeights } from '../spam/linear-model.js';
import { linearFromJson } from '../spam/linear-model.js';
import { hashTable } from '../spam/bag.js';
import type { AbuseBagOptions } from './features.js';

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
  /** Bag weights keyed by feature hash, for allocation-free scoring. */
  table: Map<number, number>;
}

const compiled = new WeakMap<AbuseModel, CompiledAbuseModel>();

/** The lookup form of a model, built once per model object. */
export function compileAbuseModel(model: AbuseModel): CompiledAbuseModel {
  let result = compiled.get(model);
  if (!result) {
    const weights = linearFromJson(model.classifier);
    result = { weights, table: hashTable(weights.weights) };
    compiled.set(model, result);
  }
  return result;
}
