import { parseInput } from '@moderato/service-kit';
import { readEventFeed, type Storage } from '@moderato/storage';
import { Router } from 'express';
import { z } from 'zod';
import { principalOf, requireRole } from './auth.js';
import { decodeOpaqueCursor, encodeOpaqueCursor } from './cursor.js';
import { eventFeedQuerySchema } from './webhook-schemas.js';

/**
 * `GET /v1/events`: the publisher's events in feed order, for analytics jobs and publishers that cannot take webhooks.
 * Reading from the start (no `after`) and then always after the returned `nextCursor` sees every event exactly once:
 * positions are gapless and each is written only after the one before it exists.
 */
export function eventRouter(storage: Storage): Router {
  const router = Router();
  router.get('/v1/events', requireRole('admin', 'analyst'), async (req, res) => {
    const query = parseInput(eventFeedQuerySchema, req.query, 'query');
    const after = query.after === undefined ? 0 : decodeFeedCursor(query.after);
    const page = await readEventFeed(storage, principalOf(req).publisherId, { after, types: query.types, limit: query.limit });
    res.json({ events: page.events.map(({ position: _position, ...event }) => event), nextCursor: encodeFeedCursor(page.last), hasMore: page.hasMore });
  });
  return router;
}

const feedCursorSchema = z.strictObject({ v: z.literal(1), position: z.number().int().min(0) });

function encodeFeedCursor(position: number): string {
  return encodeOpaqueCursor({ v: 1, position });
}

function decodeFeedCursor(cursor: string): number {
  return decodeOpaqueCursor(cursor, feedCursorSchema, 'query.after').position;
}
