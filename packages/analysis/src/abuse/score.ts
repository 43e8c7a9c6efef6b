import type { AbuseCategory, AbuseResult, NormalizedText, Reason } from '../types.js';
import { marginFromSum, round, sigmoid } from '../learn/linear-model.js';
import type { AbuseMatch } from './detect.js';
import { denseOf, detectAbuse, isHarshWord, matchReasons, MAY_BE_HARSH } from './detect.js';
import type { AbuseModel, CompiledAbuseModel } from './model.js';
import { compileAbuseModel } from './model.js';
import { FUNCTION_WORDS } from './features.js';
import { PERSONAL_WORDS, saidOfThing } from './target.js';

/**
 * Where every harsh word of a comment was said of a thing and nothing listed is left, the classifier's score on the
 * rest is held below the flag level by this factor: what is left is the topic (a government, a policy), and topic
 * words are not abuse. A publisher who lowers the flag level below it still sees such comments.
 */
const CRITICISM_CAP = 0.9;

/** A threat of violence or an attack on a group is abusive whatever the classifier says. */
const SEVERE_FLOOR = 0.9;
const SEVERE: ReadonlySet<AbuseCategory> = new Set(['threat', 'identity_attack']);

export function scoreAbuse(text: NormalizedText, model: AbuseModel): AbuseResult {
  const compiled = compileAbuseModel(model);
  let bag = compiled.bag.sum(text.tokens);
  // The bag has each token's lexicon and phrase facts remembered: most texts skip the per-token lookups.
  const signals = detectAbuse(text, bag.tags);
  let { matches, dense } = signals;
  let tokens = text.tokens;
  const aimed = (bag.tags & MAY_BE_HARSH) === 0 ? undefined : harshWordsSaidOfThings(text);
  if (aimed) {
    // Harsh words said of a decision or an institution are criticism: scored as if they were not there.
    tokens = text.tokens.filter((_, i) => !aimed.has(i));
    bag = compiled.bag.sum(tokens);
    matches = matches.filter((m) => !aimsAtThing(m, text.tokens, aimed));
    dense = denseOf(matches);
  }
  let score = sigmoid(marginFromSum(compiled.weights, bag.sum, bag.count, dense));
  if (aimed && matches.length === 0) score = Math.min(score, model.threshold * CRITICISM_CAP);
  const categories: Partial<Record<AbuseCategory, number>> = {};
  const spans: AbuseResult['spans'] = [];
  for (const m of matches) {
    categories[m.category] = Math.max(categories[m.category] ?? 0, m.severity);
    if (SEVERE.has(m.category)) score = Math.max(score, SEVERE_FLOOR);
    if (m.span) spans.push({ start: m.span[0], end: m.span[1], category: m.category, text: text.original.slice(m.span[0], m.span[1]) });
  }
  const reasons = matchReasons(matches);
  if (matches.length === 0 && score >= model.threshold) reasons.push(classifierReason(compiled, tokens, bag.count));
  return { score: round(score, 4), categories, spans, reasons };
}

/** Indexes of the harsh words plainly said of a thing, or undefined when there are none. */
function harshWordsSaidOfThings(text: NormalizedText): Set<number> | undefined {
  const { tokens } = text;
  let aimed: Set<number> | undefined;
  let starts: boolean[] | undefined;
  for (let i = 0; i < tokens.length; i++) {
    if (!isHarshWord(tokens[i] ?? '')) continue;
    starts ??= sentenceStarts(text);
    if (saidOfThing({ tokens, sentenceStarts: starts }, i, isHarshWord)) (aimed ??= new Set()).add(i);
  }
  return aimed;
}

/** Per token, whether it opens a sentence: the first, or after a full stop, "!" or "?" in the original text. */
function sentenceStarts(text: NormalizedText): boolean[] {
  const spans = text.tokenSpans;
  return text.tokens.map((_, i) => {
    if (i === 0) return true;
    const before = spans?.[i - 1];
    const at = spans?.[i];
    return before !== undefined && at !== undefined && /[.!?]/.test(text.original.slice(before[1], at[0]));
  });
}

/** A match over a word said of a thing, with no word in it that points at a person ("what a pathetic [ministry]"). */
function aimsAtThing(match: AbuseMatch, tokens: readonly string[], aimed: ReadonlySet<number>): boolean {
  let hit = false;
  for (let i = match.first; i <= match.last; i++) {
    if (PERSONAL_WORDS.has(tokens[i] ?? '')) return false;
    if (aimed.has(i)) hit = true;
  }
  return hit;
}

/**
 * No listed word matched: name the words whose weights pushed the score up most. A character n-gram is named by
 * the word it came from; words of one or two letters ("a", "is") are not named, since they decide nothing alone.
 */
function classifierReason(compiled: CompiledAbuseModel, tokens: readonly string[], count: number): Reason {
  const top = compiled.explainer.top(tokens, count, 16);
  let words = namedWords(top, (feature) => (feature.startsWith('c:') ? undefined : wordsOf(feature.slice(2))));
  // Only n-grams of letters weighed: name the words they came from.
  if (words.length === 0) words = namedWords(top, (feature) => (feature.startsWith('c:') ? wordHolding(feature.slice(2), tokens) : undefined));
  const named = words.length > 0 ? `: ${words.map((w) => `"${w}"`).join(', ')}` : ' (no single word stands out)';
  return { code: 'classifier', message: `worded like offensive comments${named}` };
}

function namedWords(top: ReadonlyArray<{ feature: string }>, name: (feature: string) => string | undefined): string[] {
  const words: string[] = [];
  for (const c of top) {
    const word = name(c.feature);
    if (word !== undefined && !words.includes(word)) words.push(word);
    if (words.length === 3) break;
  }
  return words;
}

/** The words of a "w:" or "b:" feature worth naming, joined ("drama queen"), or undefined when none is. */
function wordsOf(body: string): string | undefined {
  const words = body.split(' ').filter(namesSomething);
  return words.length > 0 ? words.join(' ') : undefined;
}

/** The first word holding the character n-gram `gram` (of the word padded with spaces), if worth naming. */
function wordHolding(gram: string, tokens: readonly string[]): string | undefined {
  if (gram.trim().length < 3) return undefined;
  const token = tokens.find((t) => ` ${t} `.includes(gram));
  return token !== undefined && namesSomething(token) ? token : undefined;
}

/** Pronouns and small words: they weigh in the classifier (they say whom a text is aimed at) but name nothing offensive. */
const UNTELLING_WORDS: ReadonlySet<string> = new Set([
  'you', 'your', 'yours', 'he', 'she', 'him', 'her', 'his', 'hers', 'they', 'them', 'their', 'we', 'our', 'us', 'me',
  'my', 'i', "i'm", "you're", "he's", "she's", "they're", 'who', 'all', 'such', 'about', 'just', 'so',
]);

function namesSomething(word: string): boolean {
  return word.length >= 3 && word !== '<s>' && !FUNCTION_WORDS.has(word) && !UNTELLING_WORDS.has(word);
}
