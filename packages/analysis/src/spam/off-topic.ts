import type { ArticleContext, NormalizedText } from '../types.js';

/**
 * Off-topic check: share of the comment's content words that also occur in the article. News comments digress
 * legitimately, so this is only consulted for comments with enough content words and adds a small weight.
 */
const MIN_CONTENT_WORDS = 8;
const MAX_OVERLAP = 0.05;
const CACHE_LIMIT = 256;
const WORD = /[\p{L}\p{N}]+/gu;

const STOP_WORDS = new Set(
  ('the a an and or but if then than that this these those there their they them he she it its his her we our you ' +
    'your i me my mine is are was were be been being am do does did done have has had having not no nor so too very ' +
    'of to in on at by for with from into onto about over under after before again just only also more most less ' +
    'some any all each every both few many much such own same other what which who whom whose when where why how ' +
    'can could will would shall should may might must let lets get got make made go going like one two well still ' +
    'even really yes yeah ok okay think know see say said people time thing things way dont cant wont im its ive')
    .split(' '),
);

const articleWords = new Map<string, ReadonlySet<string>>();

function contentWords(text: string): string[] {
  const words: string[] = [];
  const lower = text.toLowerCase();
  WORD.lastIndex = 0;
  for (let m = WORD.exec(lower); m; m = WORD.exec(lower)) {
    const word = stem(m[0]);
    if (word.length >= 3 && !STOP_WORDS.has(m[0])) words.push(word);
  }
  return words;
}

/** A crude stem so "talks"/"talking"/"talked" meet "talk": `word.replace(/(?:ing|ed|es|s)$/u, '')`, without a regex. */
function stem(word: string): string {
  // The leftmost match wins, i.e. the longest suffix: "-ing", then "-ed"/"-es", then "-s".
  if (word.endsWith('ing')) return word.slice(0, -3);
  if (word.endsWith('ed') || word.endsWith('es')) return word.slice(0, -2);
  if (word.endsWith('s')) return word.slice(0, -1);
  return word;
}

/** Memoised per article (keyed by id and text), so scoring many comments on one article tokenises it once. */
function wordsOfArticle(article: ArticleContext): ReadonlySet<string> {
  const key = `${article.id}\u0000${article.title ?? ''}\u0000${article.body?.length ?? 0}`;
  let words = articleWords.get(key);
  if (!words) {
    words = new Set(contentWords(`${article.title ?? ''} ${article.body ?? ''}`));
    if (articleWords.size >= CACHE_LIMIT) articleWords.delete(articleWords.keys().next().value ?? '');
    articleWords.set(key, words);
  }
  return words;
}

/** Overlap in [0, 1], or undefined when the article text is unknown or the comment too short to judge. */
export function articleOverlap(text: NormalizedText, article: ArticleContext | undefined): number | undefined {
  if (!article || (!article.title && !article.body)) return undefined;
  let words = 0;
  for (const token of text.tokens) if (isContentWord(token)) words++;
  if (words < MIN_CONTENT_WORDS) return undefined;
  const known = wordsOfArticle(article);
  let shared = 0;
  for (const token of text.tokens) if (isContentWord(token) && known.has(stem(token))) shared++;
  return shared / words;
}

function isContentWord(token: string): boolean {
  return stem(token).length >= 3 && !STOP_WORDS.has(token);
}

export function isOffTopic(overlap: number | undefined): boolean {
  return overlap !== undefined && overlap <= MAX_OVERLAP;
}
