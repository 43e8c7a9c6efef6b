import { apiKeyRequirement, jsonResponse, problemResponses, type Agrees, type JsonOf, type ZodOpenApiPathsObject } from '@moderato/openapi-kit';
import { CLAIM_LEASE_SECONDS, type ClaimedByIds } from '@moderato/storage';
import { z } from 'zod';
import { claimBodySchema, releaseBodySchema } from './claim-routes.js';
import { claimViewSchema, reviewQueueItemSchema } from './review-docs.js';

export const claimAnswerSchema = z.object({
  leaseSeconds: z.number().int().meta({ description: 'How long a lease runs.' }),
  leasedUntil: z.iso.datetime().meta({ description: 'When the leases this call made or renewed run out; claim again before then to keep them.' }),
  items: z.array(reviewQueueItemSchema).meta({ description: 'The items now leased to this key (each with its `claim`): in queue order, or in the order of `commentIds`.' }),
  refused: z
    .array(
      z.object({
        commentId: z.string(),
        reason: z.enum(['claimed_by_other', 'not_awaiting_review', 'not_found']),
        claim: claimViewSchema.nullable().meta({ description: 'The other key’s running lease, for `claimed_by_other`.' }),
      }),
    )
    .meta({ description: 'The `commentIds` not leased, in the order sent; always empty without `commentIds`.' }),
});

const _claimAgrees: Agrees<z.output<typeof claimAnswerSchema>, JsonOf<ClaimedByIds & { leaseSeconds: number }>> = true;

const moderators = { tags: ['review'], security: apiKeyRequirement('moderator', 'admin') };

export const claimPaths: ZodOpenApiPathsObject = {
  '/v1/queue/claim': {
    post: {
      ...moderators,
      operationId: 'claimQueueItems',
      summary: 'Lease queue items to this key, so other moderators’ queue pages skip them',
      description:
        `A lease runs ${CLAIM_LEASE_SECONDS / 60} minutes; claiming an item again (with this key) renews it. A decision ends it, as does POST /v1/queue/release, or time. ` +
        'With `commentIds`, leases exactly those (as a page claims the items it shows); without, leases the next `limit` items of the queue (optionally narrowed by `flags`, `articleId`, `authorId`, in `sort` order) that no other key holds, renewing the ones this key holds. ' +
        'Each lease is one conditional write, so two claims at once never lease the same item. Another moderator can still decide a leased item: the decision stands, and its answer names the lease it ended in `overriddenClaim`.',
      requestBody: { required: false, content: { 'application/json': { schema: claimBodySchema } } },
      responses: { 200: jsonResponse('What is leased to this key, and until when.', claimAnswerSchema), ...problemResponses(400, 401, 403, 413, 503) },
    },
  },
  '/v1/queue/release': {
    post: {
      ...moderators,
      operationId: 'releaseQueueItems',
      summary: 'End this key’s leases (the page leaves the queue)',
      requestBody: { required: false, content: { 'application/json': { schema: releaseBodySchema } } },
      responses: { 200: jsonResponse('How many leases ended.', z.object({ released: z.number().int() })), ...problemResponses(400, 401, 403, 413, 503) },
    },
  },
};
