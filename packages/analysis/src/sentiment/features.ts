import type { NormalizedText } from '../types.js';
import {
  AFTER_CONTRAST_WEIGHT, BEFORE_CONTRAST_WEIGHT, CONTRAST, EMOTICONS, MODIFIERS, NEGATION_FACTOR, NEGATION_SCOPE,
  NEGATORS,
} from './cues.js';
import { fnv1a } from './hash.js';
import { AFINN, EMOJI, PATTERN, SENTICON } from './lexicon.js';

/**
 * Lexical analysis for sentiment: one left-to-right scan of the folded text that applies negation scope,
 * intensifiers, contrast ("but") weighting, emoji and emoticons to AFINN valences, splits sentences, and
 * collects hashed unigram/bigram features (negated words marked) for the learned model.
 */
export interface Contribution {
  token: string;
  weight: number;
}

export interface SentenceFeatures {
  /** [start, end) into `original` (or into `folded` when token spans are unavailable). */
  range: [number, number];
  fromOriginal: boolean;
  contributions: Contribution[];
  /** Hashed n-gram feature ids (before the modulo), one entry per occurrence, with its clause weight. */
  hashes: number[];
  hashWeights: number[];
  words: number;
  negations: number;
  contrasts: number;
  exclamations: number;
  questions: number;
  emojiSum: number;
  /** SentiCon and Pattern polarity sums (negation applied) and Pattern subjectivity of the sentence's words. */
  senticon: number;
  pattern: number;
  subjectivity: number;
}

const WORD_SOURCE = String.raw`[\p{L}\p{N}]+(?:['*]+[\p{L}\p{N}]+)*`;
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const EMOTICON_SOURCE = [...EMOTICONS.keys()].sort((a, b) => b.length - a.length).map(escape).join('|');
const SCAN = new RegExp(
  String.raw`(?<=^|\s)(${EMOTICON_SOURCE})(?=$|[\s.,!?])|(${WORD_SOURCE})|(\p{Extended_Pictographic})|([.!?\n]+)|([,;:()"\u2014\u2013]| - )`,
  'gu',
);
const WORD_IN = new RegExp(WORD_SOURCE, 'gu');
const WORDS_IN_EMOTICON: ReadonlyMap<string, number> = new Map(
  [...EMOTICONS.keys()].map((e) => [e, e.match(WORD_IN)?.length ?? 0]),
);
const UNIGRAM_SEED = 0x811c9dc5;
const BIGRAM_SEED = 0x9e3779b9;

/** AFINN valence of a word, trying the form with doubled letters undone ("soo" → "so", "baad" → "bad"). */
export function valenceOf(word: string): number | undefined {
  const direct = AFINN.get(word);
  if (direct !== undefined) return direct;
  if (/(.)\1/.test(word)) return AFINN.get(word.replace(/(.)\1+/g, '$1'));
  return undefined;
}

class SentenceBuilder {
  contributions: Contribution[] = [];
  hashes: number[] = [];
  hashWeights: number[] = [];
  words = 0;
  negations = 0;
  contrasts = 0;
  exclamations = 0;
  questions = 0;
  emojiSum = 0;
  senticon = 0;
  pattern = 0;
  subjectivity = 0;
  firstToken = -1;
  lastToken = -1;
  start = -1;
  end = -1;
  negationLeft = 0;
  modifier = 1;
  clauseWeight = 1;
  previous = '';

  add(token: string, weight: number): void {
    if (weight !== 0) this.contributions.push({ token, weight: weight * this.clauseWeight });
  }

  hash(term: string): void {
    this.hashes.push(fnv1a(term, UNIGRAM_SEED));
    this.hashWeights.push(this.clauseWeight);
    if (this.previous !== '') {
      this.hashes.push(fnv1a(this.previous + ' ' + term, BIGRAM_SEED));
      this.hashWeights.push(this.clauseWeight);
    }
    this.previous = term;
  }

  contrast(): void {
    for (const c of this.contributions) c.weight *= BEFORE_CONTRAST_WEIGHT;
    for (let i = 0; i < this.hashWeights.length; i++) this.hashWeights[i] = (this.hashWeights[i] ?? 1) * BEFORE_CONTRAST_WEIGHT;
    this.clauseWeight = AFTER_CONTRAST_WEIGHT;
    this.contrasts++;
  }
}

