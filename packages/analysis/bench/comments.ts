/**
 * Deterministic, realistic-looking reader comments for benchmarks. Words are drawn with a Zipf distribution
 * (rank r with probability ∝ 1/r) from a vocabulary of several thousand: common English words first, then the
 * seed article's words, the AFINN opinion words and seeded pseudo-words (names, slang, typos) in a seeded order.
 * So common words are shared as in real text while two comments rarely share a run of rarer words, and the
 * duplicate lookup sees the candidate rate of real comments (mostly none or one). Sentences get capitals and
 * punctuation; some comments carry an emoji, a link, an elongated or leetspeak word, or a shouted word.
 */
import { AFINN } from '../src/sentiment/lexicon.js';
import { COMMON_WORDS, zipfVocabulary, zipfWord, type ZipfVocabulary } from './zipf.js';

const COMMON = COMMON_WORDS;

/** Words of the project's seed article (Istanbul talks) and its comments. */
const SEED_ARTICLE = (
  'officials from pakistan and afghanistan are engaged in a crucial second round of talks in istanbul turkiye ' +
  'the high-level discussions are focused on resolving escalating border tensions and curbing cross-border ' +
  'terrorist activities that have strained relations between the two neighboring countries this meeting builds ' +
  'upon a temporary ceasefire agreement reached during the first round held in doha qatar primary objective ' +
  'establishment of concrete verifiable monitoring mechanism to counter terrorism originating from afghan soil ' +
  'repeatedly accused interim administration adequately addressing presence militant groups particularly ' +
  'liberation army islamabad claims territory launch attacks confirming participation remaining issues delegation ' +
  'deputy minister ministry interior composition disclosed understood senior military intelligence agencies ' +
  'foreign mediation efforts recent ongoing dialogue facilitated constructive roles mediated initial subsequent ' +
  'urgent following period intense deadly clashes along kilometer durand line disputed nations confrontations ' +
  'included airstrikes resulted numerous casualties significant deterioration bilateral since return power kabul ' +
  'contention halting establishing track prevent movements officially recognize international ensuring sharing ' +
  'coordination outlook lasting peace critical step towards transforming fragile truce structured expressed ' +
  'commitment stability outcome expected shape future security diplomatic preventing loss life fostering stable ' +
  'environment hoping essential trust finally serious effort de-escalate progress genuine capitals enforce ' +
  'agreements fixes concerns valid faces internal challenges implementation complex demand threats works always'
).split(' ');

const SYLLABLES = (
  'ka lo mi ra tu ne sa vi do be gor lan mer tis pon dra kel vin sho bar lu ze fi ro nak tem qua zil wen ' +
  'dor fen gal hur jas kor lim mor nis pel rik sul tor ul vex wyn yor zan'
).split(' ');
const EMOJI = ['😂', '👍', '🙏', '😡', '❤️', '🤔', '👏', '😢', '🔥', '💯'];
const LINKS = ['http://bit.ly/x3k9', 'https://www.example.com/news/123', 'www.peace-now.org', 'youtu.be/AbC12'];
const PSEUDO_WORDS = 3000;

/** A seeded generator of numbers in [0, 1) (mulberry32): the same seed gives the same comments in every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pseudoWord(next: () => number): string {
  let word = '';
  const syllables = 1 + Math.floor(next() * 3);
  for (let s = 0; s < syllables; s++) word += SYLLABLES[Math.floor(next() * SYLLABLES.length)] ?? 'ka';
  return word;
}

function makeVocabulary(): ZipfVocabulary {
  const next = seededRandom(2026);
  const seen = new Set(COMMON);
  const fresh = (w: string): boolean => /^[a-z][a-z'-]*$/.test(w) && !seen.has(w) && seen.add(w) !== undefined;
  // The article's words rank above the long tail, as a comment thread's topic words do.
  const topic = shuffled(SEED_ARTICLE.filter(fresh), next);
  const tail = [...AFINN.keys()].filter(fresh);
  for (let i = 0; i < PSEUDO_WORDS; i++) tail.push(pseudoWord(next));
  return zipfVocabulary([...COMMON, ...topic, ...shuffled(tail, next)]);
}

function shuffled(items: string[], next: () => number): string[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [items[i], items[j]] = [items[j] ?? '', items[i] ?? ''];
  }
  return items;
}

const VOCABULARY = makeVocabulary();

function pickWord(next: () => number): string {
  return zipfWord(VOCABULARY, next()) ?? 'news';
}

const pick = <T>(items: readonly T[], next: () => number): T => items[Math.floor(next() * items.length)] as T;

/** One word as a commenter types it: mostly plain, sometimes shouted, elongated or in leetspeak. */
function styled(word: string, next: () => number): string {
  const roll = next();
  if (roll < 0.01) return word.toUpperCase();
  if (roll < 0.015) return word.replace(/([aeiou])/, '$1$1$1$1');
  if (roll < 0.02) return word.replace(/e/g, '3').replace(/o/g, '0');
  return word;
}

/** One comment of `words` words drawn with `next` (a seeded generator of numbers in [0, 1)). */
export function makeComment(words: number, next: () => number): string {
  let text = '';
  let sentenceStart = true;
  for (let w = 0; w < words; w++) {
    let word = styled(pickWord(next), next);
    if (sentenceStart) word = (word[0] ?? '').toUpperCase() + word.slice(1);
    sentenceStart = false;
    const roll = next();
    if (roll < 0.07) {
      word += pick(['.', '.', '.', '!', '?', '...'], next);
      sentenceStart = true;
    } else if (roll < 0.12) word += ',';
    text += (w === 0 ? '' : ' ') + word;
  }
  const extra = next();
  if (extra < 0.35) text += ' ' + pick(EMOJI, next);
  else if (extra < 0.42) text += ' ' + pick(LINKS, next);
  return sentenceStart ? text : text + pick(['.', '.', '!', ''], next);
}

/** `count` comments of `words` words each; the same seed gives the same comments. */
export function makeComments(count: number, words: number, seed = 40): string[] {
  const next = seededRandom(seed);
  const comments: string[] = [];
  for (let c = 0; c < count; c++) comments.push(makeComment(words, next));
  return comments;
}
