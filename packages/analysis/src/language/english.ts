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

export function englishCoverage(tokens: readonly string[]): number {
  if (tokens.length === 0) return 0;
  let hits = 0;
  for (const t of tokens) if (isEnglishWord(t)) hits++;
  return hits / tokens.length;
}

const SUFFIX = /(?:ing|ed|es|s|er|ly)$/;

function known(word: string): boolean {
  return FUNCTION_WORDS.has(word) || AFINN.has(word);
}

function isEnglishWord(token: string): boolean {
  if (known(token)) return true;
  // Common inflections of listed words: "keeps" → keep, "getting" → get, "loved" → love.
  const stem = token.replace(SUFFIX, '');
  if (stem !== token && stem.length >= 2 && (known(stem) || known(stem.replace(/(.)\1$/, '$1')) || known(stem + 'e'))) {
    return true;
  }
  // Elongated spellings ("youuu", "sooo") after the normalizer's collapse to two letters.
  if (!/(.)\1/.test(token)) return false;
  return known(token.replace(/(.)\1+/g, '$1'));
}
