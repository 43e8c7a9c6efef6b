import { apiKeyRequirement, jsonResponse, problemResponse, problemResponses, type Agrees, type JsonOf, type ZodOpenApiPathsObject } from '@moderato/openapi-kit';
import { COMMENT_STATUSES, REVIEW_FLAG_KINDS, type CommentDetail, type DecideCommentResult, type ReviewQueueItem, type ReviseDecisionResult } from '@moderato/storage';
import { z } from 'zod';
import { analysisViewSchema } from './analysis-docs.js';
import { bulkDecisionBodySchema, commentParamsSchema, decisionBodySchema, decisionIfMatchSchema, reviewQueueQuerySchema } from './query-schemas.js';

const instant = z.iso.datetime();
const status = z.enum(COMMENT_STATUSES);

/** A moderator's lease on a queue item (POST /v1/queue/claim). */
export const claimViewSchema = z
  .object({
    keyId: z.string().meta({ description: 'The key holding the lease.' }),
    label: z.string().nullable().meta({ description: 'That key’s label, to name who works on it.' }),
    until: instant.meta({ description: 'When the lease runs out, unless renewed by claiming again.' }),
  })
  .meta({ id: 'Claim' });

const queueItemFields = {
  commentId: z.string(),
  articleId: z.string(),
  articleTitle: z.string().nullable(),
  authorId: z.string(),
  authorName: z.string().nullable(),
  text: z.string(),
  language: z.string().nullable().meta({ description: 'The language the publisher sent, else the one the analysis detected; null when neither is known.' }),
  createdAt: instant,
  receivedAt: instant,
  flags: z.array(z.string()),
  severity: z.number().meta({ description: 'The highest flag score.' }),
  sentiment: z.object({ score: z.number(), label: z.string() }).nullable(),
  duplicateOf: z.string().nullable(),
  claim: claimViewSchema.nullable().meta({ description: 'The running lease a moderator holds on it; null when nobody holds one.' }),
};

export const reviewQueueItemSchema = z.object(queueItemFields).meta({ id: 'ReviewQueueItem' });

export const reviewQueuePageSchema = z.object({
  items: z.array(reviewQueueItemSchema),
  nextCursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null on the last.' }),
});

export const decisionSchema = z
  .object({ action: z.enum(['approve', 'reject']), reason: z.string().nullable(), decidedBy: z.string().meta({ description: 'The deciding key’s id.' }), decidedAt: instant })
  .meta({ id: 'Decision' });

