import { isOpinionWord } from '../sentiment/topic.js';

/**
 * Whom a harsh word is aimed at. Abuse is about people: "you idiot", "the minister is a liar", "immigrants are
 * vermin". The same words said of a decision, a policy, an institution or the article ("a stupid decision", "this
 * government is a disgrace", "the deal is garbage") are criticism, however rude, and not abuse. This finds the harsh
 * words that are plainly said of a thing, so the abuse phase can leave them out; anything less plain stays in.
 */

/** Decisions, policies, institutions, the article and its like: what readers may call stupid without abusing anyone. */
const THINGS = new Set([
  'decision', 'decisions', 'policy', 'policies', 'plan', 'plans', 'law', 'laws', 'legislation', 'ruling', 'rulings',
  'idea', 'ideas', 'deal', 'deals', 'proposal', 'proposals', 'scheme', 'schemes', 'government', 'governments',
  'council', 'councils', 'ministry', 'ministries', 'department', 'administration', 'parliament', 'congress', 'senate',
  'committee', 'court', 'courts', 'agency', 'regime', 'system', 'bureaucracy', 'article', 'articles', 'story',
  'report', 'reporting', 'headline', 'headlines', 'coverage', 'journalism', 'editorial', 'column', 'newspaper',
  'argument', 'arguments', 'process', 'budget', 'tax', 'taxes', 'reform', 'reforms', 'project', 'programme',
  'program', 'situation', 'strategy', 'approach', 'negotiations', 'talks', 'ceasefire', 'agreement', 'treaty',
  'summit', 'election', 'referendum', 'campaign', 'excuse', 'excuses', 'theory', 'logic', 'reasoning', 'decree',
  'measures', 'mandate', 'initiative', 'investigation', 'inquiry', 'verdict', 'tariff', 'tariffs', 'spending',
  'cuts', 'policing', 'handling', 'management', 'economy', 'consultation', 'closures', 'closure', 'movie', 'movies',
  'film', 'films', 'show', 'book', 'series', 'episode', 'product', 'service', 'paper', 'website', 'site', 'outlet',
  'move', 'step', 'bill', 'statement', 'speech', 'response',
]);

/** Words that point at a person: a harsh word next to one of them is not said of a thing. */
export const PERSONAL_WORDS: ReadonlySet<string> = new Set([
  'you', 'u', 'ur', 'your', "you're", 'youre', 'yourself', 'ya', 'he', 'she', 'him', 'her', 'his', 'hers', 'they',
  'them', 'their', "he's", "she's", "they're", 'people', 'man', 'men', 'woman', 'women', 'guy', 'guys', 'person',
  'minister', 'leader', 'mayor', 'president', 'councillor', 'councilor', 'mp', 'author', 'journalist', 'reporter',
]);

/** Between a thing and the harsh word said of it: "the plan is (just / a / an utterly) stupid". */
const COPULAS = new Set(['is', 'was', 'are', 'were', 'seems', 'looks', 'remains', 'became', 'becomes', 'sounds', 'feels', "it's", "that's"]);
const MODIFIERS = new Set([
  'a', 'an', 'the', 'such', 'so', 'really', 'just', 'absolutely', 'utterly', 'completely', 'totally', 'complete',
  'total', 'utter', 'pure', 'absolute', 'quite', 'pretty', 'very', 'most', 'truly', 'simply', 'frankly', 'another',
  'big', 'bit', 'of', 'too', 'plain', 'downright', 'beyond', 'ever', 'bloody', 'damn',
  // "the plan is stupid and pointless", "a total disaster and a complete waste": one judgement of one thing.
  'and', 'or',
]);

/** Pronouns that stand for a thing said or done, as in "this is stupid", "it was a disgrace". */
const THING_PRONOUNS = new Set(['it', 'this', 'that']);

const DETERMINERS = new Set(['the', 'this', 'that', 'these', 'those', 'our', 'such', 'a', 'an', 'whole', 'entire']);

/** Harsh words said of things that the lexicon does not list as insults ("the deal is a farce", "ridiculous"). */
export const UNLISTED_HARSH_WORDS: ReadonlySet<string> = new Set([
  'disgrace', 'joke', 'farce', 'sham', 'shambles', 'mess', 'rubbish', 'nonsense', 'garbage', 'trash', 'travesty',
  'embarrassment', 'shame', 'ridiculous', 'bad', 'terrible', 'awful', 'horrible', 'worst', 'dreadful', 'appalling',
  'shameful', 'absurd', 'outrageous', 'insane', 'idiotic', 'crazy', 'laughable', 'disaster', 'catastrophe', 'fiasco',
  'failure', 'waste',
]);

