import type { AbuseCategory, NormalizedText, Reason } from '../types.js';
import { matchSpan, toTokenText, tokenRangeSpan } from '../spam/token-text.js';
import type { TokenText } from '../spam/token-text.js';
import { DIRECTED_INSULTS, IDENTITY_ATTACKS, lookupToken, THREATS } from './lexicon/index.js';

export interface AbuseMatch {
  category: AbuseCategory;
  severity: number;
  span?: [number, number];
  /** The folded words that matched. */
  matched: string;
}

/** Dense features the classifier learns weights for, in this order. */
export const ABUSE_RULE_FEATURES = ['profanity', 'mild_profanity', 'insult', 'directed_insult', 'threat', 'identity_attack'] as const;

export interface AbuseSignals {
  matches: AbuseMatch[];
  dense: number[];
}

const PHRASES: Array<{ pattern: RegExp; category: AbuseCategory; severity: number; feature: number }> = [
  { pattern: THREATS, category: 'threat', severity: 0.9, feature: 4 },
  { pattern: IDENTITY_ATTACKS, category: 'identity_attack', severity: 0.85, feature: 5 },
  { pattern: DIRECTED_INSULTS, category: 'insult', severity: 0.75, feature: 3 },
];

export function detectAbuse(text: NormalizedText): AbuseSignals {
  const matches: AbuseMatch[] = [];
  const dense = ABUSE_RULE_FEATURES.map(() => 0);
  text.tokens.forEach((token, i) => {
    const entry = lookupToken(token);
    if (!entry) return;
    const feature = entry.category === 'profanity' ? (entry.severity < 0.5 ? 1 : 0) : entry.category === 'insult' ? 2 : 5;
    dense[feature] = Math.min(2, (dense[feature] ?? 0) + 1);
    matches.push({ category: entry.category, severity: entry.severity, span: tokenRangeSpan(text, i, i), matched: token });
  });
  const tokenText = toTokenText(text.tokens);
  for (const phrase of PHRASES) phraseMatches(text, tokenText, phrase, matches, dense);
  return { matches, dense };
}

function phraseMatches(
  text: NormalizedText,
  tokenText: TokenText,
  phrase: (typeof PHRASES)[number],
  matches: AbuseMatch[],
  dense: number[],
): void {
  phrase.pattern.lastIndex = 0;
  for (let m = phrase.pattern.exec(tokenText.joined); m; m = phrase.pattern.exec(tokenText.joined)) {
    dense[phrase.feature] = Math.min(2, (dense[phrase.feature] ?? 0) + 1);
    const span = matchSpan(text, tokenText, m.index, m.index + m[0].length);
    matches.push({ category: phrase.category, severity: phrase.severity, span, matched: m[0] });
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
