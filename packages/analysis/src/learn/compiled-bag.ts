import type { BagSpec } from './bag.js';
import { bigramSeedOf, fnv, FNV_PRIME, GRAM_SEED, hashTable, START_BIGRAM_SEED, WORD_SEED } from './bag.js';
import { WeightTable } from './weight-table.js';

/**
 * A classifier's bag walk (bag.ts) compiled against its weights at model load. Everything that depends on one token
 * only (whether it is skipped, the word it maps to, its unigram and character n-gram weights, the hash state its
 * bigram leaves) is precomputed for every word the model has a unigram weight for, so a known token costs one
 * lookup plus hashing its bigram. Other tokens are worked out from their characters the first time they are seen
 * and then remembered the same way, up to a bound. Weights are added in the order `bagStrings` emits the features
 * (leaving out zeros, which change nothing), so the sum is bit-identical to adding the named features' weights one
 * by one, whether a token was precomputed, remembered or new.
 */
export interface BagSum {
  sum: number;
  /** How many features the walk emits (the length of `bagStrings`). */
  count: number;
  /** The bitwise OR of the tags of all the tokens (see the constructor's `tagOf`), skipped ones included. */
  tags: number;
}

const SPACE = 32;
const LESS_THAN = 60;
/** Tokens remembered beyond the model's vocabulary before the memory is emptied (a few MB at most). */
const REMEMBERED_TOKENS = 50_000;

export class CompiledBag {
  /** Weights by feature hash (features that collide add up). */
  readonly table: WeightTable;
  // Per token id (the vocabulary first, then tokens remembered since):
  private readonly tokens: string[] = [];
  /** The word the walk uses for the token (`mapToken`'s answer), or undefined when the token is skipped. */
  private readonly words: Array<string | undefined> = [];
  private readonly unigram: number[] = [];
  /** Features the word emits, its bigram included. */
  private readonly counts: number[] = [];
  /** Hash state after "b:<word> ": where the next word's bigram hash starts. */
  private readonly bigramSeeds: number[] = [];
  /** The word's n-gram weights (zeros left out, emission order) are gramWeights[gramStart[id] .. gramStart[id + 1]). */
  private readonly gramStart: number[] = [0];
  private readonly gramWeights: number[] = [];
  private readonly vocabularySize: number;
  /** Token ids by the hash of "w:" + token (open addressing; -1 marks a free slot). */
  private slots = new Int32Array(16).fill(-1);
  private slotHashes = new Int32Array(16);
  /** Reused by gramHashes (scoring is synchronous, so one buffer serves every call). */
  private scratch = new Int32Array(64);

  /** Per token id: `tagOf(token)`, remembered with the rest. */
  private readonly tags: number[] = [];

  /**
   * `tagOf`: bits the caller wants to know about each token (a pure function of the token), computed once per
   * token like the rest and OR-ed over a text by `sum`, so a later phase can skip work no token calls for.
   */
  constructor(
    readonly spec: BagSpec,
    weights: ReadonlyMap<string, number>,
    private readonly tagOf: (token: string) => number = () => 0,
  ) {
    this.table = new WeightTable(hashTable(weights));
    for (const feature of weights.keys()) {
      if (feature.startsWith('w:')) this.add(feature.slice(2), fnv(feature.slice(2), WORD_SEED));
    }
    this.vocabularySize = this.tokens.length;
  }

  /** Sum of the weights of the features `bagStrings(tokens, spec)` emits, and how many it emits. */
  sum(tokens: readonly string[]): BagSum {
    const { table, words, unigram, counts, bigramSeeds, gramStart, gramWeights } = this;
    const bigrams = this.spec.bigrams;
    let sum = 0;
    let count = 0;
    let previous = START_BIGRAM_SEED;
    let any = false;
    let tags = 0;
    for (let t = 0; t < tokens.length; t++) {
      const token = tokens[t]!;
      const hash = fnv(token, WORD_SEED);
      let id = this.find(token, hash);
      if (id < 0) id = this.remember(token, hash);
      tags |= this.tags[id]!;
      const word = words[id];
      if (word === undefined) continue;
      any = true;
      sum += unigram[id]!;
      if (bigrams) {
        sum += table.get(fnv(word, previous));
        previous = bigramSeeds[id]!;
      }
      const end = gramStart[id + 1]!;
      for (let k = gramStart[id]!; k < end; k++) sum += gramWeights[k]!;
      count += counts[id]!;
    }
    if (this.spec.endBigram && bigrams && any) {
      sum += table.get(fnv('</s>', previous));
      count++;
    }
    return { sum, count, tags };
  }

