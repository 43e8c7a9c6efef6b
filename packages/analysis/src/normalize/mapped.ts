/**
 * Text under construction as parallel arrays: for each UTF-16 unit (or code point, in the lower-case stage) the
 * [start, end) range in the original text it came from. The arrays are scratch space owned by one stage and
 * reused by the next call (normalization is synchronous and never re-entered), so the hot path allocates
 * nothing per character; only `length` entries are meaningful.
 */
export interface MappedUnits {
  units: number[];
  starts: number[];
  ends: number[];
  length: number;
}

export interface MappedText extends MappedUnits {
  text: string;
}

export function mappedUnits(): MappedUnits {
  return { units: [], starts: [], ends: [], length: 0 };
}

/** Arguments per String.fromCharCode call, well under engines' argument limits. */
const CHUNK = 8192;

/** The string of UTF-16 units[0, length) (lone surrogates kept as they are). */
export function unitsToString(units: readonly number[], length: number): string {
  let text = '';
  for (let k = 0; k < length; k += CHUNK) text += String.fromCharCode.apply(null, units.slice(k, Math.min(length, k + CHUNK)));
  return text;
}

/** The string of code points cps[from, to). */
export function codePointsToString(cps: readonly number[], from: number, to: number): string {
  let text = '';
  for (let k = from; k < to; k += CHUNK) text += String.fromCodePoint(...cps.slice(k, Math.min(to, k + CHUNK)));
  return text;
}

/** The code point at `i` of a UTF-16 unit array, as String.prototype.codePointAt reads it. */
export function codePointAt(units: readonly number[], length: number, i: number): number {
  const unit = units[i] ?? 0;
  if (unit < 0xd800 || unit > 0xdbff || i + 1 >= length) return unit;
  const next = units[i + 1] ?? 0;
  return next >= 0xdc00 && next <= 0xdfff ? (unit - 0xd800) * 0x400 + (next - 0xdc00) + 0x10000 : unit;
}
