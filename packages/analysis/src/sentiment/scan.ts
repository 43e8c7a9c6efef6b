import { literalAlternation } from '../regexp.js';
import { EMOTICONS } from './cues.js';

/**
 * Splits folded text into the tokens the sentiment scan reads: emoticons (standing alone), words (letters and
 * digits joined through inner apostrophes/asterisks), emoji, sentence stops and clause breaks. The tokens are
 * those of one combined regex (SCAN_SOURCE); a char-code scanner reads ASCII and asks the sticky form of that regex only
 * where a non-ASCII character could change the result.
 */
export const END = 0;
export const EMOTICON = 1;
export const WORD = 2;
export const EMOJI = 3;
export const STOP = 4;
export const CLAUSE = 5;

const WORD_SOURCE = String.raw`[\p{L}\p{N}]+(?:['*]+[\p{L}\p{N}]+)*`;
/** Longest first, so ":-)" is tried before ":-"-prefixed shorter forms; ties keep the list's order. */
const EMOTICONS_BY_LENGTH = [...EMOTICONS.keys()].sort((a, b) => b.length - a.length);
const SCAN_SOURCE =
  String.raw`(?<=^|\s)(${literalAlternation(EMOTICONS_BY_LENGTH)})(?=$|[\s.,!?])|(${WORD_SOURCE})|` +
  String.raw`(\p{Extended_Pictographic})|([.!?\n]+)|([,;:()"\u2014\u2013]| - )`;
/** SCAN_SOURCE anchored at lastIndex; safe to share because each use sets lastIndex right before its exec. */
const SCAN_AT = new RegExp(SCAN_SOURCE, 'uy');
const WORD_AT = new RegExp(WORD_SOURCE, 'uy');
const SPACE = /\s/;
const EMOTICON_FIRST_CHAR = new Uint8Array(128);
for (const e of EMOTICONS_BY_LENGTH) EMOTICON_FIRST_CHAR[e.charCodeAt(0)] = 1;

/** A reusable cursor: `next()` moves to the following token and returns its kind; `start`/`end` locate it. */
export class TokenScanner {
  kind = END;
  start = 0;
  end = 0;
  private position = 0;

  constructor(private readonly text: string) {}

  next(): number {
    const text = this.text;
    const n = text.length;
    for (let i = this.position; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c >= 128) {
        const kind = this.matchAt(i);
        if (kind !== END) return kind;
        if (c >= 0xd800 && c <= 0xdbff) i++; // the regex never starts inside a surrogate pair
        continue;
      }
      if (EMOTICON_FIRST_CHAR[c] === 1 && (i === 0 || isSpaceAt(text, i - 1))) {
        const end = emoticonEnd(text, i);
        if (end > 0) return this.found(i, end, EMOTICON);
      }
      if (isWordChar(c)) return this.found(i, wordEnd(text, i), WORD);
      if (isStopChar(c)) {
        let j = i + 1;
        while (j < n && isStopChar(text.charCodeAt(j))) j++;
        return this.found(i, j, STOP);
      }
      if (isClauseChar(c)) return this.found(i, i + 1, CLAUSE);
      if (c === 32 && text.charCodeAt(i + 1) === 45 && text.charCodeAt(i + 2) === 32) return this.found(i, i + 3, CLAUSE);
    }
    this.position = n;
    return (this.kind = END);
  }

  /** The token SCAN_SOURCE finds starting exactly at `i`, if any (for positions holding a non-ASCII character). */
  private matchAt(i: number): number {
    SCAN_AT.lastIndex = i;
    const m = SCAN_AT.exec(this.text);
    if (m === null) return END;
    const kind = m[1] !== undefined ? EMOTICON : m[2] !== undefined ? WORD : m[3] !== undefined ? EMOJI : m[4] !== undefined ? STOP : CLAUSE;
    return this.found(i, i + m[0].length, kind);
  }

  private found(start: number, end: number, kind: number): number {
    this.start = start;
    this.end = end;
    this.position = end;
    return (this.kind = kind);
  }
}

function isSpaceAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c === 32 || (c >= 9 && c <= 13) || (c >= 128 && SPACE.test(text.charAt(i)));
}

function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
}

function isStopChar(c: number): boolean {
  return c === 46 || c === 33 || c === 63 || c === 10;
}

/** , ; : ( ) " */
function isClauseChar(c: number): boolean {
  return c === 44 || c === 59 || c === 58 || c === 40 || c === 41 || c === 34;
}

/** End of the emoticon starting at `i` when one stands there followed by the end, a space or . , ! ?; else 0. */
function emoticonEnd(text: string, i: number): number {
  for (const emoticon of EMOTICONS_BY_LENGTH) {
    if (!text.startsWith(emoticon, i)) continue;
    const after = i + emoticon.length;
    if (after === text.length) return after;
    const c = text.charCodeAt(after);
    if (c === 46 || c === 44 || c === 33 || c === 63 || isSpaceAt(text, after)) return after;
  }
  return 0;
}

/**
 * End of the word starting at `i`: alphanumerics, joined through runs of ' or * that have more after them.
 * A non-ASCII character where the word could go on hands the word to the regex (it may be a letter).
 */
function wordEnd(text: string, i: number): number {
  const n = text.length;
  let j = i + 1;
  while (j < n && isWordChar(text.charCodeAt(j))) j++;
  for (;;) {
    let k = j;
    while (k < n && (text.charCodeAt(k) === 39 || text.charCodeAt(k) === 42)) k++;
    if (k < n && text.charCodeAt(k) >= 128) return regexWordEnd(text, i);
    if (k === j || k >= n || !isWordChar(text.charCodeAt(k))) return j;
    j = k + 1;
    while (j < n && isWordChar(text.charCodeAt(j))) j++;
  }
}

function regexWordEnd(text: string, i: number): number {
  WORD_AT.lastIndex = i;
  const m = WORD_AT.exec(text);
  if (m === null) throw new Error(`sentiment scan: no word at ${i} although one starts there`);
  return i + m[0].length;
}
