import type { NormalizedText } from '../types.js';
import { ALNUM, charFlags } from './chars.js';
import { toDisplay } from './display.js';
import { toFolded } from './fold.js';
import { codePointAt } from './mapped.js';

export { shouldFoldLeet } from './leet.js';

/**
 * Normalizes a comment for analysis. `display` is what a reader sees (clean but case kept); `folded` and
 * `tokens` are for matching. `tokenSpans[i]` is where `tokens[i]` sits in `original`, for highlighting.
 */
export function normalize(original: string): NormalizedText {
  const display = toDisplay(original);
  const folded = toFolded(display);
  const { text, units, starts, ends, length } = folded;
  const tokens: string[] = [];
  const tokenSpans: Array<[number, number]> = [];
  for (let i = 0; i < length; ) {
    const cp = codePointAt(units, length, i);
    if ((charFlags(cp) & ALNUM) === 0) {
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    const end = wordEnd(units, length, i);
    tokens.push(text.slice(i, end));
    const start = starts[i] ?? 0;
    tokenSpans.push([start, ends[end - 1] ?? start]);
    i = end;
  }
  return { original, display: display.text, folded: text, tokens, tokenSpans };
}

/**
 * End of the word token starting at `from` (a letter or digit): letters/digits, joined through inner apostrophes
 * and masking asterisks; what the regex `[\p{L}\p{N}]+(?:['*]+[\p{L}\p{N}]+)*` (u flag) would match there.
 */
function wordEnd(units: readonly number[], length: number, from: number): number {
  let end = alnumRunEnd(units, length, from);
  for (;;) {
    let joiner = end;
    while (joiner < length && isJoiner(units[joiner] ?? 0)) joiner++;
    if (joiner === end) return end;
    const next = alnumRunEnd(units, length, joiner);
    if (next === joiner) return end;
    end = next;
  }
}

function alnumRunEnd(units: readonly number[], length: number, from: number): number {
  let i = from;
  while (i < length) {
    const cp = codePointAt(units, length, i);
    if ((charFlags(cp) & ALNUM) === 0) return i;
    i += cp > 0xffff ? 2 : 1;
  }
  return i;
}

/** Apostrophe or asterisk ("don't", "f**k"). */
function isJoiner(code: number): boolean {
  return code === 0x27 || code === 0x2a;
}
