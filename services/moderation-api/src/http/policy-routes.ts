import { explainPolicy, type ModerationPolicy } from '@moderato/analysis';
import { authorStandingBodySchema, policyUpdateBodySchema } from '@moderato/contracts';
import { AppError, ConflictError, NotFoundError, parseInput } from '@moderato/service-kit';
import {
  AuthorListFullError, PolicyVersionConflictError, RecordNotFoundError, findPublisherPolicy, listPolicyChanges, replacePublisherPolicy, setAuthorStanding,
  type PublisherPolicy, type Storage,
} from '@moderato/storage';
import express, { Router, type RequestHandler, type Response } from 'express';
import { actorOf, principalOf, requireRole } from './auth.js';
import { authorParamsSchema, ifMatchSchema, policyHistoryQuerySchema } from './policy-schemas.js';

/**
 * Room for the largest valid policy (10,000 trusted and 10,000 banned ids of up to 256 characters, 2,000 terms). It
 * takes effect when the app's own JSON parser, whose limit is lower, leaves PUT /v1/policy to this one (see below).
 */
export const POLICY_BODY_LIMIT = '6mb';

/**
 * `middleware` (the app's JSON parser) for every request but PUT /v1/policy, whose larger body this router parses
 * itself, after authentication and the admin check, so no unauthenticated request gets a large body parsed.
 */
export function exceptPolicyReplacement(middleware: RequestHandler): RequestHandler {
  return (req, res, next) => {
    // Express matches routes case-insensitively and with or without a trailing slash: so does this.
    const isPolicyReplacement = req.method === 'PUT' && req.path.toLowerCase().replace(/\/+$/, '') === '/v1/policy';
    if (isPolicyReplacement) next();
    else void middleware(req, res, next);
  };
}

/** 412: the policy changed since the version the client read (If-Match); it should read it again and retry. */
export class PolicyVersionConflict extends AppError {
  constructor(expectedVersion: number, currentVersion: number) {
    super('policy_version_conflict', 412, 'Precondition failed', {
      detail: `The policy is at version ${currentVersion}, not ${expectedVersion}: read it again (GET /v1/policy) and reapply your change.`,
      extensions: { expectedVersion, currentVersion },
    });
  }
}

/**
 * The publisher's moderation policy: admins read and replace it and read its history; moderators read it and set an
 * author's standing (trusted, banned, none). `defaults` is the analyzer's default policy, what overrides lay over;
 * `announceChange` tells the workers after each change.
 */
export function policyRouter(storage: Storage, defaults: ModerationPolicy, announceChange: (publisherId: string) => void = () => {}): Router {
  const router = Router();
  const admins = requireRole('admin');
  const moderators = requireRole('moderator', 'admin');

  router.get('/v1/policy', moderators, async (req, res) => {
    const stored = await publisherPolicy(storage, principalOf(req).publisherId);
    sendPolicy(res, stored, defaults);
  });

  router.put('/v1/policy', admins, express.json({ limit: POLICY_BODY_LIMIT }), async (req, res) => {
    const expectedVersion = parseInput(ifMatchSchema, req.get('if-match'), 'headers.if-match');
    const { policy } = parseInput(policyUpdateBodySchema, req.body, 'body');
    const { publisherId, keyId } = principalOf(req);
    const updated = await replacePublisherPolicy(storage, { publisherId, overrides: policy, expectedVersion, changedBy: { keyId }, actor: actorOf(req) }).catch(asHttpError);
    announceChange(publisherId);
    sendPolicy(res, updated, defaults);
  });

  router.get('/v1/policy/history', admins, async (req, res) => {
    const { limit, before } = parseInput(policyHistoryQuerySchema, req.query, 'query');
    const items = await listPolicyChanges(storage, principalOf(req).publisherId, { limit, beforeVersion: before });
    const last = items.at(-1);
    res.json({ items, nextBefore: items.length === limit && last && last.version > 1 ? last.version : null });
  });

  router.put('/v1/authors/:authorId/standing', moderators, async (req, res) => {
    const { authorId } = parseInput(authorParamsSchema, req.params, 'path');
    const { standing, reason } = parseInput(authorStandingBodySchema, req.body, 'body');
    const { publisherId, keyId } = principalOf(req);
    const result = await setAuthorStanding(storage, { publisherId, authorId, standing, reason, changedBy: { keyId }, actor: actorOf(req) }).catch(asHttpError);
    announceChange(publisherId);
    res.json({ authorId: result.authorId, standing: result.standing, policyVersion: result.policyVersion });
  });

  return router;
}

/** The policy repository's refusals as the HTTP errors clients see; anything else passes through. */
function asHttpError(error: unknown): never {
  if (error instanceof PolicyVersionConflictError) throw new PolicyVersionConflict(error.expectedVersion, error.currentVersion);
  if (error instanceof AuthorListFullError) throw new ConflictError(`${error.message}; remove some before adding more.`, 'author_list_full', { list: error.list });
  if (error instanceof RecordNotFoundError) throw new NotFoundError('No such publisher.');
  throw error;
}

async function publisherPolicy(storage: Storage, publisherId: string): Promise<PublisherPolicy> {
  const stored = await findPublisherPolicy(storage, publisherId);
  // A key outlives its publisher only if someone deleted the publisher by hand.
  if (!stored) throw new NotFoundError(`No publisher "${publisherId}".`);
  return stored;
}

/** The policy as clients see it, with its version as the ETag to send back in If-Match. */
function sendPolicy(res: Response, stored: PublisherPolicy, defaults: ModerationPolicy): void {
  res.set('ETag', `"${stored.version}"`).json(explainPolicy(defaults, stored));
}
