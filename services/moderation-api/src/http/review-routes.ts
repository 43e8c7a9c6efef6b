import { ConflictError, NotFoundError, parseInput } from '@moderato/service-kit';
import { decideComment, findCommentDetail, listReviewQueue, type DecideCommentResult, type Storage } from '@moderato/storage';
import { Router } from 'express';
import { principalOf, requireRole } from './auth.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { commentParamsSchema, decisionBodySchema, reviewQueueQuerySchema } from './query-schemas.js';

/** The moderators' routes: the review queue, one comment in full, and decisions. */
export function reviewRouter(storage: Storage, announceEvents: (publisherId: string) => void): Router {
  const router = Router();
  const moderators = requireRole('moderator', 'admin');

  router.get('/v1/queue', moderators, async (req, res) => {
    const { flag, cursor, ...query } = parseInput(reviewQueueQuerySchema, req.query, 'query');
    const after = cursor === undefined ? undefined : decodeCursor(cursor, query.sort);
    const page = await listReviewQueue(storage, principalOf(req).publisherId, { ...query, flags: flag, after });
    res.json({ items: page.items, nextCursor: page.next && encodeCursor(query.sort, page.next) });
  });

  router.get('/v1/comments/:id', moderators, async (req, res) => {
    const { id } = parseInput(commentParamsSchema, req.params, 'path');
    const detail = await findCommentDetail(storage, principalOf(req).publisherId, id);
    if (!detail) throw commentNotFound(id);
    res.json(detail);
  });

  router.post('/v1/comments/:id/decision', moderators, async (req, res) => {
    const { id } = parseInput(commentParamsSchema, req.params, 'path');
    const body = parseInput(decisionBodySchema, req.body, 'body');
    const { keyId, publisherId } = principalOf(req);
    const result = await decideComment(storage, { publisherId, commentId: id, action: body.action, reason: body.reason, decidedBy: keyId });
    if (result.outcome === 'decided') announceEvents(publisherId);
    res.json(decidedOrThrow(result, keyId));
  });

  return router;
}

/** The answer to a decision; a refused one is a 409 whose `commentStatus` says where the comment stands (`status` is the HTTP status, RFC 9457). */
function decidedOrThrow(result: DecideCommentResult, keyId: string): { commentId: string; status: string; decision: unknown } {
  switch (result.outcome) {
    case 'decided':
      return { commentId: result.commentId, status: result.status, decision: result.decision };
    case 'not_found':
      throw commentNotFound(result.commentId);
    case 'not_awaiting_review':
      throw new ConflictError(
        result.decision
          ? `Comment "${result.commentId}" was already decided (${result.decision.action}) ${result.decision.decidedBy === keyId ? 'with this key' : 'by another moderator'}.`
          : `Comment "${result.commentId}" is not awaiting review: the policy set it to ${result.status}.`,
        result.decision ? 'already_decided' : 'not_awaiting_review',
        { commentStatus: result.status, decision: result.decision },
      );
  }
}

// Another publisher's ids answer exactly like unknown ones, so a key cannot probe which ids exist elsewhere.
function commentNotFound(commentId: string): NotFoundError {
  return new NotFoundError(`No comment "${commentId}" for this publisher.`);
}
