/**
 * Fast, deterministic 32-bit hashing for shingles and band keys (MurmurHash3's x86_32 body and finalizer).
 * Not cryptographic: collisions only cost a spurious candidate, which the similarity check then rejects.
 */

/** MurmurHash3 finalizer: a bijective avalanche mix of a 32-bit integer. */
export function fmix32(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Mixes one 32-bit block into a running MurmurHash3 state. */
export function mixBlock(state: number, block: number): number {
  let k = Math.imul(block, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  let h = state ^ k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** MurmurHash3-style hash of a string's UTF-16 code units, two units per block. */
export function hashString(text: string, seed = 0): number {
  let h = seed | 0;
  const pairs = text.length >>> 1;
  for (let i = 0; i < pairs; i++) {
    h = mixBlock(h, text.charCodeAt(2 * i) | (text.charCodeAt(2 * i + 1) << 16));
  }
  if (text.length & 1) h = mixBlock(h, text.charCodeAt(text.length - 1));
  return fmix32(h ^ text.length);
}

/** Hash of a sequence of already-hashed values (a word shingle from its token hashes, a band from its rows). */
export function hashSequence(values: ArrayLike<number>, start: number, count: number, seed = 0): number {
  let h = seed | 0;
  for (let i = 0; i < count; i++) h = mixBlock(h, values[start + i] ?? 0);
  return fmix32(h ^ count);
}

/** Deterministic PRNG (mulberry32) for hash seeds and the evasion generator. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
