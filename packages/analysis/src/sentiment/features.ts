import type { NormalizedText } from '../types.js';
import * as cues from './cues.js';
import * as hash from './hash.js';
import * as lexicon from './lexicon.js';
import * as scan from './scan.js';
import type { TopicWords } from './topic.js';
import * as topic from './topic.js';
import * as words from './words.js';

export { valenceOf } from './words.js';

// Module-local copies of what the scan reads per token: under tsx this package runs as CommonJS, where every
// read of an imported binding is a getter call (a tenth of the scan's time in profiles).
const { AFTER_CONTRAST_WEIGHT, BEFORE_CONTRAST_WEIGHT, EMOTICONS, NEGATION_FACTOR, NEGATION_SCOPE, SENTENCE_CONTRAST } = cues;
const { fnvExtend } = hash;
const { AFINN, EMOJI } = lexicon;
const { TOPIC_WEIGHT } = topic;
const { CLAUSE, EMOJI: EMOJI_TOKEN, EMOTICON, END, STOP, TokenScanner, WORD } = scan;
const {
  BIGRAM_NEGATED, BIGRAM_SEED, CONTRAST_WORD, MODIFIER, NEGATOR, UNIGRAM_NEGATED, UNIGRAM_SEED, WORD_TABLE,
  hasDoubledChar, undoDoubledChars,
} = words;

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
  /** Words of the article's own subject found here (their weight cut to TOPIC_WEIGHT), for the reasons. */
  topicWords: string[];
  /** Hashed n-gram feature ids (before the modulo), one entry per occurrence, with its clause weight. */
  hashes: number[];
  hashWeights: number[];
  words: number;
  negations: number;
  contrasts: number;
  exclamations: number;
  questions: number;
  emojiSum: number;
  /** SentiCon, VADER and Pattern polarity sums (negation applied) and Pattern subjectivity of the sentence's words. */
  senticon: number;
  vader: number;
  pattern: number;
  subjectivity: number;
  /** Domain cues: words written as @mentions or #hashtags, capitalized in the original, holding digits. */
  tagged: number;
  capitalized: number;
  numeric: number;
}

