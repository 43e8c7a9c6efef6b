import { articleUpsertSchema, externalId } from '@moderato/contracts';
import { parseInput } from '@moderato/service-kit';
import { upsertArticle, type Storage } from '@moderato/storage';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { withDeadline } from './deadline.js';
import { parseJsonBody } from './json-body.js';

export const articleParamsSchema = z.strictObject({ articleId: externalId });

/** PUT /v1/articles/:articleId: the article's title and body, so analysis can compare comments with it. */
export function putArticle(storage: Storage) {
  return async (req: Request, res: Response): Promise<void> => {
    const { articleId } = parseInput(articleParamsSchema, req.params, 'path');
    const article = parseInput(articleUpsertSchema, parseJsonBody(req.body), 'body');
    const { publisherId } = req.webhook!;
    const { created } = await withDeadline('MongoDB', () =>
      upsertArticle(storage, { publisherId, articleId, title: article.title, body: article.body, ...(article.url ? { url: article.url } : {}) }),
    );
    res.status(created ? 201 : 200).json({ articleId, created });
  };
}
