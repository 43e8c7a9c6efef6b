import type { ArticleContext, SentimentLabel } from '../src/types.js';

/**
 * News-style comments of our own making, for the sentiment of readers under an article: the article's subject words
 * (attacks, threats, casualties), a clause after "but"/"however" that turns the comment, and civil praise or
 * criticism of institutions. Each case names the labels a moderator would accept for it.
 */
export type NewsTopic = 'border-talks' | 'flood' | 'library-closure';

const ARTICLES: Record<NewsTopic, { title: string; body: string }> = {
  'border-talks': {
    title: 'Border talks resume after cross-border attacks',
    body: 'Officials from both countries met in Istanbul to discuss escalating border tensions and curbing ' +
      'cross-border terrorist activities, after attacks that left several soldiers dead. A ceasefire agreed last ' +
      'week remains fragile, and both sides demand a verifiable monitoring mechanism.',
  },
  flood: {
    title: 'Flood kills 12 as river bursts its banks',
    body: 'Rescue teams worked through the night after the river flooded the town centre. Twelve people died and ' +
      'dozens were injured; the casualties include two children. The council has opened emergency shelters.',
  },
  'library-closure': {
    title: 'Council votes to close the central library',
    body: 'The council voted on Tuesday to close the central library to save money. Campaigners say the closure ' +
      'will hurt students and older residents; the council says the building is too costly to repair.',
  },
};

/** The article a comment was posted under, as the publisher sends it (id, title, body). */
export function articleAbout(topic: NewsTopic, parts: { title?: boolean; body?: boolean } = {}): ArticleContext {
  const article: ArticleContext = { id: `article-${topic}` };
  if (parts.title !== false) article.title = ARTICLES[topic].title;
  if (parts.body !== false) article.body = ARTICLES[topic].body;
  return article;
}

export type NewsKind = 'topic words' | 'but/however' | 'civil praise' | 'civil criticism' | 'report';

export interface NewsCase {
  kind: NewsKind;
  text: string;
  topic: NewsTopic;
  /** The labels a moderator would accept. */
  accept: SentimentLabel[];
}

function newsCase(kind: NewsKind, topic: NewsTopic, text: string, ...accept: SentimentLabel[]): NewsCase {
  return { kind, topic, text, accept };
}

export const NEWS_CASES: readonly NewsCase[] = [
  newsCase('topic words', 'border-talks', 'Pakistan has every right to demand security from cross-border threats. Hope this works.', 'positive', 'neutral'),
  newsCase('topic words', 'border-talks', 'Every attack makes these talks more urgent. Glad they are finally sitting down together.', 'positive', 'neutral'),
  newsCase('topic words', 'flood', 'Thoughts are with the families of the victims. The rescue teams have been brilliant.', 'positive'),
  newsCase('topic words', 'flood', 'The casualties were reported near the old bridge on Tuesday night.', 'neutral'),
  newsCase('topic words', 'flood', 'Thank you to the volunteers who opened their homes during the flood.', 'positive'),
  newsCase('but/however', 'border-talks', "It's good that Qatar and Turkiye are mediating. However, without real commitment these talks are just temporary fixes.", 'negative', 'neutral'),
  newsCase('but/however', 'library-closure', 'The plan sounds sensible on paper, but it will fail the students who depend on the library.', 'negative'),
  newsCase('but/however', 'library-closure', 'I was against it at first, but the council has explained its reasons well and I now support it.', 'positive', 'neutral'),
  newsCase('but/however', 'flood', 'The shelters opened quickly. However, the warnings came far too late and people died because of it.', 'negative'),
  newsCase('civil praise', 'library-closure', 'Excellent reporting, thank you for covering this so thoroughly.', 'positive'),
  newsCase('civil praise', 'flood', 'Great to see the whole community come together to help.', 'positive'),
  newsCase('civil criticism', 'library-closure', 'The council made a stupid decision to close the library.', 'negative'),
  newsCase('civil criticism', 'library-closure', 'This council is a disgrace and the leader should resign.', 'negative'),
  newsCase('civil criticism', 'flood', 'Really disappointing coverage, you left out the key facts about the warnings.', 'negative'),
  newsCase('report', 'library-closure', 'The vote is on Thursday at 7pm in the town hall.', 'neutral'),
];
