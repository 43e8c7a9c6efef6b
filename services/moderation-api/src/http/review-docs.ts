import { apiKeyRequirement, jsonResponse, problemResponse, problemResponses, type Agrees, type JsonOf, type ZodOpenApiPathsObject } from '@moderato/openapi-kit';
import { COMMENT_STATUSES, type CommentDetail, type DecideCommentResult, type ReviewQueueItem } from '@moderato/storage';
import { z } from 'zod';
import { analysisViewSchema } from './analysis-docs.js';
import { commentParamsSchema, decisionBodySchema, reviewQueueQuerySchema } from './query-schemas.js';

const instant = z.iso.datetime();
const status = z.enum(COMMENT_STATUSES);

const queueItemFields = {
  commentId: z.string(),
  articleId: z.string(),
  articleTitle: z.string().nullable(),
  authorId: z.string(),
  authorName: z.string().nullable(),
  text: z.string(),
  language: z.string().nullable(),
  createdAt: instant,
  receivedAt: instant,
  flags: z.array(z.string()),
  severity: z.number().meta({ description: 'The highest flag score.' }),
  sentiment: z.object({ score: z.number(), label: z.string() }).nullable(),
  duplicateOf: z.string().nullable(),
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
      .object({ commentId: z.string(), articleId: z.string(), authorId: z.string(), text: z.string(), createdAt: instant, status })
      .nullable()
      .meta({ description: 'The comment this one duplicates, while it is stored.' }),
    authorHistory: z.object({
      counts: z.object({ approved: z.number().int(), pending: z.number().int(), rejected: z.number().int() }),
      recent: z.array(z.object({ commentId: z.string(), articleId: z.string(), createdAt: instant, status, flags: z.array(z.string()), decision: decisionSchema.nullable() })),
    }),
  })
  .meta({ id: 'CommentDetail' });

export const decisionAnswerSchema = z.object({ commentId: z.string(), status, decision: decisionSchema });

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
      description: '`flag` is repeatable or comma-separated (items with any of them); `from` ≤ createdAt < `to`. Keyset pages: pass `nextCursor` back as `cursor`, with the same `sort`.',
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
      description: 'One decision wins; it records a `comment.decided` event.',
      requestParams: { path: commentParamsSchema },
      requestBody: { required: true, content: { 'application/json': { schema: decisionBodySchema } } },
      responses: {
        200: jsonResponse('Decided.', decisionAnswerSchema),
        ...problemResponses(400, 401, 403, 404),
        409: problemResponse(409, 'Already decided (`already_decided`), or settled by the policy (`not_awaiting_review`); `commentStatus` and `decision` say where it stands.'),
        ...problemResponses(413, 503),
      },
    },
  },
};
