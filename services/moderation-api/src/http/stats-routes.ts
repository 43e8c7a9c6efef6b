import { parseInput } from '@moderato/service-kit';
import { articleStats, authorStats, excludedFlags, sentimentStats, type GroupedStatsQuery, type Storage } from '@moderato/storage';
import { Router, type Request } from 'express';
import { principalOf, requireRole } from './auth.js';
import { groupedStatsQuerySchema, sentimentStatsQuerySchema } from './query-schemas.js';

const READERS = ['analyst', 'moderator', 'admin'] as const;

/** What a per-article or per-author answer says besides its rows: the range, the order and what was left out. */
function groupedEnvelope(query: GroupedStatsQuery) {
  return { from: query.from, to: query.to, sort: query.sort, limit: query.limit, excluded: excludedFlags(query.include) };
}

function groupedQuery(req: Request): GroupedStatsQuery {
  return parseInput(groupedStatsQuerySchema, req.query, 'query');
}

/** The analysts' routes. Moderators may read stats too; only deciding is theirs alone. */
export function statsRouter(storage: Storage): Router {
  const router = Router();
  router.get('/v1/stats/sentiment', requireRole(...READERS), async (req, res) => {
    const query = parseInput(sentimentStatsQuerySchema, req.query, 'query');
    const buckets = await sentimentStats(storage, principalOf(req).publisherId, query);
    res.json({
      interval: query.interval,
      timezone: 'UTC',
      articleId: query.articleId ?? null,
      from: query.from ?? null,
      to: query.to ?? null,
      excluded: excludedFlags(query.include),
      buckets,
    });
  });
  router.get('/v1/stats/articles', requireRole(...READERS), async (req, res) => {
    const query = groupedQuery(req);
    res.json({ ...groupedEnvelope(query), articles: await articleStats(storage, principalOf(req).publisherId, query) });
  });
  router.get('/v1/stats/authors', requireRole(...READERS), async (req, res) => {
    const query = groupedQuery(req);
    res.json({ ...groupedEnvelope(query), authors: await authorStats(storage, principalOf(req).publisherId, query) });
  });
  return router;
}
