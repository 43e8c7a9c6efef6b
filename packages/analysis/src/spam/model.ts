import type { CompiledLinearModel, LinearModelFile } from '../learn/model-file.js';
import { compiledOnce, compileLinearModel } from '../learn/model-file.js';
import type { BagOptions } from './features.js';
import { spamBagSpec } from './features.js';
import { phrasesAnchoredBy } from './rules.js';

/** The shipped spam model (models/spam.json); the threshold is chosen by leave-one-video-out on the training data. */
export type SpamModel = LinearModelFile<BagOptions>;

export type CompiledSpamModel = CompiledLinearModel;

/**
 * The lookup form of a model, built once per model object (a few milliseconds): `loadModels` calls it so the
 * first comment scored does not pay for it.
 */
export const compileSpamModel: (model: SpamModel) => CompiledSpamModel = compiledOnce((model: SpamModel) =>
  compileLinearModel(model.classifier, spamBagSpec(model.bag), phrasesAnchoredBy),
);
