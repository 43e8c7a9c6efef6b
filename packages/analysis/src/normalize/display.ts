import { charFlags, INVISIBLE, MARK, PICTOGRAPH, SPACE, startsInvisible } from './chars.js';
import { decodeEntityAt, decodeUnicodeEscapeAt } from './entities.js';
import { mappedUnits, unitsToString, type MappedText } from './mapped.js';

export interface DisplayText extends MappedText {
  /** Every unit is ASCII (so one unit is one code point and lower-casing keeps lengths). */
  ascii: boolean;
}

/**
 * Stage 1 of normalization: the display form (NFKC, entities decoded, invisible characters removed, whitespace
 * collapsed) together with, for every UTF-16 unit of it, the [start, end) range in the original text it came from.
 *
 * Whitespace is held back as one pending space (a newline if the run had a line break) and written only before
 * the next visible character, so runs collapse and edges are trimmed. Printable ASCII and single spaces take an
 * inline fast path; everything else goes through the handlers below, which share the state in `state`.
 */
const HAS_SPACE = /\s/;
const ZWJ = 0x200d;
const NEWLINE = 10;
const BLANK = 32;
const AMPERSAND = 0x26;
const BACKSLASH = 0x5c;

const state = {
  out: mappedUnits(),
  pendingSpace: 0,
  pendingAt: 0,
  /** Nothing so far differs from the original but dropped edges (checked against the length at the end). */
  exact: true,
  ascii: true,
};

function flushSpace(): void {
  const { out } = state;
  if (state.pendingSpace !== 0 && out.length > 0) {
    const at = out.length++;
    out.units[at] = state.pendingSpace;
    out.starts[at] = state.pendingAt;
    out.ends[at] = state.pendingAt + 1;
  }
  state.pendingSpace = 0;
}

function addSpace(isLineBreak: boolean, at: number): void {
  if (state.pendingSpace === 0) state.pendingAt = at;
  if (isLineBreak) state.pendingSpace = NEWLINE;
  else if (state.pendingSpace === 0) state.pendingSpace = BLANK;
}

function emit(value: string, start: number, end: number): void {
  flushSpace();
  const { out } = state;
  for (let k = 0; k < value.length; k++) {
    const unit = value.charCodeAt(k);
    if (unit >= 0x80) state.ascii = false;
    const at = out.length++;
    out.units[at] = unit;
    out.starts[at] = start;
    out.ends[at] = end;
  }
}

function isLineBreakValue(value: string): boolean {
  return value === '\n' || value === '\r' || value === '\u2028' || value === '\u2029';
}

/** The display form; its arrays are scratch space, valid until the next call. */
export function toDisplay(original: string): DisplayText {
  const { out } = state;
  const { units, starts, ends } = out;
  state.pendingSpace = 0;
  state.exact = true;
  state.ascii = true;
  let n = 0;
  let i = 0;
  const length = original.length;
  while (i < length) {
    const code = original.charCodeAt(i);
    if (code >= 0x21 && code <= 0x7e && code !== AMPERSAND && code !== BACKSLASH) {
      if (state.pendingSpace !== 0) {
        if (n > 0) {
          units[n] = state.pendingSpace;
          starts[n] = state.pendingAt;
          ends[n++] = state.pendingAt + 1;
        }
        state.pendingSpace = 0;
      }
      units[n] = code;
      starts[n] = i;
      ends[n++] = ++i;
    } else if (code === BLANK && state.pendingSpace === 0) {
      state.pendingSpace = BLANK;
      state.pendingAt = i++;
    } else {
      out.length = n;
      i = slowAt(original, i, code);
      n = out.length;
    }
  }
  out.length = n;
  const text = state.exact && n === length ? original : unitsToString(units, n);
  return { text, units, starts, ends, length: n, ascii: state.ascii };
}

