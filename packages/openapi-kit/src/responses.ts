import { PROBLEM_CONTENT_TYPE } from '@moderato/service-kit';
import { z } from 'zod';
import type { ZodOpenApiResponseObject } from 'zod-openapi';
import { problemSchema } from './problem.js';

/** What each error status means wherever it is answered; an operation may say more with `problemResponse`. */
const PROBLEM_MEANINGS = {
  400: 'Malformed JSON (`malformed_json`), or input that breaks the schema (`validation_failed`, with `errors` naming each field).',
  401: 'No credentials, or credentials that do not hold.',
  403: 'The API key’s role may not use this operation (`forbidden`).',
  404: 'Nothing of that id for this publisher (`not_found`): another publisher’s ids answer exactly like unknown ones.',
  409: 'The request conflicts with the current state of the resource.',
  412: 'The `If-Match` version is no longer current (`policy_version_conflict`): read again and reapply.',
  413: 'The body is larger than this operation accepts (`payload_too_large`).',
  415: 'The body is not `application/json`.',
  429: 'Rate limited (`rate_limited`): nothing of the request was accepted; retry after `Retry-After` seconds.',
  503: 'Redis or MongoDB did not answer in time (`dependency_unavailable`); retry later.',
} as const;

export type ProblemStatus = keyof typeof PROBLEM_MEANINGS;

const retryAfterHeaders = z.object({
  'retry-after': z.string().regex(/^\d+$/).meta({ description: 'Seconds to wait before retrying.' }),
});

/** A JSON answer described by the zod schema the route's answer is checked against. */
export function jsonResponse(description: string, schema: z.ZodType, headers?: z.ZodObject): ZodOpenApiResponseObject {
  return { description, content: { 'application/json': { schema } }, ...(headers && { headers }) };
}

/** One problem+json answer; `description` replaces the status's usual meaning. */
export function problemResponse(status: ProblemStatus, description: string = PROBLEM_MEANINGS[status]): ZodOpenApiResponseObject {
  return {
    description,
    content: { [PROBLEM_CONTENT_TYPE]: { schema: problemSchema } },
    ...(status === 429 && { headers: retryAfterHeaders }),
  };
}

/** The problem+json answers an operation can give, each with its usual meaning. */
export function problemResponses(...statuses: ProblemStatus[]): Record<string, ZodOpenApiResponseObject> {
  return Object.fromEntries(statuses.map((status) => [String(status), problemResponse(status)]));
}
