import type { BagSpec } from '../learn/bag.js';
import { bagStrings, isDigits } from '../learn/bag.js';


/**
 * Bag features for the abuse classifier: folded word unigrams and bigrams and character 3- and 4-grams of each
 * word (catches spellings the lexicon lacks). Twitter artefacts are dropped so tweets and news comments look
 * alike: "@user" mentions and link fragments go, numbers collapse to one feature.
 */
const TWITTER_NOISE = new Set(['user', 'http', 'https', 'www', 'com', 'co', 't']);

export interface AbuseBagOptions {
  bigrams: boolean;
  charGrams: readonly number[];
}

export const ABUSE_BAG: AbuseBagOptions = { bigrams: true, charGrams: [3, 4] };

const specs = new WeakMap<AbuseBagOptions, BagSpec>();

export function abuseBagSpec(options: AbuseBagOptions): BagSpec {
  let spec = specs.get(options);
  if (!spec) {
    spec = {
      bigrams: options.bigrams,
      charGrams: options.charGrams,
      endBigram: false,
      mapToken: (token) => (TWITTER_NOISE.has(token) ? undefined : token.length > 0 && isDigits(token) ? '<num>' : token),
    };
    specs.set(options, spec);
  }
  return spec;
}

export function abuseBagFeatures(tokens: readonly string[], options: AbuseBagOptions): string[] {
  return bagStrings(tokens, abuseBagSpec(options));
}
