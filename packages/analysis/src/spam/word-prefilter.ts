/**
 * A cheap first test for "could this token be one of these words?": a bit per (first character, second character,
 * length) seen among the words. A token whose bit is clear is certainly not one of them, so the string lookup that
 * would follow (hashing and comparing the token) is skipped; for ordinary text that is most tokens.
 */
export class WordPrefilter {
  private readonly bits = new Uint8Array(1 << 16);

  constructor(words: Iterable<string>) {
    for (const word of words) {
      const key = keyOf(word);
      this.bits[key >> 3]! |= 1 << (key & 7);
    }
  }

  mayContain(word: string): boolean {
    const key = keyOf(word);
    return ((this.bits[key >> 3]! >> (key & 7)) & 1) === 1;
  }
}

/** 19 bits: low 7 bits of the first two UTF-16 units (a missing one counts as 0) and the length capped at 31. */
function keyOf(word: string): number {
  return ((word.charCodeAt(0) & 127) << 12) | ((word.charCodeAt(1) & 127) << 5) | Math.min(word.length, 31);
}
