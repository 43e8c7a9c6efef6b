import type { NormalizedText } from '../types.js';

/**
 * Links, e-mail addresses and bare domains, as whitespace-separated chunks of the folded text (the folded form
 * keeps them intact). Mirrors the link test in normalize/fold.ts.
 */
const LINK_CHUNK = /(?:\/\/|www\.|[\p{L}\p{N}]\.(?:[a-z]{2,})(?:[/:?#]|$)|@[^\s@]*\.[a-z]{2,})/u;
/** Could the text hold a link at all? Cheap pre-check so most comments take the fast path. */
const MAYBE_LINK = /\/\/|www\.|\.[a-z]{2,}|@/;
/** The same word pattern as normalize/index.ts. */
const WORD = /[\p{L}\p{N}]+(?:['*]+[\p{L}\p{N}]+)*/gu;

/**
 * The tokens the near-duplicate signature is built from: the text's tokens without those inside links. Adding,
 * removing or rotating a link is the most common way a copy-paster varies a comment, and a URL splits into many
 * tokens that would otherwise dilute the similarity of short comments. A text made only of links keeps them.
 */
export function contentTokens(text: NormalizedText): readonly string[] {
  if (!MAYBE_LINK.test(text.folded)) return text.tokens;
  const kept: string[] = [];
  let removed = false;
  for (const chunk of text.folded.split(/\s+/)) {
    if (LINK_CHUNK.test(chunk)) {
      removed = true;
      continue;
    }
    WORD.lastIndex = 0;
    for (let m = WORD.exec(chunk); m !== null; m = WORD.exec(chunk)) kept.push(m[0]);
  }
  return removed && kept.length > 0 ? kept : text.tokens;
}