  private find(token: string, hash: number): number {
    const mask = this.slots.length - 1;
    for (let slot = slotOf(hash, mask); ; slot = (slot + 1) & mask) {
      const id = this.slots[slot]!;
      if (id < 0) return -1;
      if (this.slotHashes[slot] === hash && this.tokens[id] === token) return id;
    }
  }

  /** Works out a token outside the vocabulary and remembers it (forgetting all such tokens when too many). */
  private remember(token: string, hash: number): number {
    if (this.tokens.length - this.vocabularySize >= REMEMBERED_TOKENS) this.forgetRemembered();
    return this.add(token, hash);
  }

  /** Precomputes the token's part of the walk; returns its id. */
  private add(token: string, hash: number): number {
    const id = this.tokens.length;
    const word = this.spec.mapToken(token);
    this.tokens.push(token);
    this.words.push(word);
    this.tags.push(this.tagOf(token));
    const walked = word ?? '';
    this.unigram.push(word === undefined ? 0 : this.table.get(word === token ? hash : fnv(walked, WORD_SEED)));
    this.counts.push(word === undefined ? 0 : featureCount(this.spec, walked));
    this.bigramSeeds.push(word === undefined ? 0 : bigramSeedOf(walked));
    if (word !== undefined && walked.charCodeAt(0) !== LESS_THAN) {
      const grams = this.gramHashes(walked);
      for (let k = 0; k < grams.length; k++) {
        const w = this.table.get(grams[k]!);
        if (w !== 0) this.gramWeights.push(w);
      }
    }
    this.gramStart.push(this.gramWeights.length);
    if ((id + 1) * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    else this.place(id, hash);
    return id;
  }

  private forgetRemembered(): void {
    const keep = this.vocabularySize;
    for (const list of [this.tokens, this.words, this.tags, this.unigram, this.counts, this.bigramSeeds]) list.length = keep;
    this.gramStart.length = keep + 1;
    this.gramWeights.length = this.gramStart[keep]!;
    this.rehash(this.slots.length);
  }

  private rehash(capacity: number): void {
    this.slots = new Int32Array(capacity).fill(-1);
    this.slotHashes = new Int32Array(capacity);
    this.tokens.forEach((token, id) => this.place(id, fnv(token, WORD_SEED)));
  }

  private place(id: number, hash: number): void {
    const mask = this.slots.length - 1;
    let slot = slotOf(hash, mask);
    while (this.slots[slot]! >= 0) slot = (slot + 1) & mask;
    this.slots[slot] = id;
    this.slotHashes[slot] = hash;
  }

  /**
   * The hashes of the word's n-grams in emission order (all n-grams of the first size, then the next size...).
   * The n-grams starting at one position share their prefix, so each position is hashed once up to the longest size.
   */
  private gramHashes(word: string): Int32Array {
    const sizes = this.spec.charGrams;
    const padded = word.length + 2;
    const last = padded - 1; // the closing space
    let total = 0;
    for (let s = 0; s < sizes.length; s++) total += Math.max(0, padded - sizes[s]! + 1);
    if (this.scratch.length < total) this.scratch = new Int32Array(total * 2);
    const out = this.scratch.subarray(0, total);
    let offset = 0;
    for (let s = 0; s < sizes.length; s++) {
      const n = sizes[s]!;
      const shorter = s > 0 && sizes[s - 1]! < n ? sizes[s - 1]! : 0; // extend the previous size's hashes
      const from = offset - (shorter > 0 ? Math.max(0, padded - shorter + 1) : 0);
      for (let i = 0; i + n <= padded; i++) {
        let h = shorter > 0 ? out[from + i]! : GRAM_SEED | 0;
        for (let k = i + shorter; k < i + n; k++) h = Math.imul(h ^ (k === 0 || k === last ? SPACE : word.charCodeAt(k - 1)), FNV_PRIME);
        out[offset++] = h;
      }
    }
    return out;
  }
}

/** Features a (mapped) word emits: unigram, bigram when enabled, and its n-grams unless it starts with '<'. */
export function featureCount(spec: BagSpec, word: string): number {
  let count = spec.bigrams ? 2 : 1;
  if (word.charCodeAt(0) === LESS_THAN) return count;
  for (const n of spec.charGrams) count += Math.max(0, word.length + 2 - n + 1);
  return count;
}

function slotOf(hash: number, mask: number): number {
  return (hash ^ (hash >> 15)) & mask;
}
