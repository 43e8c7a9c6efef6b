import { ALNUM, charFlags, LETTER, SPACE } from '../normalize/chars.js';

/**
 * The language-bearing content of a folded text: whitespace-separated words other than mentions, hashtags, links
 * and retweet markers, which say nothing about the language of the sentence around them. One scan yields what
 * detection needs: the content (the text with each such word and the whitespace before it replaced by one space,
 * as `text.replace(/(?:^|\s)(?:[@#]\S+|\S*(?:https?:\/\/|www\.)\S*|url|rt|via)(?=\s|$)/giu, ' ')` would), its word
 * tokens (`[\p{L}\p{N}]+(?:['*]+[\p{L}\p{N}]+)*`), and its letter counts.
 */
export interface LanguageContent {
  content: string;
  tokens: readonly string[];
  /** Letters (`\p{L}`) and, among them, unaccented lower-case Latin letters (a–z). */
  letters: number;
  latinLetters: number;
}

/** Token boundaries and counts of the current scan (scratch space: detection is synchronous). */
const tokenStarts: number[] = [];
const tokenEnds: number[] = [];
const scan = { tokens: 0, letters: 0, latin: 0 };

/**
 * `foldedTokens`, when given, are the word tokens the normalizer already cut from `folded`: reused (same strings,
 * whose hashes later phases then share) when no word was removed and they line up with this scan's tokens.
 */
export function languageContent(folded: string, foldedTokens?: readonly string[]): LanguageContent {
  scan.tokens = 0;
  scan.letters = 0;
  scan.latin = 0;
  let content = '';
  let removedUpTo = 0;
  const length = folded.length;
  let i = 0;
  while (i < length) {
    const code = folded.charCodeAt(i);
    if (code === 32 || (charFlags(code) & SPACE) !== 0) {
      i++;
      continue;
    }
    const { tokens, letters, latin } = scan;
    const end = scanWord(folded, i);
    if (isNotLanguage(folded, i, end)) {
      scan.tokens = tokens;
      scan.letters = letters;
      scan.latin = latin;
      content += folded.slice(removedUpTo, i === 0 ? 0 : i - 1) + ' ';
      removedUpTo = end;
    }
    i = end;
  }
  const tokens = removedUpTo === 0 && foldedTokens !== undefined && sameTokens(foldedTokens) ? foldedTokens : sliceTokens(folded);
  return {
    content: removedUpTo === 0 ? folded : content + folded.slice(removedUpTo),
    tokens,
    letters: scan.letters,
    latinLetters: scan.latin,
  };
}

const OUTSIDE = 0;
const IN_RUN = 1;
const AFTER_JOINERS = 2;

/**
 * Scans the word starting at `from` up to the next whitespace, recording its tokens and counting its letters;
 * returns where it ends. A token is a run of letters/digits, extended through apostrophes or asterisks only when
 * more letters/digits follow them.
 */
function scanWord(folded: string, from: number): number {
  const length = folded.length;
  let state = OUTSIDE;
  let tokenStart = 0;
  let joinerStart = 0;
  let k = from;
  for (; k < length; ) {
    const code = folded.charCodeAt(k);
    let cp = code;
    if (code >= 0xd800 && code <= 0xdbff) cp = folded.codePointAt(k) ?? code;
    const flags = charFlags(cp);
    if ((flags & SPACE) !== 0) break;
    if ((flags & ALNUM) !== 0) {
      if ((flags & LETTER) !== 0) {
        scan.letters++;
        if (cp >= 0x61 && cp <= 0x7a) scan.latin++;
      }
      if (state === OUTSIDE) tokenStart = k;
      state = IN_RUN;
    } else if (code === 0x27 || code === 0x2a) {
      if (state === IN_RUN) {
        joinerStart = k;
        state = AFTER_JOINERS;
      }
    } else if (state !== OUTSIDE) {
      addToken(tokenStart, state === IN_RUN ? k : joinerStart);
      state = OUTSIDE;
    }
    k += cp > 0xffff ? 2 : 1;
  }
  if (state !== OUTSIDE) addToken(tokenStart, state === IN_RUN ? k : joinerStart);
  return k;
}

function addToken(start: number, end: number): void {
  tokenStarts[scan.tokens] = start;
  tokenEnds[scan.tokens++] = end;
}

function sameTokens(tokens: readonly string[]): boolean {
  if (tokens.length !== scan.tokens) return false;
  for (let t = 0; t < scan.tokens; t++) if (tokens[t]?.length !== (tokenEnds[t] ?? 0) - (tokenStarts[t] ?? 0)) return false;
  return true;
}

function sliceTokens(folded: string): string[] {
  const tokens: string[] = [];
  for (let t = 0; t < scan.tokens; t++) tokens.push(folded.slice(tokenStarts[t], tokenEnds[t]));
  return tokens;
}

/** A mention, hashtag, link, or "url"/"rt"/"via" (compared case-insensitively, as the /iu regex does). */
function isNotLanguage(folded: string, from: number, to: number): boolean {
  const first = folded.charCodeAt(from);
  const length = to - from;
  if ((first === 0x40 || first === 0x23) && length >= 2) return true;
  if (length === 2) return matchesAt(folded, from, to, 'rt');
  if (length === 3) return matchesAt(folded, from, to, 'url') || matchesAt(folded, from, to, 'via');
  for (let k = from; k + 4 <= to; k++) {
    const code = folded.charCodeAt(k) | 0x20;
    if (code === 0x68 && (matchesAt(folded, k, to, 'http://') || matchesAt(folded, k, to, 'https://'))) return true;
    if (code === 0x77 && matchesAt(folded, k, to, 'www.')) return true;
  }
  return false;
}

/** Whether folded[at, to) starts with `word` (lower-case ASCII), ignoring case as Unicode case folding does. */
function matchesAt(folded: string, at: number, to: number, word: string): boolean {
  if (to - at < word.length) return false;
  for (let j = 0; j < word.length; j++) {
    const expected = word.charCodeAt(j);
    const code = folded.charCodeAt(at + j);
    if (code === expected) continue;
    const isLetter = expected >= 0x61 && expected <= 0x7a;
    // Case folding maps 'S' and the long s 'ſ' to 's' (and no other character to these letters).
    if (!isLetter || !(code === expected - 32 || (expected === 0x73 && code === 0x17f))) return false;
  }
  return true;
}
