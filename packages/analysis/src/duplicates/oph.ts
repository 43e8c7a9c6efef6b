import { fmix32 } from './hash.js';

/**
 * One-permutation MinHash with optimal densification (Shrivastava, ICML 2017): each shingle is hashed once and
 * kept as the minimum of one of K bins, so a signature costs O(shingles + K) instead of O(shingles × K); an
 * empty bin borrows the value of the first non-empty bin on its own seeded probe sequence, which keeps
 * P[slot i agrees] equal to the Jaccard similarity.
 */
let bins = new Int32Array(256);
let filled = new Uint8Array(256);

export function onePermutationHash(shingles: Uint32Array, count: number, numBins: number, seed: number): number[] {
  if (count === 0) return [];
  if (bins.length < numBins) {
    bins = new Int32Array(numBins);
    filled = new Uint8Array(numBins);
  }
  filled.fill(0, 0, numBins);
  for (let s = 0; s < count; s++) {
    const h = fmix32((shingles[s] ?? 0) ^ seed);
    // The top 16 bits pick the bin (numBins ≤ 1024 keeps this in int32); the whole hash orders values within it.
    const bin = ((h >>> 16) * numBins) >>> 16;
    const value = h | 0;
    if (filled[bin] === 0 || value < (bins[bin] ?? 0)) {
      bins[bin] = value;
      filled[bin] = 1;
    }
  }
  const signature = new Array<number>(numBins);
  for (let i = 0; i < numBins; i++) signature[i] = filled[i] === 1 ? (bins[i] ?? 0) : borrowed(i, numBins, seed);
  return signature;
}

function borrowed(bin: number, numBins: number, seed: number): number {
  for (let attempt = 1; ; attempt++) {
    const donor = ((fmix32(Math.imul(bin + 1, 0x9e3779b1) ^ Math.imul(attempt, 0x85ebca77) ^ seed) >>> 16) * numBins) >>> 16;
    if (filled[donor] === 1) return bins[donor] ?? 0;
  }
}