/**
 * Whether the harsh word at `at` is plainly said of a thing: it stands before the thing, with only modifiers, opinion
 * words and other harsh words between ("a pathetic, useless ministry"); or, with no word pointing at a person after
 * it in its sentence ("it's a shame YOU…"), it is the predicate of a thing, of "it's" / "that's", or of a pronoun
 * opening a sentence ("this government is a disgrace", "that's stupid", "This is stupid."), or a thing-only word
 * said by a thing's verb or in "shame on" a thing (objectOfThing). Anything less plain is left to the classifier.
 * `isHarsh`: whether a token is itself a harsh word.
 */
export function saidOfThing(text: SentenceTokens, at: number, isHarsh: (token: string) => boolean): boolean {
  const { tokens } = text;
  if (describesFollowingThing(tokens, at, isHarsh)) return true;
  if (personFollows(text, at)) return false;
  return predicateOfThing(text, at, isHarsh) || (UNLISTED_HARSH_WORDS.has(tokens[at] ?? '') && objectOfThing(tokens, at, isHarsh));
}

/** A text's tokens, and per token whether it opens a sentence. */
export interface SentenceTokens {
  tokens: readonly string[];
  sentenceStarts: readonly boolean[];
}

/**
 * "the newspaper publishes biased garbage": a word that can only describe a thing (never an insult such as "idiots",
 * which may be people), as the object of a thing's verb; or "shame on this paper".
 */
function objectOfThing(tokens: readonly string[], at: number, isHarsh: (token: string) => boolean): boolean {
  let j = at - 1;
  while (j >= 0 && qualifies(tokens[j] ?? '', isHarsh)) j--;
  // The verb, and perhaps one word more ("publishes biased"), between the thing and what it is said to do.
  for (let k = j; k >= 1 && k >= j - 1; k--) {
    if (COPULAS.has(tokens[k] ?? '') || PERSONAL_WORDS.has(tokens[k] ?? '')) break;
    if (THINGS.has(tokens[k - 1] ?? '')) return true;
  }
  if (tokens[at + 1] !== 'on') return false;
  for (let k = at + 2; k < tokens.length && k <= at + 4; k++) {
    if (THINGS.has(tokens[k] ?? '')) return true;
    if (!DETERMINERS.has(tokens[k] ?? '')) return false;
  }
  return false;
}

function describesFollowingThing(tokens: readonly string[], at: number, isHarsh: (token: string) => boolean): boolean {
  for (let j = at + 1; j < tokens.length && j <= at + 3; j++) {
    const token = tokens[j] ?? '';
    if (THINGS.has(token)) return true;
    if (!qualifies(token, isHarsh)) return false;
  }
  return false;
}

function predicateOfThing({ tokens, sentenceStarts }: SentenceTokens, at: number, isHarsh: (token: string) => boolean): boolean {
  let j = at - 1;
  while (j >= 0 && qualifies(tokens[j] ?? '', isHarsh)) j--;
  const copula = tokens[j] ?? '';
  // "it's stupid", "that's a joke": the pronoun and the verb are one token; "This is a joke." says the same, when
  // the pronoun opens the sentence ("anyone defending this is a fool" is said of a person).
  if (copula === "it's" || copula === "that's") return true;
  const subject = tokens[j - 1] ?? '';
  if (!COPULAS.has(copula)) return false;
  return THINGS.has(subject) || (THING_PRONOUNS.has(subject) && sentenceStarts[j - 1] === true);
}

/** A word that can stand in a run of words qualifying one thing: a modifier, a harsh word or another opinion word. */
function qualifies(token: string, isHarsh: (token: string) => boolean): boolean {
  return MODIFIERS.has(token) || isHarsh(token) || isOpinionWord(token);
}

/** A word pointing at a person in the next few words of the same sentence. */
function personFollows({ tokens, sentenceStarts }: SentenceTokens, at: number): boolean {
  for (let j = at + 1; j < tokens.length && j <= at + 4 && sentenceStarts[j] !== true; j++) {
    if (PERSONAL_WORDS.has(tokens[j] ?? '')) return true;
  }
  return false;
}
