import { parseInput } from '@moderato/service-kit';
import { sentimentStats, type Storage } from '@moderato/storage';
import { Router } from 'express';
import { principalOf, requireRole } from './auth.js';
import { sentimentStatsQuerySchema } from './query-schemas.js';

/** The analysts' routes. Moderators may read stats too; only deciding is theirs alone. */
export function statsRouter(storage: Storage): Router {
  const router = Router();
  router.get('/v1/stats/sentiment', requireRole('analyst', 'moderator', 'admin'), async (req, res) => {
    const query = parseInput(sentimentStatsQuerySchema, req.query, 'query');
    const buckets = await sentimentStats(storage, principalOf(req).publisherId, query);
    res.json({
      interval: query.interval,
      timezone: 'UTC',
      articleId: query.articleId ?? null,
      from: query.from ?? null,
      to: query.to ?? null,
      buckets,
    });
  });
  return router;
}
