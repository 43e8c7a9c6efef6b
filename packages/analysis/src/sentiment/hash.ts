/** 32-bit FNV-1a: a fast, dependency-free, stable hash for feature hashing (same value on every machine). */
export function fnv1a(text: string, seed = 0x811c9dc5): number {
  return fnvExtend(seed >>> 0, text) >>> 0;
}

const FNV_PRIME = 0x01000193;

/**
 * Continues an FNV-1a state over `text` (the state is an int32; `>>> 0` gives the hash). Lets callers hash
 * "a b" as fnvExtend(fnvExtend(fnvExtend(seed, "a"), " "), "b") without building the joined string.
 */
export function fnvExtend(state: number, text: string): number {
  let h = state;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return h;
}