/** Words inside each emoticon (":d" holds "d"), so the token index stays in step with `NormalizedText.tokens`. */
const WORD_IN = /[\p{L}\p{N}]+(?:['*]+[\p{L}\p{N}]+)*/gu;
const WORDS_IN_EMOTICON: ReadonlyMap<string, number> = new Map(
  [...EMOTICONS.keys()].map((e) => [e, e.match(WORD_IN)?.length ?? 0]),
);
const NO_PREVIOUS = 0;

class SentenceBuilder implements SentenceFeatures {
  range: [number, number] = [0, 0];
  fromOriginal = false;
  contributions: Contribution[] = [];
  topicWords: string[] = [];
  hashes: number[] = [];
  hashWeights: number[] = [];
  words = 0;
  negations = 0;
  contrasts = 0;
  exclamations = 0;
  questions = 0;
  emojiSum = 0;
  senticon = 0;
  vader = 0;
  pattern = 0;
  subjectivity = 0;
  tagged = 0;
  capitalized = 0;
  numeric = 0;
  firstToken = -1;
  lastToken = -1;
  start = -1;
  end = -1;
  negationLeft = 0;
  /** The negator whose scope `negationLeft` counts down ("not", "without", "don't"). */
  negator = '';
  modifier = 1;
  clauseWeight = 1;
  /** The current word's own weight: TOPIC_WEIGHT for the article's subject words, else 1. */
  wordWeight = 1;
  /** FNV state of "<previous term> " under the bigram seed, or NO_PREVIOUS at the start of the sentence. */
  previous = NO_PREVIOUS;
  hasPrevious = false;

  add(token: string, weight: number): void {
    if (weight !== 0) this.contributions.push({ token, weight: weight * this.clauseWeight });
  }

  /** Records the unigram `term` (given as its FNV states) and the bigram with the previous term. */
  hash(term: string, unigram: number, bigramPrefix: number, markedNegated: boolean): void {
    const weight = this.clauseWeight * this.wordWeight;
    this.hashes.push(unigram >>> 0);
    this.hashWeights.push(weight);
    if (this.hasPrevious) {
      const left = markedNegated ? fnvExtend(this.previous, 'NOT_') : this.previous;
      this.hashes.push(fnvExtend(left, term) >>> 0);
      this.hashWeights.push(weight);
    }
    this.previous = bigramPrefix;
    this.hasPrevious = true;
  }

  hashWhole(term: string): void {
    this.hash(term, fnvExtend(UNIGRAM_SEED, term), fnvExtend(fnvExtend(BIGRAM_SEED, term), ' '), false);
  }

  contrast(): void {
    this.damp();
    this.clauseWeight = AFTER_CONTRAST_WEIGHT;
    this.contrasts++;
  }

  /** Weighs what was said so far as the clause before a contrast word. */
  damp(): void {
    for (const c of this.contributions) c.weight *= BEFORE_CONTRAST_WEIGHT;
    // The SentiCon, VADER and Pattern sums are clause-weighted like the AFINN contributions, so they are damped too.
    this.senticon *= BEFORE_CONTRAST_WEIGHT;
    this.vader *= BEFORE_CONTRAST_WEIGHT;
    this.pattern *= BEFORE_CONTRAST_WEIGHT;
    const weights = this.hashWeights;
    for (let i = 0; i < weights.length; i++) weights[i] = (weights[i] ?? 1) * BEFORE_CONTRAST_WEIGHT;
  }
}

/**
 * `topicWords`: the article's own words, when the comment's article is known (topic.ts). A sentence that opens with
 * a contrast word ("It's good. However, …") damps the sentences before it as "but" damps its own clause.
 */
export function analyzeSentences(text: NormalizedText, topicWords?: TopicWords): SentenceFeatures[] {
  const sentences: SentenceBuilder[] = [];
  const spans = text.tokenSpans;
  const folded = text.folded;
  const scanner = new TokenScanner(folded);
  let s = new SentenceBuilder();
  let tokenIndex = 0;
  for (let kind = scanner.next(); kind !== END; kind = scanner.next()) {
    if (s.start < 0 && kind !== STOP && kind !== CLAUSE) s.start = scanner.start;
    if (kind === WORD) {
      s.firstToken = s.firstToken < 0 ? tokenIndex : s.firstToken;
      s.lastToken = tokenIndex++;
      s.end = scanner.end;
      countCues(s, folded, scanner.start, scanner.end, text.original, spans?.[tokenIndex - 1]);
      const word = folded.slice(scanner.start, scanner.end);
      s.wordWeight = topicWords?.has(word) === true ? TOPIC_WEIGHT : 1;
      if (s.wordWeight !== 1) s.topicWords.push(word);
      if (scanWord(s, word) && s.words === 1 && SENTENCE_CONTRAST.has(word)) for (const before of sentences) before.damp();
    } else if (kind === EMOTICON) {
      const emoticon = folded.slice(scanner.start, scanner.end);
      const inner = WORDS_IN_EMOTICON.get(emoticon) ?? 0;
      if (inner > 0) {
        s.firstToken = s.firstToken < 0 ? tokenIndex : s.firstToken;
        tokenIndex += inner;
        s.lastToken = tokenIndex - 1;
      }
      s.end = scanner.end;
      s.wordWeight = 1;
      const v = EMOTICONS.get(emoticon) ?? 0;
      s.emojiSum += v;
      s.add(emoticon, v);
      s.hashWhole(emoticon);
    } else if (kind === EMOJI_TOKEN) {
      const emoji = folded.slice(scanner.start, scanner.end);
      s.end = scanner.end;
      s.wordWeight = 1;
      const v = EMOJI.get(emoji) ?? 0;
      s.emojiSum += v;
      s.add(emoji, v);
      s.hashWhole(emoji);
    } else if (kind === STOP) {
      countStops(s, folded, scanner.start, scanner.end);
      if (s.start >= 0) sentences.push(finish(s, spans));
      s = new SentenceBuilder();
    } else {
      s.negationLeft = 0;
      s.modifier = 1;
    }
  }
  if (s.start >= 0) sentences.push(finish(s, spans));
  return sentences;
}

function countCues(
  s: SentenceBuilder, folded: string, start: number, end: number, original: string, span: [number, number] | undefined,
): void {
  const before = start > 0 ? folded.charCodeAt(start - 1) : 0;
  if (before === 64 || before === 35) s.tagged++; // @ #
  const first = span ? original.charCodeAt(span[0]) : 0;
  if (first >= 65 && first <= 90) s.capitalized++;
  for (let i = start; i < end; i++) {
    const c = folded.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      s.numeric++;
      return;
    }
  }
}

function countStops(s: SentenceBuilder, text: string, start: number, end: number): void {
  let question = false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 33) s.exclamations++;
    else if (c === 63) question = true;
  }
  if (question) s.questions++;
}

