import { hash } from 'node:crypto';
import type { Fingerprint, NormalizedText } from '../types.js';
import { bandKeys } from './bands.js';
import { contentTokens } from './content-tokens.js';
import { minHash } from './minhash.js';
import { onePermutationHash } from './oph.js';
import type { DuplicateSettings } from './settings.js';
import { shingleHashes } from './shingles.js';

/**
 * What "exact duplicate" means here: the same normalized word tokens in the same order. Case, punctuation,
 * whitespace, zero-width characters, HTML entities, homoglyphs, leetspeak, repeated letters and emoji (which are
 * not word tokens) make no difference. A text with no word tokens (emoji only) is keyed by its folded form.
 */
export function exactKey(text: NormalizedText): string {
  return text.tokens.length > 0 ? text.tokens.join(' ') : text.folded.replace(/\s+/g, '');
}

/**
 * Fingerprint of a normalized comment: a 128-bit hex hash of its exact key, and, for texts of at least
 * `settings.minTokens` tokens outside links, a MinHash signature over the shingles of those tokens with its LSH
 * band keys. Shorter texts get an empty signature and no band keys: they are matched exactly only.
 */
export function fingerprintText(text: NormalizedText, settings: DuplicateSettings): Fingerprint {
  const exact = hash('sha256', exactKey(text), 'hex').slice(0, 32);
  const tokens = contentTokens(text);
  if (tokens.length < settings.minTokens) return { exact, signature: [], bands: [] };
  const { hashes, count } = shingleHashes(tokens, settings.shingle);
  const signature =
    settings.method === 'oph'
      ? onePermutationHash(hashes, count, settings.numHashes, settings.seed)
      : minHash(hashes, count, settings.numHashes, settings.seed);
  return { exact, signature, bands: bandKeys(signature, settings.bands, settings.rows) };
}
