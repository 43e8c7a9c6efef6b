import { readFileSync } from 'node:fs';
import type { ArticleUpsert, IncomingComment } from '@moderato/contracts';

/** The seed article and its six reader comments, as the repository ships them (the same file the tests read). */
interface SeedFixture {
  article: { id: string; url: string; title: string; body: string };
  comments: Array<{ id: string; author: { id: string; name: string }; text: string; createdAt: string }>;
}

const SEED_FILE = new URL('../../../shared/fixtures/seed-article.json', import.meta.url);

export interface DemoArticle {
  id: string;
  upsert: ArticleUpsert;
}

export function loadSeed(file: URL = SEED_FILE): SeedFixture {
  return JSON.parse(readFileSync(file, 'utf8')) as SeedFixture;
}

/** The article as a publisher registers it (PUT /v1/articles/:id). */
export function seedArticle(seed: SeedFixture): DemoArticle {
  const { id, title, body, url } = seed.article;
  return { id, upsert: { title, body, url } };
}

/** The seed's six reader comments, as the publisher would send them. */
export function seedComments(seed: SeedFixture): IncomingComment[] {
  return seed.comments.map((comment) => ({ ...comment, author: { ...comment.author }, article: articleRef(seed) }));
}

/**
 * One comment for each thing Moderato holds back, posted after the seed's: link spam through a URL shortener, a
 * near-copy of a seed comment by another author, an abusive comment and one in a language the analysis does not score.
 */
export function flaggedComments(seed: SeedFixture): IncomingComment[] {
  const original = seed.comments[3];
  if (!original) throw new Error('the seed fixture must hold at least four comments');
  return [
    demoComment(seed, 'demo-spam', { id: 'promo-bot-17', name: 'Best Deals' }, '2025-10-25T16:02:00Z',
      'Great article!!! Want to earn $5000 a week from home? Free crypto giveaway here: bit.ly/free-btc-now — subscribe now!!!'),
    demoComment(seed, 'demo-near-copy', { id: 'donatello', name: 'Donatello' }, '2025-10-25T16:20:00Z',
      original.text.replace('are valid', 'are legitimate').replace('complex.', 'complex!!')),
    demoComment(seed, 'demo-abuse', { id: 'angry-reader', name: 'Angry Reader' }, '2025-10-25T16:41:00Z',
      'Anyone who believes these talks will work is a stupid idiot and a disgusting liar.'),
    demoComment(seed, 'demo-spanish', { id: 'lector-madrid', name: 'Lucía' }, '2025-10-25T17:05:00Z',
      'Espero que estas conversaciones traigan por fin la paz a la frontera entre los dos países.'),
  ];
}

function demoComment(seed: SeedFixture, id: string, author: { id: string; name: string }, createdAt: string, text: string): IncomingComment {
  return { id, article: articleRef(seed), author, text, createdAt };
}

function articleRef(seed: SeedFixture): IncomingComment['article'] {
  return { id: seed.article.id, url: seed.article.url, title: seed.article.title };
}
