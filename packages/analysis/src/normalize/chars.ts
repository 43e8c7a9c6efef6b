/**
 * Per-code-point character classes for the normalizer's scanners, so hot loops test a bit in a table instead of
 * running a Unicode regex on a one-character string. ASCII is tabulated at load; other code points are classified
 * with the same regexes on first sight and remembered (the answer never changes, so results are identical).
 */
export const LETTER = 1;
export const NUMBER = 2;
export const MARK = 4;
export const LATIN = 8;
export const PICTOGRAPH = 16;
export const SPACE = 32;
export const INVISIBLE = 64;
/** `[\p{L}\p{N}$@!|+*'’]`: what a word-like run (letters, digits, leetspeak symbols) is made of. */
export const CANDIDATE = 128;
/** `[0-9@$!|+]`: characters that make a token leetspeak. */
export const LEET_TRIGGER = 256;
export const NON_ASCII = 512;
const KNOWN = 1024;
export const ALNUM = LETTER | NUMBER;

/** Zero-width, bidi controls, soft hyphen, BOM, fillers, variation selectors, C0/C1 controls other than whitespace. */
const INVISIBLE_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x00, 0x08], [0x0e, 0x1f], [0x7f, 0x9f], [0xad, 0xad], [0x34f, 0x34f], [0x61c, 0x61c], [0x115f, 0x1160],
  [0x17b4, 0x17b5], [0x180b, 0x180e], [0x200b, 0x200f], [0x202a, 0x202e], [0x2060, 0x206f], [0x3164, 0x3164],
  [0xfe00, 0xfe0e], [0xfeff, 0xfeff], [0xffa0, 0xffa0],
];

const TESTS: ReadonlyArray<readonly [RegExp, number]> = [
  [/\p{L}/u, LETTER], [/\p{N}/u, NUMBER], [/\p{M}/u, MARK], [/\p{Script=Latin}/u, LATIN],
  [/\p{Extended_Pictographic}/u, PICTOGRAPH], [/\s/u, SPACE], [/[\p{L}\p{N}$@!|+*'’]/u, CANDIDATE],
  [/[0-9@$!|+]/u, LEET_TRIGGER],
];

function classify(cp: number): number {
  const ch = String.fromCodePoint(cp);
  let flags = KNOWN | (cp >= 0x80 ? NON_ASCII : 0);
  for (const [test, flag] of TESTS) if (test.test(ch)) flags |= flag;
  for (const [from, to] of INVISIBLE_RANGES) if (cp >= from && cp <= to) flags |= INVISIBLE;
  return flags;
}

const BMP = new Uint16Array(0x10000);
for (let cp = 0; cp < 0x80; cp++) BMP[cp] = classify(cp);
/** Astral code points seen so far (mostly emoji); bounded so odd input cannot grow it without limit. */
const ASTRAL = new Map<number, number>();
const ASTRAL_LIMIT = 4096;

/** The class bits of a code point (lone surrogates included: they have none). Small, so V8 inlines it. */
export function charFlags(cp: number): number {
  const known = cp < 0x10000 ? (BMP[cp] ?? 0) : 0;
  return known !== 0 ? known : unknownFlags(cp);
}

function unknownFlags(cp: number): number {
  if (cp < 0x10000) return (BMP[cp] = classify(cp));
  let flags = ASTRAL.get(cp);
  if (flags === undefined) {
    flags = classify(cp);
    if (ASTRAL.size < ASTRAL_LIMIT) ASTRAL.set(cp, flags);
  }
  return flags;
}

/** Whether the first code point of `text` is invisible (the rule the display stage applies to decoded values). */
export function startsInvisible(text: string): boolean {
  return (charFlags(text.codePointAt(0) ?? 0) & INVISIBLE) !== 0;
}
