import { externalId } from '@moderato/contracts';
import { parseInput } from '@moderato/service-kit';
import {
  CLAIM_LEASE_SECONDS, MAX_CLAIM_SIZE, REVIEW_FLAG_KINDS, REVIEW_QUEUE_SORTS, claimNextQueueItems, claimQueueItems, releaseClaims, type Storage,
} from '@moderato/storage';
import { Router } from 'express';
import { z } from 'zod';
import { principalOf, requireRole } from './auth.js';

const commentIds = z
  .array(externalId, { error: 'must be a list of comment ids' })
  .min(1, 'must hold at least one comment id')
  .max(MAX_CLAIM_SIZE, `must hold at most ${MAX_CLAIM_SIZE} comment ids`)
  .refine((ids) => new Set(ids).size === ids.length, 'must not repeat an id');

/** Either the ids to lease (a page claiming what it shows), or how many of the queue's next items, in which part and order. */
export const claimBodySchema = z
  .strictObject({
    commentIds: commentIds.optional().meta({ description: 'Lease (or renew) exactly these; answers each id not leased in `refused`.' }),
    limit: z.number().int().min(1).max(MAX_CLAIM_SIZE).optional().meta({ description: `Without commentIds: lease the queue’s next items, 1 to ${MAX_CLAIM_SIZE}; default 25.` }),
    sort: z.enum(REVIEW_QUEUE_SORTS).optional().meta({ description: 'Without commentIds: the queue order to take them in, as GET /v1/queue; default oldest.' }),
    flags: z.array(z.enum(REVIEW_FLAG_KINDS)).min(1).max(REVIEW_FLAG_KINDS.length).optional().meta({ description: 'Without commentIds: items with any of these flags.' }),
    articleId: externalId.optional(),
    authorId: externalId.optional(),
  })
  .refine(
    (body) => body.commentIds === undefined || Object.keys(body).length === 1,
    { path: ['commentIds'], message: 'leases exactly the ids given: send it without limit, sort, flags, articleId or authorId' },
  );

export const releaseBodySchema = z.strictObject({
  commentIds: commentIds.optional().meta({ description: 'The leases to end; without it, every lease this key holds.' }),
});

/**
 * Claims: a moderator's key leases queue items for CLAIM_LEASE_SECONDS so other moderators' queue pages skip them.
 * Claiming again renews; a decision or a release ends a lease, and so does time.
 */
export function claimRouter(storage: Storage): Router {
  const router = Router();
  const moderators = requireRole('moderator', 'admin');

  router.post('/v1/queue/claim', moderators, async (req, res) => {
    const body = parseInput(claimBodySchema, req.body ?? {}, 'body');
    const { publisherId, keyId, label } = principalOf(req);
    const claimant = { keyId, label: label ?? null };
    if (body.commentIds) {
      const claimed = await claimQueueItems(storage, { publisherId, claimant, commentIds: body.commentIds });
      res.json({ leaseSeconds: CLAIM_LEASE_SECONDS, ...claimed });
      return;
    }
    const { limit = 25, sort = 'oldest', flags, articleId, authorId } = body;
    const claimed = await claimNextQueueItems(storage, { publisherId, claimant, limit, sort, filter: { flags, articleId, authorId } });
    res.json({ leaseSeconds: CLAIM_LEASE_SECONDS, ...claimed, refused: [] });
  });

  router.post('/v1/queue/release', moderators, async (req, res) => {
    const body = parseInput(releaseBodySchema, req.body ?? {}, 'body');
    const { publisherId, keyId } = principalOf(req);
    res.json({ released: await releaseClaims(storage, { publisherId, keyId, commentIds: body.commentIds }) });
  });

  return router;
}
