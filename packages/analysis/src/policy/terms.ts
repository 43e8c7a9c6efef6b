import { normalize } from '../normalize/index.js';
import { matchSpan, toTokenText, tokenRangeSpan } from '../spam/token-text.js';
import { WordPrefilter } from '../spam/word-prefilter.js';
import { literalAlternation } from '../regexp.js';
import type { NormalizedText } from '../types.js';

/** One place a publisher's term occurs in a comment. */
export interface TermMatch {
  /** The term as the publisher wrote it in the policy. */
  term: string;
  /** [start, end) into the ORIGINAL text. */
  span: [number, number];
  /** The matched words as the comment wrote them ("1d10t"). */
  written: string;
}

/**
 * A term list compiled for matching. Terms go through the same `normalize` as comments, so "Idiot", "1d10t" and
 * "іdіot" (Cyrillic і) all become the folded tokens "idiot", and a phrase becomes its folded tokens joined by single
 * spaces. Matching then runs, as the abuse phrases do (abuse/detect.ts), one regex over the comment's folded tokens
 * joined by spaces (spam/token-text.ts), with each match mapped back to the original text. Matches start and end at
 * token edges only, so "ass" never matches inside "class".
 */
interface CompiledTerms {
  /** Folded form (tokens joined by single spaces) → the term as the publisher wrote it. */
  byFolded: ReadonlyMap<string, string>;
  /** Every term's first folded token: a comment holding none of them cannot match, and its regex is not run. */
  firstTokens: ReadonlySet<string>;
  prefilter: WordPrefilter;
  /** All folded forms, longest first, between token edges; undefined when no term has a letter or digit. */
  pattern: RegExp | undefined;
  /** Whether any term is one word, which may also be spelled out letter by letter ("i d i o t"). */
  singleWords: boolean;
}

/** At least this many one-character tokens in a row are read as a word spelled out ("i d i o t", "i.d.i.o.t"). */
const SPELLED_OUT_MIN = 3;
/** Cap on the matches reported per list: a comment repeating a term 500 times needs one reason, not 500. */
export const MAX_TERM_MATCHES = 20;

/**
 * Compiled lists, by the list itself (a policy object is reused for many comments) and, for a list rebuilt with the
 * same terms (the worker lays each publisher's stored overrides over the defaults per job), by its content.
 */
const byList = new WeakMap<readonly string[], CompiledTerms>();
const byContent = new Map<string, CompiledTerms>();
const CONTENT_CACHE_SIZE = 64;

/** Where the terms occur in the comment, in text order, at most MAX_TERM_MATCHES. */
export function matchTerms(text: NormalizedText, terms: readonly string[]): TermMatch[] {
  if (terms.length === 0 || text.tokens.length === 0) return [];
  const compiled = compiledTerms(terms);
  const matches = phraseMatches(text, compiled);
  if (compiled.singleWords) matches.push(...spelledOutMatches(text, compiled));
  return matches.sort((a, b) => a.span[0] - b.span[0]).slice(0, MAX_TERM_MATCHES);
}

function compiledTerms(terms: readonly string[]): CompiledTerms {
  const cached = byList.get(terms);
  if (cached) return cached;
  const key = terms.join('\u0000');
  let compiled = byContent.get(key);
  if (compiled) {
    // Refresh its place, so the least recently used list is the one dropped.
    byContent.delete(key);
  } else {
    compiled = compileTerms(terms);
    if (byContent.size >= CONTENT_CACHE_SIZE) byContent.delete(byContent.keys().next().value ?? '');
  }
  byContent.set(key, compiled);
  byList.set(terms, compiled);
  return compiled;
}

function compileTerms(terms: readonly string[]): CompiledTerms {
  const byFolded = new Map<string, string>();
  const firstTokens = new Set<string>();
  let singleWords = false;
  for (const term of terms) {
    const { tokens } = normalize(term);
    const first = tokens[0];
    if (first === undefined) continue; // no letter or digit: nothing a comment's words could match
    const folded = tokens.join(' ');
    if (!byFolded.has(folded)) byFolded.set(folded, term);
    firstTokens.add(first);
    if (tokens.length === 1) singleWords = true;
  }
  return {
    byFolded,
    firstTokens,
    prefilter: new WordPrefilter(firstTokens),
    // Preceded by the start or a space, followed by a space or the end: whole tokens of the joined text only.
    pattern: byFolded.size > 0 ? new RegExp(`(?<![^ ])(?:${literalAlternation(byFolded.keys())})(?![^ ])`, 'g') : undefined,
    singleWords,
  };
}

function phraseMatches(text: NormalizedText, compiled: CompiledTerms): TermMatch[] {
  const { pattern } = compiled;
  if (!pattern || !mayMatch(text.tokens, compiled)) return [];
  const tokenText = toTokenText(text.tokens);
  const matches: TermMatch[] = [];
  pattern.lastIndex = 0;
  for (let m = pattern.exec(tokenText.joined); m && matches.length < MAX_TERM_MATCHES; m = pattern.exec(tokenText.joined)) {
    const span = matchSpan(text, tokenText, m.index, m.index + m[0].length);
    const term = compiled.byFolded.get(m[0]);
    if (span && term !== undefined) matches.push({ term, span, written: text.original.slice(span[0], span[1]) });
  }
  return matches;
}

/** Whether any token is a term's first token (checked through the prefilter first: most tokens are not). */
function mayMatch(tokens: readonly string[], compiled: CompiledTerms): boolean {
  for (const token of tokens) if (compiled.prefilter.mayContain(token) && compiled.firstTokens.has(token)) return true;
  return false;
}

/**
 * One-word terms spelled out letter by letter: a maximal run of one-character tokens whose letters together are the
 * term. The whole run must be the term, so "c l a s s" does not match "ass".
 */
function spelledOutMatches(text: NormalizedText, compiled: CompiledTerms): TermMatch[] {
  const { tokens } = text;
  const matches: TermMatch[] = [];
  for (let first = 0; first < tokens.length; ) {
    let end = first;
    while (end < tokens.length && (tokens[end]?.length ?? 0) === 1) end++;
    if (end - first >= SPELLED_OUT_MIN) {
      const term = compiled.byFolded.get(tokens.slice(first, end).join(''));
      const span = term === undefined ? undefined : tokenRangeSpan(text, first, end - 1);
      if (term !== undefined && span) matches.push({ term, span, written: text.original.slice(span[0], span[1]) });
    }
    first = Math.max(end, first + 1);
  }
  return matches;
}
