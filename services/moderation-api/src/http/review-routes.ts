import { withOverrides, type ModerationPolicy } from '@moderato/analysis';
import { ConflictError, NotFoundError, parseInput } from '@moderato/service-kit';
import {
  decideComment, decideComments, findCommentDetail, findPublisherPolicy, listReviewQueue, reviseDecision,
  type DecideCommentInput, type DecideCommentResult, type ReviseDecisionInput, type ReviseDecisionResult, type Storage,
} from '@moderato/storage';
import { Router, type Request } from 'express';
import { actorOf, principalOf, requireRole } from './auth.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import type { DecisionHooks } from './moderation-metrics.js';
import { bulkDecisionBodySchema, commentParamsSchema, decisionBodySchema, decisionIfMatchSchema, reviewQueueQuerySchema } from './query-schemas.js';

/**
 * The moderators' routes: the review queue, one comment in full, decisions (one or many), and undoing or changing a
 * decision within the publisher's window (`defaults` is the policy the publisher's overrides lay over).
 */
export function reviewRouter(
  storage: Storage,
  announceEvents: (publisherId: string) => void,
  defaults: ModerationPolicy,
  hooks?: DecisionHooks,
): Router {
  const router = Router();
  const moderators = requireRole('moderator', 'admin');

  router.get('/v1/queue', moderators, async (req, res) => {
    const { flag, cursor, ...query } = parseInput(reviewQueueQuerySchema, req.query, 'query');
    const after = cursor === undefined ? undefined : decodeCursor(cursor, query.sort);
    const { publisherId, keyId } = principalOf(req);
    const page = await listReviewQueue(storage, publisherId, { ...query, flags: flag, after, viewerKeyId: keyId });
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
    const result = await decideComment(storage, { publisherId, commentId: id, action: body.action, reason: body.reason, decidedBy: keyId, actor: actorOf(req), ...observed(req) });
    if (result.outcome === 'decided') announceEvents(publisherId);
    res.json(decidedOrThrow(result, keyId));
  });

  router.post('/v1/decisions', moderators, async (req, res) => {
    const { commentIds, action, reason } = parseInput(bulkDecisionBodySchema, req.body, 'body');
    const { keyId, publisherId } = principalOf(req);
    const results = await decideComments(storage, { publisherId, commentIds, action, reason, decidedBy: keyId, actor: actorOf(req), ...observed(req) });
    if (results.some((result) => result.outcome === 'decided')) announceEvents(publisherId);
    res.json({ results: results.map(bulkItem) });
  });

  // A change of the decision (approve ↔ reject) and its undo: both only within the window, and only of the decision seen.
  router.put('/v1/comments/:id/decision', moderators, async (req, res) => {
    const body = parseInput(decisionBodySchema, req.body, 'body');
    const result = await reviseDecision(storage, await revision(req, body.action, body.reason));
    res.json(revisedOrThrow(result, principalOf(req).publisherId));
  });

  router.delete('/v1/comments/:id/decision', moderators, async (req, res) => {
    const result = await reviseDecision(storage, await revision(req, 'undo'));
    res.json(revisedOrThrow(result, principalOf(req).publisherId));
  });

  /** The revision a request asks for: its comment, the decision it saw (If-Match), and the publisher's window. */
  async function revision(req: Request, action: ReviseDecisionInput['action'], reason?: string): Promise<ReviseDecisionInput> {
    const { id } = parseInput(commentParamsSchema, req.params, 'path');
    const expectedDecidedAt = parseInput(decisionIfMatchSchema, req.get('if-match'), 'headers.if-match');
    const { keyId, publisherId } = principalOf(req);
    const windowMinutes = await undoWindowMinutes(publisherId);
    return { publisherId, commentId: id, action, reason, decidedBy: keyId, actor: actorOf(req), expectedDecidedAt, windowMinutes, onAuditFailed: observed(req).onAuditFailed };
  }

  /** The hooks for one request's decisions: its time to decision observed, an audit entry left to the relay logged with its request id. */
  function observed(req: Request): Pick<DecideCommentInput, 'onDecided' | 'onAuditFailed'> {
    if (!hooks) return {};
    return { onDecided: hooks.observeDecision(principalOf(req).publisherId), onAuditFailed: hooks.auditDeferred(req.log) };
  }

  async function undoWindowMinutes(publisherId: string): Promise<number> {
    const stored = await findPublisherPolicy(storage, publisherId);
    return withOverrides(defaults, stored?.overrides ?? {}).decisions.undoWindowMinutes;
  }

  function revisedOrThrow(result: ReviseDecisionResult, publisherId: string) {
    if (result.outcome !== 'revised') throw revisionRefused(result);
    announceEvents(publisherId);
    return { commentId: result.commentId, status: result.status, previousStatus: result.previousStatus, decision: result.decision };
  }

  return router;
}

