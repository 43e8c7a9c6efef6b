import { MAX_BATCH_SIZE, articleUpsertSchema, incomingCommentSchema } from '@moderato/contracts';
import {
  WEBHOOK_SIGNATURE_REQUIREMENT, WEBHOOK_SIGNATURE_SCHEMES, createApiDocument, jsonResponse, problemResponse, problemResponses,
  type oas31, type ZodOpenApiPathsObject,
} from '@moderato/openapi-kit';
import { z } from 'zod';
import { articleParamsSchema } from './articles-route.js';
import { articleAnswerSchema, deliveryAnswerSchema } from './ingest-responses.js';

/**
 * The batch as splitDelivery reads it: only `comments`, 1 to MAX_BATCH_SIZE items, each checked on its own with
 * incomingCommentSchema (an invalid item is reported, not fatal to the others).
 */
const commentBatchSchema = z.strictObject({ comments: z.array(incomingCommentSchema).min(1).max(MAX_BATCH_SIZE) });

const signed = { security: WEBHOOK_SIGNATURE_REQUIREMENT };
const authFailure = problemResponse(
  401,
  'Bad or missing signature headers, a stale timestamp, or a publisher that does not exist (the same answer, so ids cannot be probed): `missing_headers`, `bad_timestamp`, `stale_timestamp`, `bad_signature`, `unknown_publisher`.',
);
const limited = problemResponse(429, 'The publisher sent too many deliveries this minute, or this address failed authentication too often; nothing was accepted. Retry after `Retry-After` seconds.');

const paths: ZodOpenApiPathsObject = {
  '/v1/comments': {
    post: {
      ...signed,
      tags: ['comments'],
      operationId: 'sendComments',
      summary: 'Send one comment, or a batch of up to 500',
      description:
        'Each comment is validated on its own: the valid ones of a batch are queued even when others are invalid, and each invalid one is reported by `index` with its bad fields. A delivery with no valid comment is refused whole (400, with `results`). The same (publisher, comment id) is never queued twice; the same `webhook-id` with the same body gets the first answer back.',
      requestBody: { required: true, content: { 'application/json': { schema: z.union([incomingCommentSchema, commentBatchSchema]) } } },
      responses: {
        202: jsonResponse(
          'Received: a result per comment.',
          deliveryAnswerSchema,
          z.object({ 'x-moderato-redelivery': z.literal('true').optional().meta({ description: 'Set when this is the first delivery’s answer to the same `webhook-id`.' }) }),
        ),
        400: problemResponse(400, 'Malformed JSON, a body that is neither a comment nor `{ "comments": [...] }`, an empty batch, more than 500 comments (`batch_too_large`), or no valid comment (`validation_failed`, with `errors` and, for a batch, `results`).'),
        401: authFailure,
        409: problemResponse(409, 'The `webhook-id` was used before for a different body (`webhook_id_reused`): a redelivery repeats the same body; new comments need a new id.'),
        ...problemResponses(413, 415),
        429: limited,
        503: problemResponse(503, 'Redis or MongoDB did not answer in time, or the publisher’s secret cannot be read (`webhook_secrets_unreadable`); nothing was accepted.'),
      },
    },
  },
  '/v1/articles/{articleId}': {
    put: {
      ...signed,
      tags: ['articles'],
      operationId: 'putArticle',
      summary: 'Register or replace an article',
      description: 'Its title and body let the analysis compare comments with the article they are on.',
      requestParams: { path: articleParamsSchema },
      requestBody: { required: true, content: { 'application/json': { schema: articleUpsertSchema } } },
      responses: {
        200: jsonResponse('Replaced.', articleAnswerSchema),
        201: jsonResponse('Created.', articleAnswerSchema),
        ...problemResponses(400),
        401: authFailure,
        ...problemResponses(413, 415),
        429: limited,
        ...problemResponses(503),
      },
    },
  },
};

let document: oas31.OpenAPIObject | undefined;

/** The ingest API's OpenAPI 3.1 document, built once. */
export function createIngestDocument(): oas31.OpenAPIObject {
  document ??= buildDocument();
  return document;
}

function buildDocument(): oas31.OpenAPIObject {
  return createApiDocument({
    title: 'Moderato ingest API',
    version: '1',
    description:
      'Publishers send reader comments and register articles here, each request signed as the Standard Webhooks specification says (https://www.standardwebhooks.com/) with the publisher’s `whsec_` secret. Errors are `application/problem+json` (RFC 9457) with a stable `code`.',
    securitySchemes: WEBHOOK_SIGNATURE_SCHEMES,
    tags: [{ name: 'comments', description: 'Reader comments, for analysis.' }, { name: 'articles', description: 'What the comments are about.' }],
    paths,
    schemas: { IncomingComment: incomingCommentSchema, Article: articleUpsertSchema },
  });
}
