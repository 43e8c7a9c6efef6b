/**
 * The bag-of-features walk shared by the spam and abuse classifiers, in two forms that must agree: `bagStrings`
 * names every feature ("w:word", "b:prev word", "c: wo") for training; `CompiledBag` (compiled-bag.ts) computes the
 * same features' FNV-1a hashes straight from the characters and sums their weights, for scoring.
 */
export interface BagSpec {
  bigrams: boolean;
  /** Character n-gram sizes over each word padded with spaces. */
  charGrams: readonly number[];
  /** Emit a "word </s>" bigram after the last word. */
  endBigram: boolean;
  /** The word feature for a token, or undefined to skip the token; `charGrams` skips words starting with '<'. */
  mapToken: (token: string) => string | undefined;
}

const FNV_OFFSET = 0x811c9dc5;
export const FNV_PRIME = 16777619;

export function hashString(value: string, seed = FNV_OFFSET): number {
  let h = seed;
  for (let i = 0; i < value.length; i++) h = Math.imul(h ^ value.charCodeAt(i), FNV_PRIME) >>> 0;
  return h;
}

export const WORD_SEED = hashString('w:');
export const BIGRAM_SEED = hashString('b:');
export const GRAM_SEED = hashString('c:');

// Scoring hashes as signed 32-bit integers (`h | 0` of hashString's value), which V8 keeps unboxed.
const SPACE = 32;

/** Hash state after "b:<s> ", the bigram prefix before the first word. */
export const START_BIGRAM_SEED = hashString('<s> ', BIGRAM_SEED) | 0;

/** FNV-1a continued from `seed` over the string: `hashString(value, seed) | 0`. */
export function fnv(value: string, seed: number): number {
  let h = seed | 0;
  for (let i = 0; i < value.length; i++) h = Math.imul(h ^ value.charCodeAt(i), FNV_PRIME);
  return h;
}

/** Hash state after "b:<word> ": where the next word's bigram hash starts. */
export function bigramSeedOf(word: string): number {
  return Math.imul(fnv(word, BIGRAM_SEED) ^ SPACE, FNV_PRIME);
}

/** Hash of the feature "c:" + the n characters at `start` of ` word ` (the word padded with a space each side). */
export function gramHash(word: string, start: number, n: number): number {
  const last = word.length + 1;
  let h = GRAM_SEED | 0;
  for (let k = start; k < start + n; k++) h = Math.imul(h ^ (k === 0 || k === last ? SPACE : word.charCodeAt(k - 1)), FNV_PRIME);
  return h;
}

export function bagStrings(tokens: readonly string[], spec: BagSpec): string[] {
  const out: string[] = [];
  let previous = '<s>';
  let any = false;
  for (const token of tokens) {
    const word = spec.mapToken(token);
    if (word === undefined) continue;
    any = true;
    out.push(`w:${word}`);
    if (spec.bigrams) out.push(`b:${previous} ${word}`);
    previous = word;
    if (word.startsWith('<')) continue;
    const padded = ` ${word} `;
    for (const n of spec.charGrams) {
      for (let i = 0; i + n <= padded.length; i++) out.push(`c:${padded.slice(i, i + n)}`);
    }
  }
  if (spec.endBigram && spec.bigrams && any) out.push(`b:${previous} </s>`);
  return out;
}

/** Weights keyed by feature hash (features that collide add up; with a few tens of thousands that is rare). */
export function hashTable(weights: ReadonlyMap<string, number>): Map<number, number> {
  const table = new Map<number, number>();
  for (const [feature, weight] of weights) {
    const h = hashString(feature);
    table.set(h, (table.get(h) ?? 0) + weight);
  }
  return table;
}

/** Whether the string is all ASCII digits (`/^\d+$/` for a non-empty string). */
export function isDigits(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return true;
}