export const commentDetailSchema = z
  .object({
    ...queueItemFields,
    articleUrl: z.string().nullable(),
    parentId: z.string().nullable(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    analyzedAt: instant,
    status,
    analysis: analysisViewSchema,
    decision: decisionSchema.nullable(),
    duplicate: z
      .object({ commentId: z.string(), articleId: z.string(), authorId: z.string(), authorName: z.string().nullable(), text: z.string(), createdAt: instant, status })
      .nullable()
      .meta({ description: 'The comment this one duplicates, while it is stored.' }),
    authorHistory: z.object({
      counts: z.object({ approved: z.number().int(), pending: z.number().int(), rejected: z.number().int() }),
      flagCounts: z
        .object(Object.fromEntries(REVIEW_FLAG_KINDS.map((kind) => [kind, z.number().int()])) as Record<(typeof REVIEW_FLAG_KINDS)[number], z.ZodNumber>)
        .meta({ description: 'How many of the author’s other comments carried each flag kind (a comment with two flags counts under both).' }),
      recent: z.array(z.object({ commentId: z.string(), articleId: z.string(), createdAt: instant, status, flags: z.array(z.string()), decision: decisionSchema.nullable() })),
    }),
  })
  .meta({ id: 'CommentDetail' });

const overriddenClaim = claimViewSchema
  .optional()
  .meta({ description: 'Present when another key held a running lease on the comment: the decision stands and ended that lease.' });

export const decisionAnswerSchema = z.object({ commentId: z.string(), status, decision: decisionSchema, overriddenClaim });

const bulkResultBase = { commentId: z.string() };

/** One comment's outcome in a bulk decision, in the order of the request's `commentIds`. */
export const bulkDecisionItemSchema = z
  .discriminatedUnion('result', [
    z.object({ ...bulkResultBase, result: z.literal('decided'), status, decision: decisionSchema, overriddenClaim }),
    z.object({ ...bulkResultBase, result: z.literal('already_decided'), status, decision: decisionSchema.meta({ description: 'Who decided it first, and how.' }) }),
    z.object({ ...bulkResultBase, result: z.literal('not_awaiting_review'), status: status.meta({ description: 'What the policy set it to.' }) }),
    z.object({ ...bulkResultBase, result: z.literal('not_found') }),
  ])
  .meta({ id: 'BulkDecisionResult' });

export const bulkDecisionAnswerSchema = z.object({ results: z.array(bulkDecisionItemSchema) });

export const decisionRevisionAnswerSchema = z.object({
  commentId: z.string(),
  status,
  previousStatus: status,
  decision: decisionSchema.nullable().meta({ description: 'The new decision; null after an undo (the comment is back in the queue).' }),
});

type Revised = Omit<Extract<ReviseDecisionResult, { outcome: 'revised' }>, 'outcome'>;
const _revisionAgrees: Agrees<z.output<typeof decisionRevisionAnswerSchema>, JsonOf<Revised>> = true;

const ifMatchDecision = z.object({ 'if-match': decisionIfMatchSchema.meta({ description: 'The `decidedAt` of the decision you saw, quoted: `"2025-10-25T09:30:00.000Z"`.' }) });

const revisionConflicts = problemResponse(
  409,
  'Refused: the window has passed (`undo_window_passed`, with `windowEndedAt`), the decision is no longer the one in If-Match (`decision_changed`), there is no moderator’s decision (`not_decided`), or the change is to the action it already has (`no_change`); `commentStatus` and `decision` say where it stands.',
);

type Decided = Omit<Extract<DecideCommentResult, { outcome: 'decided' }>, 'outcome'>;
// Break the build when what storage returns and what is documented drift apart.
const _queueItemAgrees: Agrees<z.output<typeof reviewQueueItemSchema>, JsonOf<ReviewQueueItem>> = true;
const _detailAgrees: Agrees<z.output<typeof commentDetailSchema>, JsonOf<CommentDetail>> = true;
const _decisionAgrees: Agrees<z.output<typeof decisionAnswerSchema>, JsonOf<Decided>> = true;

const moderators = { tags: ['review'], security: apiKeyRequirement('moderator', 'admin') };

export const reviewPaths: ZodOpenApiPathsObject = {
  '/v1/queue': {
    get: {
      ...moderators,
      operationId: 'listReviewQueue',
      summary: 'Comments held for review',
      description:
        '`flag` is repeatable or comma-separated (items with any of them); `from` ≤ createdAt < `to`. Keyset pages: pass `nextCursor` back as `cursor`, with the same `sort`. Items another key has leased (POST /v1/queue/claim) are skipped while the lease runs, unless `includeClaimed=true`; this key’s own leased items are listed.',
      requestParams: { query: reviewQueueQuerySchema },
      responses: { 200: jsonResponse('A page of the queue.', reviewQueuePageSchema), ...problemResponses(400, 401, 403, 503) },
    },
  },
  '/v1/comments/{id}': {
    get: {
      ...moderators,
      operationId: 'getComment',
      summary: 'A comment in full',
      description: 'Its analysis (scores, each flag with its reasons), its decision, the comment it duplicates and the author’s recent history with this publisher.',
      requestParams: { path: commentParamsSchema },
      responses: { 200: jsonResponse('The comment.', commentDetailSchema), ...problemResponses(400, 401, 403, 404, 503) },
    },
  },
  '/v1/comments/{id}/decision': {
    post: {
      ...moderators,
      operationId: 'decideComment',
      summary: 'Approve or reject a held comment',
      description:
        'One decision wins; it records a `comment.decided` event. It ends any lease on the comment (POST /v1/queue/claim); another key’s running lease does not stop it, and `overriddenClaim` in the answer names that lease.',
      requestParams: { path: commentParamsSchema },
      requestBody: { required: true, content: { 'application/json': { schema: decisionBodySchema } } },
      responses: {
        200: jsonResponse('Decided.', decisionAnswerSchema),
        ...problemResponses(400, 401, 403, 404),
        409: problemResponse(409, 'Already decided (`already_decided`), or settled by the policy (`not_awaiting_review`); `commentStatus` and `decision` say where it stands.'),
        ...problemResponses(413, 503),
      },
    },
    put: {
      ...moderators,
      operationId: 'changeDecision',
      summary: 'Change a decision (approve ↔ reject)',
      description:
        'Within the publisher’s window (policy `decisions.undoWindowMinutes`, counted from the current decision), and only while the decision is the one whose `decidedAt` you send as If-Match. Records a `comment.decided` event with the new action and the previous status.',
      requestParams: { path: commentParamsSchema, header: ifMatchDecision },
      requestBody: { required: true, content: { 'application/json': { schema: decisionBodySchema } } },
      responses: {
        200: jsonResponse('Changed.', decisionRevisionAnswerSchema),
        ...problemResponses(400, 401, 403, 404),
        409: revisionConflicts,
        ...problemResponses(413, 503),
      },
    },
    delete: {
      ...moderators,
      operationId: 'undoDecision',
      summary: 'Undo a decision: the comment is pending and in the queue again',
      description:
        'Within the publisher’s window (policy `decisions.undoWindowMinutes`, counted from the current decision), and only while the decision is the one whose `decidedAt` you send as If-Match. Records a `comment.decided` event with action `undo`, status `pending` and the previous status.',
      requestParams: { path: commentParamsSchema, header: ifMatchDecision },
      responses: {
        200: jsonResponse('Undone.', decisionRevisionAnswerSchema),
        ...problemResponses(400, 401, 403, 404),
        409: revisionConflicts,
        ...problemResponses(503),
      },
    },
  },
  '/v1/decisions': {
    post: {
      ...moderators,
      operationId: 'decideComments',
      summary: 'Approve or reject up to 100 held comments',
      description:
        'Each comment is decided as POST /v1/comments/{id}/decision decides it (one decision wins; each records a `comment.decided` event). The answer has one result per id, in the order sent; another publisher’s ids answer `not_found`, like unknown ones.',
      requestBody: { required: true, content: { 'application/json': { schema: bulkDecisionBodySchema } } },
      responses: {
        200: jsonResponse('One result per comment.', bulkDecisionAnswerSchema),
        ...problemResponses(400, 401, 403, 413, 503),
      },
    },
  },
};
