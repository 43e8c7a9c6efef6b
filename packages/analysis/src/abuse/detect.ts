import type { AbuseCategory, NormalizedText, Reason } from '../types.js';
import { matchSpan, toTokenText, tokenIndexAt, tokenRangeSpan } from '../spam/token-text.js';
import type { TokenText } from '../spam/token-text.js';
import { PhraseGate } from '../spam/phrase-gate.js';
import { WordPrefilter } from '../spam/word-prefilter.js';
import type { LexiconEntry } from './lexicon/index.js';
import { UNLISTED_HARSH_WORDS } from './target.js';
import {
  DIRECTED_INSULT_ANCHORS, DIRECTED_INSULTS, IDENTITY_ATTACK_ANCHORS, IDENTITY_ATTACKS, LISTED_TOKENS, lookupVariant,
  THREAT_ANCHORS, THREATS,
} from './lexicon/index.js';

export interface AbuseMatch {
  category: AbuseCategory;
  severity: number;
  span?: [number, number];
  /** The folded words that matched. */
  matched: string;
  /** The first and last token of the match (indexes into the normalized tokens). */
  first: number;
  last: number;
  /** Index into ABUSE_RULE_FEATURES of the dense feature the match counts towards. */
  feature: number;
}

/** Dense features the classifier learns weights for, in this order. */
export const ABUSE_RULE_FEATURES = ['profanity', 'mild_profanity', 'insult', 'directed_insult', 'threat', 'identity_attack'] as const;

export interface AbuseSignals {
  matches: AbuseMatch[];
  dense: number[];
}

interface Phrase {
  pattern: RegExp;
  anchors: readonly string[];
  category: AbuseCategory;
  severity: number;
  feature: number;
}

const PHRASES: readonly Phrase[] = [
  { pattern: THREATS, anchors: THREAT_ANCHORS, category: 'threat', severity: 0.9, feature: 4 },
  { pattern: IDENTITY_ATTACKS, anchors: IDENTITY_ATTACK_ANCHORS, category: 'identity_attack', severity: 0.85, feature: 5 },
  { pattern: DIRECTED_INSULTS, anchors: DIRECTED_INSULT_ANCHORS, category: 'insult', severity: 0.75, feature: 3 },
];
const PHRASE_GATE = new PhraseGate(PHRASES.map((phrase) => phrase.anchors));

/**
 * One lookup per token for both questions asked of it: listed forms (entry), allowed words (null) and phrase
 * anchors (entry undefined: look the token up as a variant), each with the phrase patterns it anchors.
 */
interface TokenInfo {
  entry: LexiconEntry | null | undefined;
  phrases: number;
}
const TOKEN_INFO: ReadonlyMap<string, TokenInfo> = new Map<string, TokenInfo>([
  ...PHRASES.flatMap((phrase) => phrase.anchors).map((word) => [word, { entry: undefined, phrases: PHRASE_GATE.bitsOfWord(word) }] as const),
  ...[...LISTED_TOKENS].map(([word, entry]) => [word, { entry, phrases: PHRASE_GATE.bitsOfWord(word) }] as const),
]);
const MAY_HAVE_INFO = new WordPrefilter(TOKEN_INFO.keys());

const NON_WORD = 1;
const DOUBLED = 2;

