/**
 * HTML entity and literal Unicode escape decoding. Comments arrive from publishers' CMSs that often escape them
 * once; a compact table of the named entities seen in comment text is enough (unknown names are left as typed).
 */
const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', shy: '\u00ad',
  copy: '©', reg: '®', trade: '™', hellip: '…', mdash: '—', ndash: '–', bull: '•', middot: '·',
  lsquo: '‘', rsquo: '’', sbquo: '‚', ldquo: '“', rdquo: '”', bdquo: '„', laquo: '«', raquo: '»',
  euro: '€', pound: '£', yen: '¥', cent: '¢', deg: '°', times: '×', divide: '÷', plusmn: '±',
  para: '¶', sect: '§', frac12: '½', frac14: '¼', frac34: '¾', iexcl: '¡', iquest: '¿',
  hearts: '♥', spades: '♠', clubs: '♣', diams: '♦', larr: '←', rarr: '→', uarr: '↑', darr: '↓',
  zwj: '\u200d', zwnj: '\u200c', lrm: '\u200e', rlm: '\u200f', ensp: '\u2002', emsp: '\u2003', thinsp: '\u2009',
  aacute: 'á', agrave: 'à', acirc: 'â', atilde: 'ã', auml: 'ä', aring: 'å', aelig: 'æ', ccedil: 'ç',
  eacute: 'é', egrave: 'è', ecirc: 'ê', euml: 'ë', iacute: 'í', igrave: 'ì', icirc: 'î', iuml: 'ï',
  ntilde: 'ñ', oacute: 'ó', ograve: 'ò', ocirc: 'ô', otilde: 'õ', ouml: 'ö', oslash: 'ø',
  uacute: 'ú', ugrave: 'ù', ucirc: 'û', uuml: 'ü', yacute: 'ý', yuml: 'ÿ', szlig: 'ß',
  Aacute: 'Á', Agrave: 'À', Auml: 'Ä', Eacute: 'É', Egrave: 'È', Ntilde: 'Ñ', Ouml: 'Ö', Uuml: 'Ü', Ccedil: 'Ç',
};

/** Sticky: matched at a known '&' position only, so decoding costs nothing on text without entities. */
const ENTITY = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));/y;

/** Decodes the entity starting at `at` (which holds '&'); returns the text and the length consumed, or undefined. */
export function decodeEntityAt(text: string, at: number): { value: string; length: number } | undefined {
  ENTITY.lastIndex = at;
  const m = ENTITY.exec(text);
  if (!m) return undefined;
  let value: string | undefined;
  if (m[1] !== undefined || m[2] !== undefined) {
    const code = m[1] !== undefined ? Number.parseInt(m[1], 10) : Number.parseInt(m[2] ?? '', 16);
    const valid = code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
    value = valid ? String.fromCodePoint(code) : '\ufffd';
  } else if (m[3] !== undefined) {
    value = NAMED[m[3]] ?? NAMED[m[3].toLowerCase()];
  }
  return value === undefined ? undefined : { value, length: m[0].length };
}

/** Sticky: a JavaScript/JSON escape `\uXXXX`, and an optional second one for the low half of a surrogate pair. */
const UNICODE_ESCAPE = /\\u([0-9a-fA-F]{4})(?:\\u([dD][c-fC-F][0-9a-fA-F]{2}))?/y;

/**
 * Decodes a literal `\u2019`-style escape at `at` (which holds a backslash). Text that went through JSON
 * encoding twice upstream arrives like this ("don\u2019t"), which splits words and hides negations. Control
 * characters and unpaired surrogates are not decoded: they are left as typed.
 */
export function decodeUnicodeEscapeAt(text: string, at: number): { value: string; length: number } | undefined {
  UNICODE_ESCAPE.lastIndex = at;
  const m = UNICODE_ESCAPE.exec(text);
  if (!m) return undefined;
  const high = Number.parseInt(m[1] ?? '', 16);
  if (high >= 0xd800 && high <= 0xdbff) {
    if (m[2] === undefined) return undefined;
    return { value: String.fromCharCode(high, Number.parseInt(m[2], 16)), length: m[0].length };
  }
  if (high < 0x20 || (high >= 0x7f && high < 0xa0) || (high >= 0xdc00 && high <= 0xdfff)) return undefined;
  return { value: String.fromCharCode(high), length: 6 };
}
