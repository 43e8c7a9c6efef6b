import type { BagSpec } from './bag.js';
import { bigramSeedOf, fnv, gramHash, hashString, START_BIGRAM_SEED, WORD_SEED } from './bag.js';
import type { CompiledBag } from './compiled-bag.js';
import { round } from './linear-model.js';

const LESS_THAN = 60;
const SPACE = 32;
/** FNV-1a's starting state: a feature's hash is `fnv(name, FNV_OFFSET)`. */
const FNV_OFFSET = hashString('');

/** Whether `name` is "c:" + the n characters at `start` of ` word `. */
function isGram(name: string, word: string, start: number, n: number): boolean {
  if (name.length !== n + 2 || !name.startsWith('c:')) return false;
  const last = word.length + 1;
  for (let k = 0; k < n; k++) {
    const at = start + k;
    if (name.charCodeAt(2 + k) !== (at === 0 || at === last ? SPACE : word.charCodeAt(at - 1))) return false;
  }
  return true;
}

export interface Contribution {
  feature: string;
  weight: number;
}

/**
 * Names the features that pushed a text's score up: the same answer as `topContributions(weights,
 * bagStrings(tokens, spec), limit)` without naming every feature. Features with a positive weight get ids at model
 * load, each precomputed word knows the ids of its unigram and n-grams, and a feature whose hash the model lacks is
 * never named. Repeats add up exactly as in `topContributions` (the same additions, in the same order per feature).
 */
export class BagExplainer {
  private readonly spec: BagSpec;
  private readonly bag: CompiledBag;
  /** Positive features by id. */
  private readonly names: string[] = [];
  private readonly weights: number[] = [];
  private readonly ids = new Map<string, number>();
  /** Positive feature ids by the hash of their name (open addressing; features with equal hashes all kept). */
  private readonly hashKeys: Int32Array;
  private readonly hashIds: Int32Array;
  private readonly hashMask: number;
  /** Precomputed word → ids of its positive unigram and n-gram features, in emission order. */
  private readonly wordFeatures = new Map<string, readonly number[]>();
  /** Per-call scratch: how often each id was emitted, and which ids were (reset by rankAndReset). */
  private readonly emitted: Int32Array;
  private readonly touched: number[] = [];

  constructor(bag: CompiledBag, weights: ReadonlyMap<string, number>) {
    this.bag = bag;
    this.spec = bag.spec;
    for (const [feature, weight] of weights) {
      if (weight > 0) {
        this.ids.set(feature, this.names.length);
        this.names.push(feature);
        this.weights.push(weight);
      }
    }
    this.emitted = new Int32Array(this.names.length);
    let capacity = 16;
    while (capacity < this.names.length * 2) capacity *= 2;
    this.hashMask = capacity - 1;
    this.hashKeys = new Int32Array(capacity);
    this.hashIds = new Int32Array(capacity).fill(-1);
    this.names.forEach((name, id) => {
      const hash = fnv(name, FNV_OFFSET);
      let slot = this.slotOf(hash);
      while (this.hashIds[slot]! >= 0) slot = (slot + 1) & this.hashMask;
      this.hashKeys[slot] = hash;
      this.hashIds[slot] = id;
    });
    for (const feature of weights.keys()) {
      const word = feature.slice(2);
      if (feature.startsWith('w:') && this.spec.mapToken(word) === word) this.wordFeatures.set(word, this.featuresOfWord(word));
    }
  }

  /** The `limit` features with the largest contribution, largest first (ties by name); `count` is the bag's count. */
  top(tokens: readonly string[], count: number, limit: number): Contribution[] {
    let previous = '<s>';
    let previousSeed = START_BIGRAM_SEED;
    let any = false;
    for (const token of tokens) {
      const word = this.spec.mapToken(token);
      if (word === undefined) continue;
      any = true;
      const known = this.wordFeatures.get(word);
      if (known) for (let k = 0; k < known.length; k++) this.emit(known[k] ?? 0);
      else this.emitWordFeatures(word);
      if (this.spec.bigrams) {
        this.emitBigram(fnv(word, previousSeed), previous, word);
        previousSeed = bigramSeedOf(word);
      }
      previous = word;
    }
    if (this.spec.endBigram && this.spec.bigrams && any) this.emitBigram(fnv('</s>', previousSeed), previous, '</s>');
    return this.rankAndReset(1 / Math.sqrt(Math.max(1, count)), limit);
  }

