import type { BagSpec } from '../learn/bag.js';
import { bagStrings, isDigits } from '../learn/bag.js';

/**
 * Bag features of a comment for the learned spam classifier: folded word unigrams and bigrams, plus character
 * 3-grams of each word padded with spaces (robust to misspellings and obfuscation the folding missed).
 * Long numbers collapse to one feature: a phone number or view count is a shape, not a word.
 */
const LONG_NUMBER_DIGITS = 3;

/**
 * Words whose meaning in the training data is tied to YouTube (every "subscribe" there is spam, every "song" ham):
 * left out of the bag so a news reader who subscribes to the paper is not scored as a channel promoter. The rule
 * patterns still see them in context ("subscribe to my channel").
 */
const PLATFORM_WORDS = new Set([
  'subscribe', 'subscribed', 'subscriber', 'subscribers', 'subscribing', 'subs', 'sub', 'channel', 'channels',
  'video', 'videos', 'vid', 'vids', 'song', 'songs', 'view', 'views', 'youtube', 'vevo', 'playlist', 'music',
]);

export interface BagOptions {
  bigrams: boolean;
  charGrams: readonly number[];
  /** Leave YouTube-bound words out of the bag (see PLATFORM_WORDS). */
  dropPlatformWords: boolean;
}

export const SPAM_BAG: BagOptions = { bigrams: true, charGrams: [3], dropPlatformWords: true };

const specs = new WeakMap<BagOptions, BagSpec>();

/** The bag walk for these options (memoised per options object). */
export function spamBagSpec(options: BagOptions): BagSpec {
  let spec = specs.get(options);
  if (!spec) {
    const drop = options.dropPlatformWords;
    spec = {
      bigrams: options.bigrams,
      charGrams: options.charGrams,
      endBigram: true,
      mapToken: (token) =>
        drop && PLATFORM_WORDS.has(token) ? undefined : token.length >= LONG_NUMBER_DIGITS && isDigits(token) ? '<num>' : token,
    };
    specs.set(options, spec);
  }
  return spec;
}

export function bagFeatures(tokens: readonly string[], options: BagOptions): string[] {
  return bagStrings(tokens, spamBagSpec(options));
}
