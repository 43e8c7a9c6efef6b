import { normalize } from '../normalize/index.js';
import type { ArticleContext } from '../types.js';
import { AFINN, PATTERN, SENTICON, VADER } from './lexicon.js';

/**
 * The article's subject words. A comment under a story about an attack repeats "attack", "threats", "casualties":
 * that is the article's subject, not the reader's sentiment. When the comment's article is known, the rated words
 * (in a lexicon) that the article itself uses, and the common words naming news events (EVENT_NOUNS), weigh
 * TOPIC_WEIGHT in the comment's sentiment. The reader's evaluative words ("good", "stupid", "shameful": adjectives
 * Pattern rates as opinion) keep their full weight even when the article uses them, since repeating a judgement is
 * still taking a side. Without the article nothing changes: a tweet's "war" may well be its author's sentiment.
 */
export interface TopicWords {
  has(word: string): boolean;
}

/**
 * Not fitted: none of the labelled sets comes with the article a text answers. A quarter keeps the word's
 * direction as a tie-breaker while letting the reader's own words ("hope", "right") decide.
 */
export const TOPIC_WEIGHT = 0.25;
/**
 * Nouns that name what news reports (violence, disasters, crime, conflict): read as the subject under any article,
 * since an article about cross-border terrorism need not use the comment's word "threats" itself.
 */
export const EVENT_NOUNS: ReadonlySet<string> = new Set(
  ('attack assault bomb bombing casualty conflict crash crime crisis danger death disaster emergency explosion ' +
    'fatality fire flood hostage injury invasion killing militant murder outbreak shooting strike terror terrorism ' +
    'terrorist threat tension victim violence war warfare wound').split(' '),
);

/** Pattern subjectivity at or above this marks an opinion word (kept at full weight). */
const OPINION_SUBJECTIVITY = 0.5;
const MIN_LENGTH = 3;
const CACHE_LIMIT = 256;

/** Per article id, with the text it was built from (a changed title or body rebuilds it). */
const cache = new Map<string, { title: string; body: string; words: TopicWords }>();

/** Plural and third-person "s" dropped, so "threat" in the article meets "threats" in the comment. */
export function topicForm(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  return word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word;
}

function isRated(word: string): boolean {
  return AFINN.has(word) || SENTICON.has(word) || VADER.has(word);
}

/** Whether Pattern rates the word as opinion ("good", "stupid", "brilliant"): the reader's judgement, not a topic. */
export function isOpinionWord(word: string): boolean {
  return (PATTERN.get(word)?.subjectivity ?? 0) >= OPINION_SUBJECTIVITY;
}

/** The article's non-opinion words (topic forms); memoised per article, so many comments tokenise it once. */
export function topicWordsOf(article: ArticleContext | undefined): TopicWords | undefined {
  if (!article || (!article.title && !article.body)) return undefined;
  const title = article.title ?? '';
  const body = article.body ?? '';
  const cached = cache.get(article.id);
  if (cached && cached.title === title && cached.body === body) return cached.words;
  const set = new Set<string>(EVENT_NOUNS);
  for (const token of normalize(`${title}\n${body}`).tokens) {
    if (token.length >= MIN_LENGTH && isRated(token) && !isOpinionWord(token)) set.add(topicForm(token));
  }
  const words: TopicWords = { has: (word) => set.has(topicForm(word)) };
  if (!cached && cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value ?? '');
  cache.set(article.id, { title, body, words });
  return words;
}
