import { readFileSync } from 'node:fs';
import type { IncomingComment } from '@moderato/contracts';

interface SeedFixture {
  article: { id: string; url: string; title: string; body: string };
  comments: Array<{ id: string; author: { id: string; name: string }; text: string; createdAt: string }>;
}

const seed = JSON.parse(readFileSync(new URL('../../shared/fixtures/seed-article.json', import.meta.url), 'utf8')) as SeedFixture;

export function seedArticle(): SeedFixture['article'] {
  return { ...seed.article };
}

/** The six reader comments of the seed article, as the publisher would send them. */
export function seedComments(): IncomingComment[] {
  return seed.comments.map((comment) => ({
    ...comment,
    author: { ...comment.author },
    article: { id: seed.article.id, url: seed.article.url, title: seed.article.title },
  }));
}

let counter = 0;

/** A valid comment on the seed article; override any field. */
export function buildComment(overrides: Partial<IncomingComment> = {}): IncomingComment {
  counter += 1;
  return {
    id: `built-${counter}-${Date.now()}`,
    article: { id: seed.article.id, title: seed.article.title },
    author: { id: `reader-${counter}`, name: `Reader ${counter}` },
    text: 'A measured take on the talks; I hope the ceasefire holds.',
    createdAt: '2025-10-25T16:00:00Z',
    ...overrides,
  };
}

/** Link spam of the kind publishers see under news articles. */
export function buildLinkSpam(overrides: Partial<IncomingComment> = {}): IncomingComment {
  return buildComment({
    author: { id: 'promo-bot-17', name: 'Best Deals' },
    text: 'CHECK OUT my channel!!! Fr3e crypto giveaway, earn $5000 a week from home: bit.ly/free-btc-now and https://cheap-followers.example.com — subscribe now!!!',
    ...overrides,
  });
}
