import { fmix32, seededRandom } from './hash.js';

/** One hash function per signature slot: v = fmix32(a·x + b) with odd a, a permutation of the 32-bit space. */
interface HashFamily {
  multipliers: Int32Array;
  offsets: Int32Array;
}

const families = new Map<string, HashFamily>();

function familyFor(numHashes: number, seed: number): HashFamily {
  const key = `${numHashes}:${seed}`;
  let family = families.get(key);
  if (!family) {
    const random = seededRandom(seed);
    const multipliers = new Int32Array(numHashes);
    const offsets = new Int32Array(numHashes);
    for (let i = 0; i < numHashes; i++) {
      multipliers[i] = (Math.floor(random() * 0x100000000) | 1) | 0;
      offsets[i] = Math.floor(random() * 0x100000000) | 0;
    }
    family = { multipliers, offsets };
    families.set(key, family);
  }
  return family;
}

const scratch = { values: new Int32Array(128) };

/** MinHash signature of a set of shingle hashes: for each hash function, the smallest value over the set. */
export function minHash(shingles: Uint32Array, count: number, numHashes: number, seed: number): number[] {
  const { multipliers, offsets } = familyFor(numHashes, seed);
  if (scratch.values.length < numHashes) scratch.values = new Int32Array(numHashes);
  const mins = scratch.values;
  for (let i = 0; i < numHashes; i++) {
    const a = multipliers[i] ?? 1;
    const b = offsets[i] ?? 0;
    // Signed comparison keeps the loop in int32 arithmetic; any fixed order of the values is as good a minimum.
    let min = 0x7fffffff;
    for (let s = 0; s < count; s++) {
      const v = fmix32((Math.imul(shingles[s] ?? 0, a) + b) | 0) | 0;
      if (v < min) min = v;
    }
    mins[i] = min;
  }
  return Array.from(mins.subarray(0, numHashes));
}

/** Estimated Jaccard similarity: the fraction of signature slots that agree (0 for empty or mismatched signatures). */
export function signatureSimilarity(a: readonly number[], b: readonly number[]): number {
  if (a.length === 0 || a.length !== b.length) return 0;
  let equal = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) equal++;
  return equal / a.length;
}
