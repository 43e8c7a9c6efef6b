import { z } from 'zod';

/** One bad input field, as service-kit's ValidationError lists them. */
export const fieldErrorSchema = z
  .strictObject({
    path: z.string().meta({ description: 'Where the bad value was read, dotted: `body.url`, `query.limit`, `comments.3.text`, `(root)`.' }),
    message: z.string(),
  })
  .meta({ id: 'FieldError' });

/**
 * RFC 9457 problem details, as service-kit's problemHandler writes every error. Loose: an error may carry extension
 * members of its own (`retryAfterSeconds`, `commentStatus`, `results`…), which its operation's description names.
 */
export const problemSchema = z
  .looseObject({
    type: z.url().meta({ description: 'Names the problem: `https://moderato.dev/problems/<code>`.' }),
    title: z.string(),
    status: z.number().int().min(400).max(599),
    code: z.string().meta({ description: 'Stable and machine-readable: match on this, not on `title` or `detail`.' }),
    detail: z.string().meta({ description: 'Safe to show to the caller.' }),
    instance: z.string().meta({ description: 'The request path.' }),
    requestId: z.string().meta({ description: 'Also sent as `x-request-id`; quote it to the operators.' }),
    errors: z.array(fieldErrorSchema).optional().meta({ description: 'With 400 `validation_failed`: every bad field.' }),
  })
  .meta({ id: 'Problem', description: 'An error, as `application/problem+json` (RFC 9457) with a stable `code`.' });
