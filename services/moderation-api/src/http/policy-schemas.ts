import { externalId } from '@moderato/contracts';
import { z } from 'zod';

// The policy body itself (policyUpdateBodySchema) lives in @moderato/contracts, so `moderato policy set` checks a
// file exactly as PUT /v1/policy checks a body. What follows is this API's own: paths, query and headers.

export const MAX_HISTORY_PAGE_SIZE = 100;

const positiveInteger = (message: string) => z.string().regex(/^[1-9]\d{0,8}$/, message).transform(Number);

export const policyHistoryQuerySchema = z.strictObject({
  limit: positiveInteger(`must be an integer from 1 to ${MAX_HISTORY_PAGE_SIZE}`)
    .pipe(z.number().max(MAX_HISTORY_PAGE_SIZE, `must be an integer from 1 to ${MAX_HISTORY_PAGE_SIZE}`))
    .default(20),
  /** Changes older than this version: the `nextBefore` of the previous page. */
  before: positiveInteger('must be a policy version (a positive integer)').optional(),
});

export const authorParamsSchema = z.strictObject({ authorId: externalId });

/**
 * `If-Match: "<version>"` (the ETag GET /v1/policy answers with); a bare number is taken too, `*` or no header means
 * "whatever version is current".
 */
export const ifMatchSchema = z
  .string()
  .trim()
  .regex(/^(?:\*|"\d{1,9}"|\d{1,9})$/, 'must be the policy version as an ETag, e.g. "3"')
  .transform((value) => (value === '*' ? undefined : Number(value.replaceAll('"', ''))))
  .optional();