/** Scans one word into the sentence; true when it was a contrast word. */
function scanWord(s: SentenceBuilder, word: string): boolean {
  s.words++;
  const info = WORD_TABLE.get(word);
  const role = info ? info.role : word.endsWith("n't") ? NEGATOR : 0;
  if (role === NEGATOR || role === CONTRAST_WORD) {
    if (role === NEGATOR) {
      s.negations++;
      s.negationLeft = NEGATION_SCOPE;
      s.negator = word;
    } else {
      s.contrast();
      s.negationLeft = 0;
    }
    if (info) s.hash(word, info.unigram, info.bigramPrefix, false);
    else s.hashWhole(word);
    return role === CONTRAST_WORD;
  }
  const negated = s.negationLeft > 0;
  if (negated) s.negationLeft--;
  if (info) {
    s.hash(word, negated ? info.unigramNegated : info.unigram, negated ? info.bigramPrefixNegated : info.bigramPrefix, negated);
  } else {
    s.hash(word, fnvExtend(negated ? UNIGRAM_NEGATED : UNIGRAM_SEED, word),
      fnvExtend(fnvExtend(negated ? BIGRAM_NEGATED : BIGRAM_SEED, word), ' '), negated);
  }
  if (role === MODIFIER) {
    s.modifier *= info?.modifier ?? 1;
    return false;
  }
  const factor = s.modifier * (negated ? NEGATION_FACTOR : 1) * s.wordWeight;
  s.modifier = 1;
  // A negated word is named with its negator ("not good", "without commitment"): alone it would read the other way.
  const named = negated ? `${s.negator} ${word}` : word;
  if (!info) {
    // Unlisted words can still carry an AFINN valence once doubled letters are undone ("baaad").
    const valence = hasDoubledChar(word) ? AFINN.get(undoDoubledChars(word)) : undefined;
    if (valence !== undefined) s.add(named, valence * factor);
    return false;
  }
  if (info.valence !== undefined) s.add(named, info.valence * factor);
  if (info.senticon !== undefined) s.senticon += info.senticon * factor * s.clauseWeight;
  if (info.vader !== undefined) s.vader += info.vader * factor * s.clauseWeight;
  if (info.patternPolarity !== undefined) {
    s.pattern += info.patternPolarity * factor * s.clauseWeight;
    s.subjectivity += info.patternSubjectivity;
  }
  return false;
}

function finish(s: SentenceBuilder, spans: Array<[number, number]> | undefined): SentenceBuilder {
  const first = spans?.[s.firstToken];
  const last = spans?.[s.lastToken];
  s.fromOriginal = first !== undefined && last !== undefined;
  s.range = first !== undefined && last !== undefined ? [first[0], last[1]] : [s.start, Math.max(s.start, s.end)];
  return s;
}