export function analyzeSentences(text: NormalizedText): SentenceFeatures[] {
  const sentences: SentenceFeatures[] = [];
  const spans = text.tokenSpans;
  const folded = text.folded;
  let s = new SentenceBuilder();
  let tokenIndex = 0;
  const finish = (): void => {
    if (s.start >= 0) sentences.push(toFeatures(s, spans));
    s = new SentenceBuilder();
  };
  SCAN.lastIndex = 0;
  for (let m = SCAN.exec(folded); m !== null; m = SCAN.exec(folded)) {
    const [, emoticon, word, emoji, stop, clause] = m;
    if (s.start < 0 && stop === undefined && clause === undefined) s.start = m.index;
    if (word !== undefined) {
      s.firstToken = s.firstToken < 0 ? tokenIndex : s.firstToken;
      s.lastToken = tokenIndex++;
      s.end = m.index + word.length;
      scanWord(s, word);
    } else if (emoticon !== undefined) {
      const inner = WORDS_IN_EMOTICON.get(emoticon) ?? 0;
      if (inner > 0) {
        s.firstToken = s.firstToken < 0 ? tokenIndex : s.firstToken;
        tokenIndex += inner;
        s.lastToken = tokenIndex - 1;
      }
      s.end = m.index + emoticon.length;
      s.emojiSum += EMOTICONS.get(emoticon) ?? 0;
      s.add(emoticon, EMOTICONS.get(emoticon) ?? 0);
      s.hash(emoticon);
    } else if (emoji !== undefined) {
      s.end = m.index + emoji.length;
      const v = EMOJI.get(emoji) ?? 0;
      s.emojiSum += v;
      s.add(emoji, v);
      s.hash(emoji);
    } else if (stop !== undefined) {
      s.exclamations += stop.split('!').length - 1;
      if (stop.includes('?')) s.questions++;
      finish();
    } else {
      s.negationLeft = 0;
      s.modifier = 1;
    }
  }
  finish();
  return sentences;
}

function scanWord(s: SentenceBuilder, word: string): void {
  s.words++;
  if (NEGATORS.has(word) || word.endsWith("n't")) {
    s.negations++;
    s.negationLeft = NEGATION_SCOPE;
    s.hash(word);
    return;
  }
  if (CONTRAST.has(word)) {
    s.contrast();
    s.negationLeft = 0;
    s.hash(word);
    return;
  }
  const modifier = MODIFIERS.get(word);
  const negated = s.negationLeft > 0;
  if (negated) s.negationLeft--;
  s.hash(negated ? 'NOT_' + word : word);
  if (modifier !== undefined) {
    s.modifier *= modifier;
    return;
  }
  const factor = s.modifier * (negated ? NEGATION_FACTOR : 1);
  const valence = valenceOf(word);
  if (valence !== undefined) s.add(word, valence * factor);
  const senticon = SENTICON.get(word);
  if (senticon !== undefined) s.senticon += senticon * factor * s.clauseWeight;
  const pattern = PATTERN.get(word);
  if (pattern !== undefined) {
    s.pattern += pattern.polarity * factor * s.clauseWeight;
    s.subjectivity += pattern.subjectivity;
  }
  s.modifier = 1;
}

function toFeatures(s: SentenceBuilder, spans: Array<[number, number]> | undefined): SentenceFeatures {
  const first = spans?.[s.firstToken];
  const last = spans?.[s.lastToken];
  const fromOriginal = first !== undefined && last !== undefined;
  const range: [number, number] = fromOriginal ? [first[0], last[1]] : [s.start, Math.max(s.start, s.end)];
  return {
    range,
    fromOriginal,
    contributions: s.contributions,
    hashes: s.hashes,
    hashWeights: s.hashWeights,
    words: s.words,
    negations: s.negations,
    contrasts: s.contrasts,
    exclamations: s.exclamations,
    questions: s.questions,
    emojiSum: s.emojiSum,
    senticon: s.senticon,
    pattern: s.pattern,
    subjectivity: s.subjectivity,
  };
}
