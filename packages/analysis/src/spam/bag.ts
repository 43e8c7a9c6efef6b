/**
 * The bag-of-features walk shared by the spam and abuse classifiers, in two forms that must agree: `bagStrings`
 * names every feature ("w:word", "b:prev word", "c: wo") for training and explanations; `bagHashedSum` computes the
 * same features' FNV-1a hashes straight from the characters and sums their weights, allocating nothing, for scoring.
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
const FNV_PRIME = 16777619;

export function hashString(value: string, seed = FNV_OFFSET): number {
  let h = seed;
  for (let i = 0; i < value.length; i++) h = Math.imul(h ^ value.charCodeAt(i), FNV_PRIME) >>> 0;
  return h;
}

const WORD_SEED = hashString('w:');
const BIGRAM_SEED = hashString('b:');
const GRAM_SEED = hashString('c:');
const SPACE = 32;

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

/** Sum of the weights of the features `bagStrings` would emit, and how many it would emit. */
export function bagHashedSum(
  tokens: readonly string[],
  spec: BagSpec,
  table: ReadonlyMap<number, number>,
): { sum: number; count: number } {
  let sum = 0;
  let count = 0;
  let previousHash = hashString('<s> ', BIGRAM_SEED);
  let any = false;
  for (const token of tokens) {
    const word = spec.mapToken(token);
    if (word === undefined) continue;
    any = true;
    sum += table.get(hashString(word, WORD_SEED)) ?? 0;
    count++;
    if (spec.bigrams) {
      sum += table.get(hashString(word, previousHash)) ?? 0;
      count++;
      previousHash = Math.imul(hashString(word, BIGRAM_SEED) ^ SPACE, FNV_PRIME) >>> 0;
    }
    if (word.charCodeAt(0) === 60 /* '<' */) continue;
    const length = word.length + 2;
    for (const n of spec.charGrams) {
      for (let i = 0; i + n <= length; i++) {
        let h = GRAM_SEED;
        for (let k = i; k < i + n; k++) {
          const code = k === 0 || k === length - 1 ? SPACE : word.charCodeAt(k - 1);
          h = Math.imul(h ^ code, FNV_PRIME) >>> 0;
        }
        sum += table.get(h) ?? 0;
        count++;
      }
    }
  }
  if (spec.endBigram && spec.bigrams && any) {
    sum += table.get(hashString('</s>', previousHash)) ?? 0;
    count++;
  }
  return { sum, count };
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