/** NON_WORD: a character outside [A-Za-z0-9_]; DOUBLED: two equal characters in a row. One pass for both. */
function tokenShape(token: string): number {
  let shape = 0;
  let before = -1;
  for (let i = 0; i < token.length; i++) {
    const code = token.charCodeAt(i);
    if (code === before) shape |= DOUBLED;
    if (!((code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || code === 95)) shape |= NON_WORD;
    before = code;
  }
  return shape;
}

/** Bit of `abuseTokenTag` set when the token is a listed word or a variant of one (bits 0-2: phrase anchors). */
const LISTED = 1 << 8;
const PHRASE_BITS = LISTED - 1;
/** Bit of `abuseTokenTag` set for a harsh word that no list calls abuse on its own ("disgrace", "farce"). */
const UNLISTED_HARSH = 1 << 9;
/** Tags of a text that may hold a harsh word said of a thing (see target.ts). */
export const MAY_BE_HARSH = LISTED | UNLISTED_HARSH;

/**
 * What detectAbuse looks up about one token, as bits: the phrase patterns it anchors, and LISTED when it matches
 * the lexicon. The compiled abuse bag remembers it per token, so for most texts the lookups are skipped.
 */
export function abuseTokenTag(token: string): number {
  const facts = tokenFacts(token);
  const tag = facts.entry ? facts.phrases | LISTED : facts.phrases;
  return UNLISTED_HARSH_WORDS.has(token) ? tag | UNLISTED_HARSH : tag;
}

/** An insult or a mild swear word ("stupid", "sucks"), or a harsh noun: words a reader may say of a decision too. */
export function isHarshWord(token: string): boolean {
  if (UNLISTED_HARSH_WORDS.has(token)) return true;
  const { entry } = tokenFacts(token);
  return entry !== undefined && (entry.category === 'insult' || (entry.category === 'profanity' && entry.severity < 0.5));
}

const facts: { entry: LexiconEntry | undefined; phrases: number } = { entry: undefined, phrases: 0 };

/** The token's lexicon entry and anchored phrase patterns (in one reused object: read it before the next call). */
function tokenFacts(token: string): typeof facts {
  const info = MAY_HAVE_INFO.mayContain(token) ? TOKEN_INFO.get(token) : undefined;
  facts.phrases = info ? info.phrases : 0;
  if (info?.entry !== undefined) facts.entry = info.entry ?? undefined;
  else {
    const shape = tokenShape(token);
    // Every key is a single run of word characters, so a token not found can hold anchors only inside it.
    if ((shape & NON_WORD) !== 0) facts.phrases |= PHRASE_GATE.bitsInside(token);
    facts.entry = lookupVariant(token, (shape & DOUBLED) !== 0);
  }
  return facts;
}

/** `tokenTags`: the OR of `abuseTokenTag` over the tokens when the caller has it (the abuse bag does). */
export function detectAbuse(text: NormalizedText, tokenTags?: number): AbuseSignals {
  const matches: AbuseMatch[] = [];
  const dense = [0, 0, 0, 0, 0, 0]; // one per ABUSE_RULE_FEATURES
  const tokens = text.tokens;
  let possible = tokenTags === undefined ? 0 : tokenTags & PHRASE_BITS;
  if (tokenTags === undefined || (tokenTags & LISTED) !== 0) {
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i] ?? '';
      const { entry, phrases } = tokenFacts(token);
      possible |= phrases;
      if (!entry) continue;
      const feature = entry.category === 'profanity' ? (entry.severity < 0.5 ? 1 : 0) : entry.category === 'insult' ? 2 : 5;
      dense[feature] = Math.min(2, (dense[feature] ?? 0) + 1);
      matches.push({ category: entry.category, severity: entry.severity, span: tokenRangeSpan(text, i, i), matched: token, first: i, last: i, feature });
    }
  }
  if (possible === 0) return { matches, dense };
  const tokenText = toTokenText(tokens);
  for (let p = 0; p < PHRASES.length; p++) {
    const phrase = PHRASES[p];
    if (phrase && (possible & (1 << p)) !== 0) phraseMatches(text, tokenText, phrase, matches, dense);
  }
  return { matches, dense };
}

/** The dense feature values of a set of matches (what detectAbuse returns for them): a count per feature, at most 2. */
export function denseOf(matches: readonly AbuseMatch[]): number[] {
  const dense = [0, 0, 0, 0, 0, 0];
  for (const m of matches) dense[m.feature] = Math.min(2, (dense[m.feature] ?? 0) + 1);
  return dense;
}

function phraseMatches(
  text: NormalizedText,
  tokenText: TokenText,
  phrase: Phrase,
  matches: AbuseMatch[],
  dense: number[],
): void {
  phrase.pattern.lastIndex = 0;
  for (let m = phrase.pattern.exec(tokenText.joined); m; m = phrase.pattern.exec(tokenText.joined)) {
    dense[phrase.feature] = Math.min(2, (dense[phrase.feature] ?? 0) + 1);
    const end = m.index + m[0].length;
    const span = matchSpan(text, tokenText, m.index, end);
    const first = tokenIndexAt(tokenText, m.index);
    const last = end > m.index ? tokenIndexAt(tokenText, end - 1) : first;
    matches.push({ category: phrase.category, severity: phrase.severity, span, matched: m[0], first, last, feature: phrase.feature });
  }
}

const LABEL: Record<AbuseCategory, string> = {
  insult: 'insult',
  profanity: 'profanity',
  threat: 'threat of violence',
  identity_attack: 'attack on a group or slur',
};

export function matchReasons(matches: readonly AbuseMatch[]): Reason[] {
  return matches.map((m) => {
    const r: Reason = { code: m.category, message: `${LABEL[m.category]}: "${m.matched}"`, weight: m.severity };
    if (m.span) r.span = m.span;
    return r;
  });
}
