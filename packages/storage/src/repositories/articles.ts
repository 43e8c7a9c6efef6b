import type { Storage } from '../storage.js';

export interface ArticleRecord {
  publisherId: string;
  articleId: string;
  title: string;
  body: string;
  url?: string;
}

/** Creates or replaces an article's text; returns whether it was new. */
export async function upsertArticle(storage: Storage, article: ArticleRecord): Promise<{ created: boolean }> {
  const result = await storage.models.articles.updateOne(
    { publisherId: { $eq: article.publisherId }, articleId: { $eq: article.articleId } },
    { $set: { title: article.title, body: article.body, ...(article.url ? { url: article.url } : {}) } },
    { upsert: true },
  );
  return { created: result.upsertedCount === 1 };
}

export async function findArticle(storage: Storage, publisherId: string, articleId: string): Promise<ArticleRecord | null> {
  const doc = await storage.models.articles.findOne({ publisherId: { $eq: publisherId }, articleId: { $eq: articleId } }).lean();
  if (!doc) return null;
  return { publisherId: doc.publisherId, articleId: doc.articleId, title: doc.title, body: doc.body ?? '', ...(doc.url ? { url: doc.url } : {}) };
}