/** One item of a bulk answer: the single route's outcome, with an already decided comment told apart from a settled one. */
function bulkItem(result: DecideCommentResult) {
  switch (result.outcome) {
    case 'decided':
      return { commentId: result.commentId, result: 'decided' as const, status: result.status, decision: result.decision, ...overridden(result) };
    case 'not_found':
      return { commentId: result.commentId, result: 'not_found' as const };
    case 'not_awaiting_review':
      return result.decision
        ? { commentId: result.commentId, result: 'already_decided' as const, status: result.status, decision: result.decision }
        : { commentId: result.commentId, result: 'not_awaiting_review' as const, status: result.status };
  }
}

/** A refused revision as a 409 with a stable code, saying where the comment stands (`commentStatus`, `decision`). */
function revisionRefused(result: Exclude<ReviseDecisionResult, { outcome: 'revised' }>): Error {
  const { commentId } = result;
  switch (result.outcome) {
    case 'not_found':
      return commentNotFound(commentId);
    case 'not_decided':
      return new ConflictError(`Comment "${commentId}" has no moderator's decision to change (never decided, or undone since).`, 'not_decided', { commentStatus: result.status, decision: null });
    case 'decision_changed':
      return new ConflictError(
        `Comment "${commentId}" was decided again since the decision you sent in If-Match (now ${result.decision.action} at ${result.decision.decidedAt.toISOString()}).`,
        'decision_changed',
        { commentStatus: result.status, decision: result.decision },
      );
    case 'undo_window_passed':
      return new ConflictError(
        `Comment "${commentId}"'s decision could be undone or changed until ${result.windowEndedAt.toISOString()} (the publisher's decisions.undoWindowMinutes).`,
        'undo_window_passed',
        { commentStatus: result.status, decision: result.decision, windowEndedAt: result.windowEndedAt },
      );
    case 'no_change':
      return new ConflictError(`Comment "${commentId}" is already decided ${result.decision.action}.`, 'no_change', { commentStatus: result.status, decision: result.decision });
  }
}

/** The answer to a decision; a refused one is a 409 whose `commentStatus` says where the comment stands (`status` is the HTTP status, RFC 9457). */
function decidedOrThrow(result: DecideCommentResult, keyId: string): { commentId: string; status: string; decision: unknown } {
  switch (result.outcome) {
    case 'decided':
      return { commentId: result.commentId, status: result.status, decision: result.decision, ...overridden(result) };
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

/**
 * Another key's lease does not stop a decision: a lease keeps two moderators from working the same page, and must not
 * hold back an urgent removal for minutes. The answer names the lease it ended, so the page can say so.
 */
function overridden(result: Extract<DecideCommentResult, { outcome: 'decided' }>) {
  return result.overriddenClaim ? { overriddenClaim: result.overriddenClaim } : {};
}

// Another publisher's ids answer exactly like unknown ones, so a key cannot probe which ids exist elsewhere.
function commentNotFound(commentId: string): NotFoundError {
  return new NotFoundError(`No comment "${commentId}" for this publisher.`);
}