  private emit(id: number): void {
    if (this.emitted[id] === 0) this.touched.push(id);
    this.emitted[id] = (this.emitted[id] ?? 0) + 1;
  }

  /** Emits "b:<previous> <word>" when it is a positive feature (found by its hash, checked piece by piece). */
  private emitBigram(hash: number, previous: string, word: string): void {
    for (let slot = this.slotOf(hash); this.hashIds[slot]! >= 0; slot = (slot + 1) & this.hashMask) {
      if (this.hashKeys[slot] !== hash) continue;
      const id = this.hashIds[slot]!;
      const name = this.names[id]!;
      if (
        name.length === previous.length + word.length + 3 && name.startsWith('b:') && name.startsWith(previous, 2) &&
        name.charCodeAt(2 + previous.length) === SPACE && name.endsWith(word)
      ) return this.emit(id);
    }
  }

  /** Emits a word's positive unigram and n-gram features (found by hash, checked character by character). */
  private emitWordFeatures(word: string): void {
    const hash = fnv(word, WORD_SEED);
    for (let slot = this.slotOf(hash); this.hashIds[slot]! >= 0; slot = (slot + 1) & this.hashMask) {
      if (this.hashKeys[slot] !== hash) continue;
      const id = this.hashIds[slot]!;
      const name = this.names[id]!;
      if (name.length === word.length + 2 && name.startsWith('w:') && name.endsWith(word)) {
        this.emit(id);
        break;
      }
    }
    if (word.charCodeAt(0) === LESS_THAN) return;
    for (const n of this.spec.charGrams) {
      for (let i = 0; i + n <= word.length + 2; i++) this.emitGram(gramHash(word, i, n), word, i, n);
    }
  }

  private emitGram(hash: number, word: string, start: number, n: number): void {
    for (let slot = this.slotOf(hash); this.hashIds[slot]! >= 0; slot = (slot + 1) & this.hashMask) {
      if (this.hashKeys[slot] !== hash) continue;
      const id = this.hashIds[slot]!;
      if (isGram(this.names[id]!, word, start, n)) return this.emit(id);
    }
  }

  private slotOf(hash: number): number {
    return (hash ^ (hash >> 15)) & this.hashMask;
  }

  /** Ids of a word's positive unigram and n-gram features, in emission order (precomputed at load). */
  private featuresOfWord(word: string): number[] {
    const out: number[] = [];
    const add = (feature: string): void => {
      const id = this.ids.get(feature);
      if (id !== undefined) out.push(id);
    };
    add(`w:${word}`);
    if (word.charCodeAt(0) === LESS_THAN) return out;
    const padded = ` ${word} `;
    for (const n of this.spec.charGrams) {
      for (let i = 0; i + n <= padded.length; i++) add(`c:${padded.slice(i, i + n)}`);
    }
    return out;
  }

  /** Ranks the emitted features as `rankContributions` does and clears the scratch for the next call. */
  private rankAndReset(scale: number, limit: number): Contribution[] {
    const best: Array<{ id: number; value: number }> = [];
    for (const id of this.touched) {
      const each = (this.weights[id] ?? 0) * scale;
      let value = 0;
      for (let k = 0; k < (this.emitted[id] ?? 0); k++) value += each; // as topContributions adds repeats
      this.emitted[id] = 0;
      const worst = best.length === limit ? best[limit - 1] : undefined;
      if (worst && value < worst.value) continue; // not in the top: the common case, decided without names
      let at = best.length;
      while (at > 0 && this.before(id, value, best[at - 1] ?? { id, value })) at--;
      if (at < limit) {
        best.splice(at, 0, { id, value });
        if (best.length > limit) best.pop();
      }
    }
    this.touched.length = 0;
    return best.map(({ id, value }) => ({ feature: this.names[id] ?? '', weight: round(value, 3) }));
  }

  /** Larger contribution first; equal ones by feature name, as rankContributions sorts. */
  private before(id: number, value: number, other: { id: number; value: number }): boolean {
    if (value !== other.value) return value > other.value;
    return (this.names[id] ?? '') < (this.names[other.id] ?? '');
  }
}
