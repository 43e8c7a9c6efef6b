import { fieldErrorSchema, type Agrees } from '@moderato/openapi-kit';
import { z } from 'zod';
import type { ItemResult } from './intake.js';

const index = z.number().int().min(0).meta({ description: 'The comment’s place in the delivery (0 for a single comment).' });
const jobId = z.string().meta({ description: 'The analysis job: the same for the same (publisher, comment id), so a comment is never queued twice.' });

/** What POST /v1/comments says of each comment it was sent. */
export const commentResultSchema = z
  .discriminatedUnion('status', [
    z.object({ index, id: z.string(), status: z.literal('queued'), jobId }),
    z.object({ index, id: z.string(), status: z.literal('duplicate').meta({ description: 'Sent before (or twice in this delivery): not queued again.' }), jobId }),
    z.object({ index, id: z.string().optional(), status: z.literal('invalid'), errors: z.array(fieldErrorSchema) }),
  ])
  .meta({ id: 'CommentResult' });

// Breaks the build when the intake's results and the documented ones drift apart.
const _resultsAgree: Agrees<z.output<typeof commentResultSchema>, ItemResult> = true;

/** The 202 answer of POST /v1/comments, and the same answer again for a redelivered webhook-id. */
export const deliveryAnswerSchema = z
  .object({
    accepted: z.number().int().min(0).meta({ description: 'Comments queued for analysis.' }),
    duplicates: z.number().int().min(0),
    invalid: z.number().int().min(0),
    results: z.array(commentResultSchema).meta({ description: 'One per comment sent, in order.' }),
  })
  .meta({ id: 'DeliveryAnswer' });

/** The answer of PUT /v1/articles/{articleId}. */
export const articleAnswerSchema = z.object({ articleId: z.string(), created: z.boolean().meta({ description: 'false: an existing article was replaced.' }) });
