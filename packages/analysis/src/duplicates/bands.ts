import { fmix32, mixBlock } from './hash.js';

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const PREFIXES = Array.from({ length: 256 }, (_, j) => `b${j}:`);

/**
 * LSH band keys of a MinHash signature: band j hashes rows j·r … j·r+r−1 into `b<j>:<48-bit hex>`. Two signatures
 * share a key with probability s^r per band for Jaccard s, so the b keys make a candidate with probability
 * 1 − (1 − s^r)^b: near-copies almost surely, unrelated texts almost never.
 */
export function bandKeys(signature: readonly number[], bands: number, rows: number): string[] {
  if (signature.length < bands * rows) return [];
  const keys = new Array<string>(bands);
  for (let j = 0; j < bands; j++) {
    // Two independent 32-bit lanes over the same rows; 48 of their bits make the key.
    let low = 0x1b4d;
    let high = 0x2c7e;
    for (let k = j * rows; k < (j + 1) * rows; k++) {
      const value = signature[k] ?? 0;
      low = mixBlock(low, value);
      high = mixBlock(high, value ^ 0x5bd1e995);
    }
    low = fmix32(low ^ rows);
    high = fmix32(high ^ rows);
    keys[j] =
      (PREFIXES[j] ?? `b${j}:`) +
      HEX[low >>> 24] + HEX[(low >>> 16) & 255] + HEX[(low >>> 8) & 255] + HEX[low & 255] +
      HEX[high >>> 24] + HEX[(high >>> 16) & 255];
  }
  return keys;
}

/**
 * Where a band key goes in an index: its band number and a 32-bit hash of it. For keys made by `bandKeys` these
 * are read straight from the key (the first 8 hex digits are already a hash); any other string gets band −1 and
 * a hash of the whole key.
 */
export function locateBandKey(key: string, hashOther: (key: string) => number): { band: number; hash: number } {
  let band = 0;
  let i = 1;
  if (key.charCodeAt(0) !== 98 /* b */) return { band: -1, hash: hashOther(key) };
  for (; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c === 58 /* : */) break;
    if (c < 48 || c > 57) return { band: -1, hash: hashOther(key) };
    band = band * 10 + (c - 48);
  }
  if (i === 1 || key.length !== i + 13) return { band: -1, hash: hashOther(key) };
  let hash = 0;
  for (let k = i + 1; k < i + 9; k++) {
    const digit = hexValue(key.charCodeAt(k));
    if (digit < 0) return { band: -1, hash: hashOther(key) };
    hash = (hash << 4) | digit;
  }
  return { band, hash: hash >>> 0 };
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}