/** Everything but printable ASCII and a first space: entities, escapes, whitespace runs, controls, non-ASCII. */
function slowAt(original: string, i: number, code: number): number {
  if (code >= 0x80) return nonAsciiAt(original, i);
  if (code === BACKSLASH) return backslashAt(original, i);
  state.exact = false;
  if (code === AMPERSAND) return entityAt(original, i);
  // ASCII whitespace or control character.
  if ((charFlags(code) & SPACE) !== 0) addSpace(code === 10 || code === 13, i);
  return i + 1;
}

function entityAt(original: string, i: number): number {
  const entity = decodeEntityAt(original, i);
  return emitDecoded(entity ? entity.value : '&', i, entity?.length ?? 1);
}

/** A backslash: a literal `\\uXXXX` escape is decoded; any other backslash is kept and keeps the text exact. */
function backslashAt(original: string, i: number): number {
  const escape = decodeUnicodeEscapeAt(original, i);
  if (!escape) {
    emit('\\', i, i + 1);
    return i + 1;
  }
  state.exact = false;
  return emitDecoded(escape.value, i, escape.length);
}

/** Writes decoded text that replaces original[i, i + length) as spaces, nothing (invisible) or characters. */
function emitDecoded(decoded: string, i: number, length: number): number {
  const value = decoded.normalize('NFKC');
  if (HAS_SPACE.test(value)) addSpace(isLineBreakValue(value), i);
  else if (!startsInvisible(value) && value !== '\u200d') emit(value, i, i + length);
  return i + length;
}

function nonAsciiAt(original: string, i: number): number {
  const wasExact = state.exact;
  state.exact = false;
  const cp = original.codePointAt(i) ?? 0;
  const width = cp > 0xffff ? 2 : 1;
  const flags = charFlags(cp);
  if ((flags & SPACE) !== 0) {
    addSpace(cp === 0x2028 || cp === 0x2029, i);
    return i + width;
  }
  if (cp === ZWJ) {
    // Kept only inside emoji sequences (👨‍👩‍👧); anywhere else it is an evasion trick.
    if (state.pendingSpace === 0 && joinsEmoji(original.codePointAt(i + 1))) emit('\u200d', i, i + 1);
    return i + 1;
  }
  if ((flags & INVISIBLE) !== 0) return i + width;
  // Take the base character with its combining marks so NFKC can compose them.
  let end = i + width;
  while (end < original.length) {
    const mark = original.codePointAt(end) ?? 0;
    const markFlags = charFlags(mark);
    if ((markFlags & MARK) === 0 || (markFlags & INVISIBLE) !== 0) break;
    end += mark > 0xffff ? 2 : 1;
  }
  const single = end === i + width;
  const value = single ? nfkcOf(cp) : original.slice(i, end).normalize('NFKC');
  if (HAS_SPACE.test(value)) addSpace(isLineBreakValue(value), i);
  else {
    emit(value, i, end);
    // An emoji or letter that NFKC leaves alone keeps the display identical to the original.
    if (single && value.length === width && value.codePointAt(0) === cp) state.exact = wasExact;
  }
  return end;
}

const PICTOGRAPH_IN = /\p{Extended_Pictographic}/u;

/** Whether a ZWJ after the display text so far and before the next code point joins two emoji. */
function joinsEmoji(next: number | undefined): boolean {
  const { out } = state;
  if (next === undefined || (charFlags(next) & PICTOGRAPH) === 0 || out.length === 0) return false;
  const last = out.units[out.length - 1] ?? 0;
  const lowSurrogate = last >= 0xdc00 && last <= 0xdfff && out.length > 1;
  const prev = lowSurrogate ? String.fromCharCode(out.units[out.length - 2] ?? 0, last) : String.fromCharCode(last);
  return PICTOGRAPH_IN.test(prev) || prev === '\ufe0f';
}

/** NFKC of single code points, remembered: the same emoji and letters recur in every comment. */
const NFKC = new Map<number, string>();
const NFKC_LIMIT = 10_000;

function nfkcOf(cp: number): string {
  let value = NFKC.get(cp);
  if (value === undefined) {
    value = String.fromCodePoint(cp).normalize('NFKC');
    if (NFKC.size < NFKC_LIMIT) NFKC.set(cp, value);
  }
  return value;
}
