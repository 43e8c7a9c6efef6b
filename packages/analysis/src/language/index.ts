import { franc } from 'franc-min';
import type { LanguageResult, NormalizedText, PhaseName } from '../types.js';
import { ISO1 } from './codes.js';
import { languageContent } from './content.js';
import { englishCoverage } from './english.js';

/** Phases that only support English; for other languages they are skipped and said to be. */
export const ENGLISH_ONLY_PHASES: readonly PhaseName[] = ['sentiment', 'abuse'];
const ALL_PHASES: readonly PhaseName[] = ['normalize', 'language', 'sentiment', 'spam', 'duplicates', 'abuse', 'policy'];

/** Below this many word tokens nothing is reliable: use the declared language, else assume English. */
const MIN_TOKENS = 3;
/** Share of English function/lexicon words above which a Latin-script text is English whatever franc says. */
const ENGLISH_COVERAGE = 0.3;
/** A Latin-script text is called another language only with this many words and this little English in them. */
const MIN_FOREIGN_TOKENS = 5;
const MAX_FOREIGN_COVERAGE = 0.2;

export function detectLanguage(text: NormalizedText, declared?: string): LanguageResult {
  const { code, confidence } = detectCode(text, declared);
  return withPhases(code, confidence);
}

const PHASES_RUN_OTHERWISE: readonly PhaseName[] = ALL_PHASES.filter((p) => !ENGLISH_ONLY_PHASES.includes(p));

export function withPhases(code: string, confidence: number): LanguageResult {
  const english = code === 'en' || code === 'und';
  // Fresh arrays each time: results are handed out and may be stored or changed by callers.
  const phasesSkipped = english ? [] : ENGLISH_ONLY_PHASES.slice();
  const phasesRun = english ? ALL_PHASES.slice() : PHASES_RUN_OTHERWISE.slice();
  return { code, confidence, phasesRun, phasesSkipped };
}

function detectCode(text: NormalizedText, declared?: string): { code: string; confidence: number } {
  const declaredCode = declared?.toLowerCase().slice(0, 2);
  const { content, tokens, letters, latinLetters } = languageContent(text.folded, text.tokens);
  if (letters === 0) return { code: declaredCode ?? 'und', confidence: declaredCode ? 0.5 : 0 };
  const latin = latinLetters / letters > 0.8;
  const coverage = englishCoverage(tokens);
  if (tokens.length < MIN_TOKENS) {
    if (declaredCode) return { code: declaredCode, confidence: 0.5 };
    // Too short to tell: assume English, with a confidence that says it is a guess.
    return latin ? { code: 'en', confidence: coverage > 0 ? 0.4 : 0.2 } : francCode(content, 0.3);
  }
  if (latin && coverage >= ENGLISH_COVERAGE) return { code: 'en', confidence: Math.min(0.99, 0.5 + coverage) };
  const guess = francCode(content, 0.6);
  if (!latin || guess.code === 'en') return guess;
  // Latin script that franc places elsewhere: trust it only for longer text with little English in it.
  if (guess.code !== 'und' && tokens.length >= MIN_FOREIGN_TOKENS && coverage < MAX_FOREIGN_COVERAGE) return guess;
  return { code: declaredCode ?? 'en', confidence: 0.3 };
}

function francCode(display: string, confidence: number): { code: string; confidence: number } {
  const iso3 = franc(display, { minLength: 3 });
  const code = iso3 === 'und' ? 'und' : (ISO1[iso3] ?? iso3);
  return { code, confidence: code === 'und' ? 0 : confidence };
}
