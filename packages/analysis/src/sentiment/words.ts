import { CONTRAST, MODIFIERS, NEGATORS } from './cues.js';
import { fnvExtend } from './hash.js';
import { AFINN, PATTERN, SENTICON, VADER } from './lexicon.js';

/**
 * Everything the sentiment scan needs to know about a word, looked up once: its role (negator, contrast,
 * modifier), its lexicon scores and its feature-hash states. Built at load for every word of the lexicons and
 * cue lists; other words are handled inline by the scan (the table never grows).
 */
export const PLAIN = 0;
export const NEGATOR = 1;
export const CONTRAST_WORD = 2;
export const MODIFIER = 3;

export interface WordInfo {
  role: number;
  modifier: number;
  /** AFINN valence (doubled letters undone when the word itself is not listed). */
  valence: number | undefined;
  senticon: number | undefined;
  vader: number | undefined;
  patternPolarity: number | undefined;
  patternSubjectivity: number;
  /** FNV states for the unigram (as is, and marked negated), and for "word " as the left half of a bigram. */
  unigram: number;
  unigramNegated: number;
  bigramPrefix: number;
  bigramPrefixNegated: number;
}

export const UNIGRAM_SEED = 0x811c9dc5;
export const BIGRAM_SEED = 0x9e3779b9;
/** Words in a negator's scope are hashed as "NOT_word", so "not good" and "good" are different features. */
export const NEGATED_MARK = 'NOT_';
export const UNIGRAM_NEGATED = fnvExtend(UNIGRAM_SEED, NEGATED_MARK);
export const BIGRAM_NEGATED = fnvExtend(BIGRAM_SEED, NEGATED_MARK);

/** AFINN valence of a word, trying the form with doubled letters undone ("soo" → "so", "baad" → "bad"). */
export function valenceOf(word: string): number | undefined {
  const direct = AFINN.get(word);
  if (direct !== undefined || !hasDoubledChar(word)) return direct;
  return AFINN.get(undoDoubledChars(word));
}

export function hasDoubledChar(word: string): boolean {
  for (let i = 1; i < word.length; i++) if (word.charCodeAt(i) === word.charCodeAt(i - 1)) return true;
  return false;
}

/** `word.replace(/(.)\1+/g, '$1')` (that regex also works on UTF-16 code units), without the regex. */
export function undoDoubledChars(word: string): string {
  let out = '';
  for (let i = 0; i < word.length; i++) {
    if (i === 0 || word.charCodeAt(i) !== word.charCodeAt(i - 1)) out += word[i];
  }
  return out;
}

export function roleOf(word: string): number {
  if (NEGATORS.has(word) || word.endsWith("n't")) return NEGATOR;
  if (CONTRAST.has(word)) return CONTRAST_WORD;
  if (MODIFIERS.has(word)) return MODIFIER;
  return PLAIN;
}

/** The entry of a word; listed words get theirs at load (WORD_TABLE), the scan handles other words inline. */
export function describeWord(word: string): WordInfo {
  const pattern = PATTERN.get(word);
  return {
    role: roleOf(word),
    modifier: MODIFIERS.get(word) ?? 1,
    valence: valenceOf(word),
    senticon: SENTICON.get(word),
    vader: VADER.get(word),
    patternPolarity: pattern?.polarity,
    patternSubjectivity: pattern?.subjectivity ?? 0,
    unigram: fnvExtend(UNIGRAM_SEED, word),
    unigramNegated: fnvExtend(UNIGRAM_NEGATED, word),
    bigramPrefix: fnvExtend(fnvExtend(BIGRAM_SEED, word), ' '),
    bigramPrefixNegated: fnvExtend(fnvExtend(BIGRAM_NEGATED, word), ' '),
  };
}

function buildTable(): ReadonlyMap<string, WordInfo> {
  const table = new Map<string, WordInfo>();
  for (const list of [AFINN.keys(), SENTICON.keys(), VADER.keys(), PATTERN.keys(), NEGATORS, CONTRAST, MODIFIERS.keys()]) {
    for (const word of list) if (!table.has(word)) table.set(word, describeWord(word));
  }
  return table;
}

export const WORD_TABLE = buildTable();
