import { WordPrefilter } from './word-prefilter.js';

/**
 * A cheap test that tells which phrase patterns cannot match a text, so their regexes are not run at all. Each
 * pattern comes with anchor words: every match of the pattern contains at least one of them as a whole word, i.e.
 * as a maximal run of [A-Za-z0-9_] (the characters `\w` and `\b` see in a regex without the u flag). The tokens are
 * joined by spaces before matching (token-text.ts), so those runs are the runs inside each token. A pattern whose
 * anchors are all absent is skipped; a pattern with one present runs as before, so results never change.
 * Anchors are listed next to their patterns (patterns.ts, abuse/lexicon/phrases.ts): edit both together.
 */
export class PhraseGate {
  private readonly bits = new Map<string, number>();
  private readonly prefilter: WordPrefilter;

  /** `anchors[i]`: the anchor words of pattern i (at most 31 patterns). */
  constructor(anchors: ReadonlyArray<readonly string[]>) {
    if (anchors.length > 31) throw new Error(`PhraseGate: ${anchors.length} patterns, at most 31`);
    anchors.forEach((words, pattern) => {
      for (const word of words) {
        if (!/^\w+$/.test(word)) throw new Error(`PhraseGate: anchor "${word}" is not a run of word characters`);
        this.bits.set(word, (this.bits.get(word) ?? 0) | (1 << pattern));
      }
    });
    this.prefilter = new WordPrefilter(this.bits.keys());
  }

  /** Bit i is set when the tokens hold an anchor of pattern i (the pattern may match); 0 when none can. */
  scan(tokens: readonly string[]): number {
    let found = 0;
    for (let t = 0; t < tokens.length; t++) found |= this.bitsOfToken(tokens[t] ?? '');
    return found;
  }

  /** The patterns a token holds an anchor of. */
  bitsOfToken(token: string): number {
    return wordRunEnd(token, 0) === token.length ? this.bitsOfWord(token) : this.bitsInside(token);
  }

  /** The patterns whose anchor `word` (a single run of word characters) is. */
  bitsOfWord(word: string): number {
    return this.prefilter.mayContain(word) ? (this.bits.get(word) ?? 0) : 0;
  }

  /**
   * A token with other characters too ("don't", "f*ck", "café"): the anchors among its runs of word characters.
   * 0 for a token that is one run (look that up with bitsOfWord).
   */
  bitsInside(token: string): number {
    if (wordRunEnd(token, 0) === token.length) return 0;
    let found = 0;
    for (let start = 0; start < token.length; ) {
      const end = wordRunEnd(token, start);
      if (end > start) {
        found |= this.bitsOfWord(token.slice(start, end));
        start = end;
      } else start++;
    }
    return found;
  }
}

function wordRunEnd(token: string, from: number): number {
  let i = from;
  while (i < token.length && isWordChar(token.charCodeAt(i))) i++;
  return i;
}

function isWordChar(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || code === 95;
}
