import type { NormalizedText } from '../types.js';

/**
 * The folded tokens joined by single spaces, with each token's offset in that string: phrase patterns run over it
 * as ordinary regexes, and a match is mapped back to token indexes and from there to the ORIGINAL text.
 */
export interface TokenText {
  joined: string;
  starts: number[];
}

export function toTokenText(tokens: readonly string[]): TokenText {
  const starts: number[] = [];
  let offset = 0;
  for (const token of tokens) {
    starts.push(offset);
    offset += token.length + 1;
  }
  return { joined: tokens.join(' '), starts };
}

/** Index of the token that contains offset `at` of `joined` (binary search). */
export function tokenIndexAt(tokenText: TokenText, at: number): number {
  let low = 0;
  let high = tokenText.starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((tokenText.starts[mid] ?? 0) <= at) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** Span in the original text of tokens first..last (inclusive), when the normalizer provided token spans. */
export function tokenRangeSpan(text: NormalizedText, first: number, last: number): [number, number] | undefined {
  const from = text.tokenSpans?.[first];
  const to = text.tokenSpans?.[last];
  return from && to ? [from[0], to[1]] : undefined;
}

/** Span in the original text of a regex match [start, end) over `joined`. */
export function matchSpan(text: NormalizedText, tokenText: TokenText, start: number, end: number): [number, number] | undefined {
  if (end <= start) return undefined;
  return tokenRangeSpan(text, tokenIndexAt(tokenText, start), tokenIndexAt(tokenText, end - 1));
}
