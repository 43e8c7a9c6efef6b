import { decodeEntityAt } from './entities.js';

/**
 * Stage 1 of normalization: the display form (NFKC, entities decoded, invisible characters removed, whitespace
 * collapsed) together with, for every UTF-16 unit of it, the [start, end) range in the original text it came from.
 */
export interface MappedText {
  text: string;
  starts: number[];
  ends: number[];
}

/** Zero-width, bidi controls, soft hyphen, BOM, fillers, variation selectors, C0/C1 controls other than whitespace. */
const INVISIBLE_RANGES: ReadonlyArray<[number, number]> = [
  [0x00, 0x08], [0x0e, 0x1f], [0x7f, 0x9f], [0xad, 0xad], [0x34f, 0x34f], [0x61c, 0x61c], [0x115f, 0x1160],
  [0x17b4, 0x17b5], [0x180b, 0x180e], [0x200b, 0x200f], [0x202a, 0x202e], [0x2060, 0x206f], [0x3164, 0x3164],
  [0xfe00, 0xfe0e], [0xfeff, 0xfeff], [0xffa0, 0xffa0],
];
const INVISIBLE = {
  test(ch: string): boolean {
    const code = ch.codePointAt(0) ?? 0;
    for (const [from, to] of INVISIBLE_RANGES) if (code >= from && code <= to) return true;
    return false;
  },
};
const SPACE = /\s/;
const MARK = /\p{M}/u;
const PICTOGRAPH = /\p{Extended_Pictographic}/u;
const ZWJ = '\u200d';

export function toDisplay(original: string): MappedText {
  const out: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  let pendingSpace = '';
  let pendingAt = 0;
  const emit = (value: string, start: number, end: number): void => {
    if (pendingSpace !== '' && out.length > 0) {
      out.push(pendingSpace);
      starts.push(pendingAt);
      ends.push(pendingAt + 1);
    }
    pendingSpace = '';
    for (let k = 0; k < value.length; k++) {
      out.push(value[k] ?? '');
      starts.push(start);
      ends.push(end);
    }
  };
  const addSpace = (ch: string, at: number): void => {
    if (pendingSpace === '') pendingAt = at;
    if (ch === '\n' || ch === '\r' || ch === '\u2028' || ch === '\u2029') pendingSpace = '\n';
    else if (pendingSpace === '') pendingSpace = ' ';
  };

  let i = 0;
  while (i < original.length) {
    const code = original.charCodeAt(i);
    if (code >= 0x21 && code <= 0x7e && code !== 0x26) {
      emit(original[i] ?? '', i, i + 1);
      i++;
      continue;
    }
    if (code === 0x26) {
      const entity = decodeEntityAt(original, i);
      const len = entity?.length ?? 1;
      const value = entity ? entity.value.normalize('NFKC') : '&';
      if (SPACE.test(value)) addSpace(value, i);
      else if (!INVISIBLE.test(value) && value !== ZWJ) emit(value, i, i + len);
      i += len;
      continue;
    }
    const cp = original.codePointAt(i) ?? code;
    const ch = String.fromCodePoint(cp);
    if (SPACE.test(ch)) {
      addSpace(ch, i);
      i += ch.length;
      continue;
    }
    if (ch === ZWJ) {
      // Kept only inside emoji sequences (👨‍👩‍👧); anywhere else it is an evasion trick.
      const next = original.codePointAt(i + 1);
      const prev = lastCodePoint(out);
      const prevIsEmoji = PICTOGRAPH.test(prev) || prev === '\ufe0f';
      if (pendingSpace === '' && prevIsEmoji && next !== undefined && PICTOGRAPH.test(String.fromCodePoint(next))) emit(ZWJ, i, i + 1);
      i += 1;
      continue;
    }
    if (INVISIBLE.test(ch)) {
      i += ch.length;
      continue;
    }
    // Take the base character with its combining marks so NFKC can compose them.
    let end = i + ch.length;
    while (end < original.length) {
      const m = original.codePointAt(end) ?? 0;
      const mc = String.fromCodePoint(m);
      if (!MARK.test(mc) || INVISIBLE.test(mc)) break;
      end += mc.length;
    }
    const cluster = original.slice(i, end);
    const value = cluster.length === 1 && code < 0x80 ? cluster : cluster.normalize('NFKC');
    if (SPACE.test(value)) addSpace(value, i);
    else emit(value, i, end);
    i = end;
  }
  return { text: out.join(''), starts, ends };
}

function lastCodePoint(units: string[]): string {
  const last = units[units.length - 1] ?? '';
  const before = units[units.length - 2] ?? '';
  const code = last.charCodeAt(0);
  return code >= 0xdc00 && code <= 0xdfff ? before + last : last;
}
