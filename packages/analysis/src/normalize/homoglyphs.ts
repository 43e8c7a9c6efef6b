/**
 * Letters from other scripts that look like Latin ones (Cyrillic, Greek, a few IPA/Latin-extended), used by
 * spammers to dodge keyword filters ("frее" with Cyrillic е). Mathematical and fullwidth variants are already
 * handled by NFKC. Folded only inside tokens that also contain Latin letters (or in mostly-Latin texts), so real
 * Russian or Greek words are left intact.
 */
const PAIRS =
  // Cyrillic lower / upper
  'аa еe оo рp сc уy хx іi јj ѕs ԁd һh ӏl ԛq ԝw ɡg ьb ʏy ѵv ӕæ ' +
  'АA ВB ЕE КK МM НH ОO РP СC ТT ХX УY ІI ЈJ ЅS ԌG ԚQ ԜW ' +
  // Greek lower / upper
  'αa βb εe ιi κk νv οo ρp τt υu χx γy ωw ' +
  'ΑA ΒB ΕE ΖZ ΗH ΙI ΚK ΜM ΝN ΟO ΡP ΤT ΥY ΧX ' +
  // Latin look-alikes outside the basic letters
  'ıi ȷj ɑa ɩi ɪi ʟl ᴄc ᴏo ᴘp ᴛt ᴜu ᴠv ᴡw ᴢz';

export const HOMOGLYPHS: ReadonlyMap<string, string> = new Map(
  PAIRS.split(' ').filter((p) => p.length > 0).map((p) => [[...p][0] ?? '', ([...p][1] ?? '').toLowerCase()]),
);

/** The same table by code point, for the folding scanner. */
export const HOMOGLYPH_CODES: ReadonlyMap<number, number> = new Map(
  [...HOMOGLYPHS].map(([from, to]) => [from.codePointAt(0) ?? 0, to.codePointAt(0) ?? 0]),
);

/** Greek and Cyrillic blocks (U+0370–U+052F). */
export function isGreekOrCyrillic(cp: number): boolean {
  return cp >= 0x370 && cp <= 0x52f;
}
