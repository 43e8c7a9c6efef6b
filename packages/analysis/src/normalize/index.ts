import type { NormalizedText } from '../types.js';
import { toDisplay } from './display.js';
import { toFolded } from './fold.js';

export { shouldFoldLeet } from './leet.js';

/** Word tokens of the folded text: letters/digits, joined through inner apostrophes and masking asterisks. */
const WORD = /[\p{L}\p{N}]+(?:['*]+[\p{L}\p{N}]+)*/gu;

/**
 * Normalizes a comment for analysis. `display` is what a reader sees (clean but case kept); `folded` and
 * `tokens` are for matching. `tokenSpans[i]` is where `tokens[i]` sits in `original`, for highlighting.
 */
export function normalize(original: string): NormalizedText {
  const display = toDisplay(original);
  const folded = toFolded(display);
  const tokens: string[] = [];
  const tokenSpans: Array<[number, number]> = [];
  WORD.lastIndex = 0;
  for (let m = WORD.exec(folded.text); m !== null; m = WORD.exec(folded.text)) {
    tokens.push(m[0]);
    const start = folded.starts[m.index] ?? 0;
    const end = folded.ends[m.index + m[0].length - 1] ?? start;
    tokenSpans.push([start, end]);
  }
  return { original, display: display.text, folded: folded.text, tokens, tokenSpans };
}
