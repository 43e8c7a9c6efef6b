import { ALNUM, CANDIDATE, charFlags, LATIN, LEET_TRIGGER, LETTER, NON_ASCII } from './chars.js';
import { FoldedBuilder } from './folded-builder.js';
import { HOMOGLYPH_CODES, isGreekOrCyrillic } from './homoglyphs.js';
import { LEET_CODES, shouldFoldLeet } from './leet.js';
import type { DisplayText } from './display.js';
import { codePointAt, codePointsToString, type MappedText } from './mapped.js';

/**
 * Stage 2 of normalization: the matching form. Case folded, Latin diacritics stripped, homoglyphs and leetspeak
 * folded inside word tokens, 3+ repeats of a character collapsed to 2. Links, e-mail addresses and @mentions are
 * copied unchanged (lower-cased) so link parsing still works on the folded text.
 *
 * A char-code scanner over parallel arrays (code point, original start, original end): no per-character objects
 * or strings on the common path.
 */
const LINK_LIKE = /(?:\/\/|www\.|[\p{L}\p{N}]\.(?:[a-z]{2,})(?:[/:?#]|$)|@[^\s@]*\.[a-z]{2,})/u;
const MARKS = /\p{M}/gu;
const BLANK = 32;
const NEWLINE = 10;

/** Code points of the lower-cased display text with their original ranges (scratch space, reused per call). */
interface Units {
  cps: number[];
  starts: number[];
  ends: number[];
  length: number;
  nonAscii: boolean;
}

/** Lower-case one non-ASCII code point, strip diacritics from Latin letters, fold typographic apostrophes. */
function foldNonAscii(cp: number): string {
  const ch = String.fromCodePoint(cp);
  if (ch === '’' || ch === '‘' || ch === 'ʼ') return "'";
  const lower = ch.toLowerCase();
  const code = ch.charCodeAt(0);
  if ((code >= 0xc0 && code <= 0x24f) || (code >= 0x1e00 && code <= 0x1eff)) return lower.normalize('NFD').replace(MARKS, '');
  return lower;
}

const foldCache = new Map<number, number[]>();
const FOLD_CACHE_LIMIT = 10_000;

function foldedCodePoints(cp: number): number[] {
  let folded = foldCache.get(cp);
  if (folded === undefined) {
    folded = [];
    for (const f of foldNonAscii(cp)) folded.push(f.codePointAt(0) ?? 0);
    if (foldCache.size < FOLD_CACHE_LIMIT) foldCache.set(cp, folded);
  }
  return folded;
}

const lower: Units = { cps: [], starts: [], ends: [], length: 0, nonAscii: false };
const lowerOwnStarts: number[] = [];
const lowerOwnEnds: number[] = [];

function lowerMixed(display: MappedText): Units {
  const { units, starts, ends, length } = display;
  const { cps } = lower;
  lower.starts = lowerOwnStarts;
  lower.ends = lowerOwnEnds;
  lower.nonAscii = false;
  let n = 0;
  for (let i = 0; i < length; ) {
    const code = units[i] ?? 0;
    const start = starts[i] ?? 0;
    if (code < 0x80) {
      cps[n] = code >= 65 && code <= 90 ? code + 32 : code;
      lowerOwnStarts[n] = start;
      lowerOwnEnds[n++] = ends[i] ?? start;
      i++;
      continue;
    }
    const cp = codePointAt(units, length, i);
    const width = cp > 0xffff ? 2 : 1;
    const end = ends[i + width - 1] ?? start;
    for (const f of foldedCodePoints(cp)) {
      cps[n] = f;
      lowerOwnStarts[n] = start;
      lowerOwnEnds[n++] = end;
      if (f >= 0x80) lower.nonAscii = true;
    }
    i += width;
  }
  lower.length = n;
  return lower;
}

function mostlyLatin(cps: readonly number[], length: number): boolean {
  let latin = 0;
  let other = 0;
  for (let k = 0; k < length; k++) {
    const cp = cps[k] ?? 0;
    if ((charFlags(cp) & LATIN) !== 0) latin++;
    else if (isGreekOrCyrillic(cp)) other++;
  }
  return latin > other;
}

const builder = new FoldedBuilder();

/** The folded form; its arrays are scratch space, valid until the next call. */
export function toFolded(display: DisplayText): MappedText {
  builder.reset();
  if (display.ascii) {
    foldAscii(display);
    return builder.finish(display.text);
  }
  const units = lowerMixed(display);
  const docLatin = units.nonAscii ? mostlyLatin(units.cps, units.length) : true;
  for (let u = 0; u < units.length; ) {
    const cp = units.cps[u] ?? 0;
    if (cp === BLANK || cp === NEWLINE) pushUnit(units, u++, builder, true);
    else u = foldWhitespaceChunk(units, u, docLatin);
  }
  return builder.finish();
}

/**
 * An ASCII display: one code point per unit, so it is lower-cased on the fly and keeps the display's ranges.
 * Chunks of plain letters and punctuation are copied in one pass; the others get the full chunk rules.
 */
function foldAscii(display: DisplayText): void {
  const { units, starts, ends, length } = display;
  lower.starts = starts;
  lower.ends = ends;
  lower.length = length;
  lower.nonAscii = false;
  const { cps } = lower;
  let u = 0;
  while (u < length) {
    const code = units[u] ?? 0;
    if (code === BLANK || code === NEWLINE) {
      const start = starts[u] ?? 0;
      builder.push(code, start, ends[u] ?? start, true);
      u++;
      continue;
    }
    const plainEnd = builder.pushPlainAsciiChunk(units, starts, ends, u, length);
    if (plainEnd >= 0) {
      u = plainEnd;
      continue;
    }
    // Lower-case the chunk and the space that ends it, for the general rules to read.
    for (let k = u; k < length; k++) {
      const c = units[k] ?? 0;
      cps[k] = c >= 65 && c <= 90 ? c + 32 : c;
      if (c === BLANK || c === NEWLINE) break;
    }
    u = foldWhitespaceChunk(lower, u, true);
  }
}

/** Folds the whitespace-separated chunk of `units` starting at `from`; returns its end. */
function foldWhitespaceChunk(units: Units, from: number, docLatin: boolean): number {
  const { cps, length } = units;
  // Only a chunk holding '.' or '/' can look like a link.
  let end = from;
  let maybeLink = false;
  let flags = 0;
  for (let c = cps[from] ?? BLANK; end < length && c !== BLANK && c !== NEWLINE; c = cps[++end] ?? BLANK) {
    if (c === 0x2e || c === 0x2f) maybeLink = true;
    flags |= charFlags(c);
  }
  if (maybeLink && LINK_LIKE.test(codePointsToString(cps, from, end))) {
    builder.pushRange(cps, units.starts, units.ends, from, end, false);
  } else if ((flags & (NON_ASCII | LEET_TRIGGER)) === 0) {
    // No homoglyph or leet character: every unit is copied as it is (repeats collapsed).
    builder.pushRange(cps, units.starts, units.ends, from, end, true);
  } else foldChunk(units, from, end, docLatin, builder);
  return end;
}

function pushUnit(units: Units, k: number, builder: FoldedBuilder, collapse: boolean): void {
  const start = units.starts[k] ?? 0;
  builder.push(units.cps[k] ?? 0, start, units.ends[k] ?? start, collapse);
}

/** Folds each maximal run of candidate characters (letters, digits, leet symbols) of chunk [from, to). */
function foldChunk(units: Units, from: number, to: number, docLatin: boolean, builder: FoldedBuilder): void {
  const { cps } = units;
  let k = from;
  while (k < to) {
    let flags = charFlags(cps[k] ?? 0);
    if ((flags & CANDIDATE) === 0) {
      pushUnit(units, k, builder, true);
      k++;
      continue;
    }
    let runEnd = k + 1;
    for (; runEnd < to; runEnd++) {
      const next = charFlags(cps[runEnd] ?? 0);
      if ((next & CANDIDATE) === 0) break;
      flags |= next;
    }
    foldCandidate(units, k, runEnd, docLatin, flags, builder);
    k = runEnd;
  }
}

const isAlnum = (cp: number): boolean => (charFlags(cp) & ALNUM) !== 0;

/**
 * A run of letters, digits and leet symbols: trim edge punctuation, then fold homoglyphs and leet in the core.
 * `runFlags` (the union of the run's character classes) skips both tests for plain ASCII words.
 */
function foldCandidate(
  units: Units, from: number, to: number, docLatin: boolean, runFlags: number, builder: FoldedBuilder,
): void {
  const { cps } = units;
  let lead = from;
  while (lead < to && !isAlnum(cps[lead] ?? 0)) lead++;
  // "$hit": a dollar sign right before a letter is leet; "@name" is a mention and stays as typed.
  if (lead > from && cps[lead - 1] === 0x24 && lead < to && (charFlags(cps[lead] ?? 0) & LETTER) !== 0) lead--;
  let trail = to;
  while (trail > lead && !isAlnum(cps[trail - 1] ?? 0)) trail--;
  for (let k = from; k < lead; k++) pushUnit(units, k, builder, true);
  const mention = lead > from && cps[lead - 1] === 0x40;
  const foldHomoglyphs = !mention && (runFlags & NON_ASCII) !== 0 && shouldFoldHomoglyphs(cps, lead, trail, docLatin);
  const foldLeet = !mention && (runFlags & LEET_TRIGGER) !== 0 && coreShouldFoldLeet(cps, lead, trail);
  if (!foldHomoglyphs && !foldLeet) {
    for (let k = lead; k < trail; k++) pushUnit(units, k, builder, true);
  } else {
    for (let k = lead; k < trail; k++) {
      const typed = cps[k] ?? 0;
      let cp = typed;
      if (foldHomoglyphs) cp = HOMOGLYPH_CODES.get(cp) ?? cp;
      if (foldLeet) cp = LEET_CODES.get(cp) ?? cp;
      const start = units.starts[k] ?? 0;
      if (cp === typed) builder.push(cp, start, units.ends[k] ?? start, true);
      else builder.pushReplaced(cp, start, units.ends[k] ?? start);
    }
  }
  for (let k = trail; k < to; k++) pushUnit(units, k, builder, true);
}

function shouldFoldHomoglyphs(cps: readonly number[], from: number, to: number, docLatin: boolean): boolean {
  let latin = false;
  let confusable = false;
  let otherScript = false;
  for (let k = from; k < to; k++) {
    const cp = cps[k] ?? 0;
    if (cp < 0x80) latin ||= cp >= 0x61 && cp <= 0x7a;
    else if (HOMOGLYPH_CODES.has(cp)) confusable = true;
    else if (isGreekOrCyrillic(cp)) otherScript = true;
  }
  if (!confusable) return false;
  // Mixed-script word, or a word made only of look-alikes in an otherwise Latin text.
  return latin || (!otherScript && docLatin);
}

/** `shouldFoldLeet` on the core's text, built only for a core that mixes letters with leet characters. */
function coreShouldFoldLeet(cps: readonly number[], from: number, to: number): boolean {
  let flags = 0;
  for (let k = from; k < to; k++) flags |= charFlags(cps[k] ?? 0);
  return (flags & LEET_TRIGGER) !== 0 && (flags & LETTER) !== 0 && shouldFoldLeet(codePointsToString(cps, from, to));
}
