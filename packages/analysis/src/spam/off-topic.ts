import { createRequire } from 'node:module';
import { isOpinionWord } from '../sentiment/topic.js';
import type { ArticleContext, NormalizedText } from '../types.js';

/**
 * Off-topic check: whether a comment shares any topic word with the article it is under. Judged only when the
 * article's body is known: a title alone has too few words (a comment on the talks in Istanbul shares none with
 * "High-Stakes Dialogue in Istanbul"), so with only a title nothing is said. News comments digress legitimately,
 * so the answer is reported, naming the comment's topic words, and adds weight to the spam score only beside other
 * spam evidence (see score.ts). A comment's topic words are what it talks about: not function or everyday words, and
 * not opinion words ("brilliant", "shameful"), which say how the reader feels about whatever it is.
 */
/**
 * Fewer topic words than this are not judged: too few to tell a digression from a synonym. "Drone strikes will only
 * make it worse", under an article on airstrikes and militants, shares no word with it.
 */
const MIN_CONTENT_WORDS = 4;
/** Topic words named in the reason. */
const NAMED_WORDS = 4;
/** A body shorter than this (in distinct topic words) is a teaser or a caption: too little to judge against. */
const MIN_ARTICLE_WORDS = 30;
const MAX_OVERLAP = 0.05;
const CACHE_LIMIT = 256;
const WORD = /[\p{L}\p{N}]+/gu;

/**
 * Function words, and everyday words that any text may use whatever its topic ("last night", "the second half",
 * "I hope", "good news"): sharing one of them with the article says nothing about the comment's topic.
 */
const STOP_WORDS = new Set(
  ('the a an and or but if then than that this these those there their they them he she it its his her we our you ' +
    'your i me my mine is are was were be been being am do does did done have has had having not no nor so too very ' +
    'of to in on at by for with from into onto about over under after before again just only also more most less ' +
    'some any all each every both few many much such own same other what which who whom whose when where why how ' +
    'can could will would shall should may might must let lets get got make made go going like one two well still ' +
    'even really yes yeah ok okay think know see say said people time thing things way dont cant wont im its ive ' +
    'first second third last next today yesterday tomorrow tonight night morning evening day days week weeks month ' +
    'months year years half part lot lots good great bad best better worse worst new old big small long right left ' +
    'never always ever anyone everyone someone nobody nothing something anything everything here now then soon ' +
    'watch look need hope want believe agree read news article story comment comments lol wow thanks please sure ' +
    'true false maybe probably actually finally anyway')
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

const require = createRequire(import.meta.url);
// Narrow import: natural's index pulls in dotenv and much else.
const porter = require('natural/lib/natural/stemmers/porter_stemmer') as { stem(word: string): string };
/** Stems of comment words seen lately (Porter costs a few µs a word; comments repeat their vocabulary). */
const stems = new Map<string, string>();
const STEM_CACHE_LIMIT = 50_000;

/** Porter's stem, so "voted" meets "vote", "diplomats" meets "diplomatic" and "libraries" meets "library". */
function stem(word: string): string {
  let result = stems.get(word);
  if (result === undefined) {
    result = porter.stem(word);
    if (stems.size >= STEM_CACHE_LIMIT) stems.clear();
    stems.set(word, result);
  }
  return result;
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

export interface ArticleOverlap {
  /** The comment's topic words (after stop words), and how many of them the article uses. */
  words: number;
  shared: number;
  /** The first few of the comment's topic words the article does not use, as they are in the text (lowercased). */
  unshared: string[];
}

/**
 * How many of the comment's topic words the article uses, or undefined when there is nothing to judge by: no
 * article body (a title alone is not enough), a body too short, or a comment with too few topic words.
 */
export function articleOverlap(text: NormalizedText, article: ArticleContext | undefined): ArticleOverlap | undefined {
  if (!article?.body) return undefined;
  const topicTokens = text.tokens.filter(isContentWord);
  if (topicTokens.length < MIN_CONTENT_WORDS) return undefined;
  const known = wordsOfArticle(article);
  if (known.size < MIN_ARTICLE_WORDS) return undefined;
  let shared = 0;
  const unshared: string[] = [];
  for (const token of topicTokens) {
    if (known.has(stem(token))) shared++;
    else if (unshared.length < NAMED_WORDS && !unshared.includes(token)) unshared.push(token);
  }
  return { words: topicTokens.length, shared, unshared };
}

function isContentWord(token: string): boolean {
  return stem(token).length >= 3 && !STOP_WORDS.has(token) && !isOpinionWord(token);
}

export function isOffTopic(overlap: ArticleOverlap | undefined): overlap is ArticleOverlap {
  return overlap !== undefined && overlap.shared / overlap.words <= MAX_OVERLAP;
}
