import { AFINN } from '../sentiment/lexicon.js';

/**
 * How English a token list looks: the share of tokens that are common English function words or AFINN entries.
 * franc is unreliable below a few dozen characters (it calls "Hope this works" Zulu-adjacent), and most comments
 * are short, so this decides the common case before franc is asked.
 */
const FUNCTION_WORDS = new Set(
  ('a about above after again against all am an and any are as at be because been before being below between both ' +
    'but by can could did do does doing down during each few for from further had has have having he her here hers ' +
    'him his how i if in into is it its itself just me more most my no nor not now of off on once only or other our ' +
    'out over own same she should so some such than that the their them then there these they this those through to ' +
    'too under until up very was we were what when where which while who whom why will with would you your yours ' +
    "i'm it's don't can't won't isn't that's there's i've you're they're we're doesn't didn't im dont cant thats " +
    'lol omg wow yes yeah ok okay please thanks thank hope good great really think know like love people time ' +
    'one get got see make go going need want well also even still never always much many every way new first last ' +
    'day year man world life work right back look come say said use find give tell call try ask seem feel leave ' +
    'put mean keep let begin show hear play run move live believe bring happen write sit stand lose pay meet ' +
    'video song guys check subscribe channel watch views comment youtube music best'
  ).split(' '),
);

/** Listed words, merged at load so a lookup is one hash probe. */
const KNOWN: ReadonlySet<string> = new Set([...FUNCTION_WORDS, ...AFINN.keys()]);

/**
 * Verdicts for tokens seen so far, seeded with the listed words: comment vocabulary repeats, so most tokens are
 * decided by one lookup. Bounded; past the bound new tokens are decided by the rules every time (same answer).
 */
const verdicts = new Map<string, boolean>([...KNOWN].map((word) => [word, true]));
const VERDICTS_LIMIT = KNOWN.size + 50_000;

export function englishCoverage(tokens: readonly string[]): number {
  if (tokens.length === 0) return 0;
  let hits = 0;
  for (const token of tokens) {
    let english = verdicts.get(token);
    if (english === undefined) {
      english = isEnglishWord(token);
      if (verdicts.size < VERDICTS_LIMIT) verdicts.set(token, english);
    }
    if (english) hits++;
  }
  return hits / tokens.length;
}

function known(word: string): boolean {
  return KNOWN.has(word);
}

function isEnglishWord(token: string): boolean {
  if (known(token)) return true;
  // Common inflections of listed words: "keeps" → keep, "getting" → get, "loved" → love.
  const stem = token.slice(0, token.length - suffixLength(token));
  if (stem !== token && stem.length >= 2 && (known(stem) || known(withoutDoubledLast(stem)) || known(stem + 'e'))) {
    return true;
  }
  // Elongated spellings ("youuu", "sooo") after the normalizer's collapse to two letters.
  if (!hasDoubledUnit(token)) return false;
  return known(collapseRuns(token));
}

/** Length of the inflection ending `token`: the longest of -ing, -ed/-es/-er/-ly, -s (regex `(?:ing|ed|es|s|er|ly)$`). */
function suffixLength(token: string): number {
  if (token.endsWith('ing')) return 3;
  if (token.endsWith('ed') || token.endsWith('es') || token.endsWith('er') || token.endsWith('ly')) return 2;
  return token.endsWith('s') ? 1 : 0;
}

/** Line terminators, which the regex `.` the rules were first written with does not match. */
function isLineTerminator(code: number): boolean {
  return code === 10 || code === 13 || code === 0x2028 || code === 0x2029;
}

/** "stopp" → "stop": drops the last UTF-16 unit when it repeats the one before. */
function withoutDoubledLast(word: string): string {
  const n = word.length;
  const last = word.charCodeAt(n - 1);
  return n >= 2 && last === word.charCodeAt(n - 2) && !isLineTerminator(last) ? word.slice(0, n - 1) : word;
}

function hasDoubledUnit(word: string): boolean {
  for (let i = 1; i < word.length; i++) {
    const code = word.charCodeAt(i);
    if (code === word.charCodeAt(i - 1) && !isLineTerminator(code)) return true;
  }
  return false;
}

/** "yoouu" → "you": every run of one repeated UTF-16 unit down to one. */
function collapseRuns(word: string): string {
  let out = '';
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    if (i === 0 || code !== word.charCodeAt(i - 1) || isLineTerminator(code)) out += word[i];
  }
  return out;
}
