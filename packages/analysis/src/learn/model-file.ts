import type { BagSpec } from './bag.js';
import { CompiledBag } from './compiled-bag.js';
import type { LinearModelJson, LinearWeights } from './linear-model.js';
import { linearFromJson } from './linear-model.js';

/** A shipped linear classifier (models/<phase>.json): plain JSON, loaded as is. `Bag` is the phase's bag options. */
export interface LinearModelFile<Bag> {
  version: string;
  kind: 'logistic-regression';
  /** Score at which the default policy flags a comment; chosen by cross-validation inside the training data. */
  threshold: number;
  bag: Bag;
  /** Names of the dense rule features, in the order of `classifier.dense`. */
  ruleFeatures: string[];
  classifier: LinearModelJson;
  /** What it was trained on and how the threshold was chosen, for the record. */
  training: Record<string, unknown>;
}

export interface CompiledLinearModel {
  weights: LinearWeights;
  /** The bag walk compiled against the weights, for scoring. */
  bag: CompiledBag;
}

/** The weights and the compiled bag walk of a model file; `tagOf` tags each token for the phase's rules. */
export function compileLinearModel(
  classifier: LinearModelJson,
  spec: BagSpec,
  tagOf?: (token: string) => number,
): CompiledLinearModel {
  const weights = linearFromJson(classifier);
  return { weights, bag: new CompiledBag(spec, weights.weights, tagOf) };
}

/**
 * `compile` run once per model object and remembered while the object lives: the lookup tables take milliseconds
 * to build, so they are built when the model is loaded, not per comment.
 */
export function compiledOnce<Model extends object, Compiled>(compile: (model: Model) => Compiled): (model: Model) => Compiled {
  const cache = new WeakMap<Model, Compiled>();
  return (model) => {
    let result = cache.get(model);
    if (!result) {
      result = compile(model);
      cache.set(model, result);
    }
    return result;
  };
}
