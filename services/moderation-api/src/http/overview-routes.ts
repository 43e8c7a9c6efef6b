import { parseInput } from '@moderato/service-kit';
import { moderationOverview, type Storage } from '@moderato/storage';
import { Router } from 'express';
import { z } from 'zod';
import { principalOf, requireRole } from './auth.js';
import { DEFAULT_GROUPED_RANGE_DAYS, MAX_GROUPED_RANGE_DAYS, RANGE_ERROR, instant, timeRange, withDefaultRange, withinGroupedRange } from './query-schemas.js';

/** GET /v1/overview: the range, defaulted and bounded as the per-article and per-author figures are. */
export const overviewQuerySchema = z
  .strictObject({
    from: instant.optional().meta({ description: `Inclusive; default ${DEFAULT_GROUPED_RANGE_DAYS} days before \`to\`.` }),
    to: instant.optional().meta({ description: 'Exclusive; default now.' }),
  })
  .refine(timeRange, RANGE_ERROR)
  .transform(withDefaultRange)
  .refine(withinGroupedRange, { path: ['from'], message: `must be at most ${MAX_GROUPED_RANGE_DAYS} days before to (or before now)` });

/** The desk's overview: what came in, what became of it, who decided what, how fast, and how often each flag was upheld. */
export function overviewRouter(storage: Storage): Router {
  const router = Router();
  router.get('/v1/overview', requireRole('moderator', 'admin'), async (req, res) => {
    const { from, to } = parseInput(overviewQuerySchema, req.query, 'query');
    res.json(await moderationOverview(storage, principalOf(req).publisherId, { from, to }));
  });
  return router;
}
