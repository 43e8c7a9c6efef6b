import { apiKeyRequirement, problemResponses, type Agrees, type JsonOf, type ZodOpenApiPathsObject } from '@moderato/openapi-kit';
import { STATS_EXCLUDABLE_FLAGS, type CommentExportRow } from '@moderato/storage';
import { z } from 'zod';
import { CSV_COLUMNS, EXPORT_CONTENT_TYPES } from './export-format.js';
import { exportQuerySchema } from './export-routes.js';

/** What one NDJSON line holds (a CSV row holds the same, flattened: see CSV_COLUMNS). */
export const commentExportRowSchema = z
  .object({
    commentId: z.string(),
    articleId: z.string(),
    authorId: z.string(),
    createdAt: z.iso.datetime(),
    sentiment: z.object({ label: z.string(), score: z.number() }).nullable().meta({ description: 'null when the sentiment phase did not run (a language it does not read).' }),
    flags: z.array(z.string()),
    status: z.string().meta({ description: 'approved, pending or rejected, as it stands now (a moderator’s decision included).' }),
    analysisVersion: z.string().nullable().meta({ description: 'The analysis version that produced the sentiment and flags.' }),
  })
  .meta({ id: 'CommentExportRow' });

const _rowAgrees: Agrees<z.output<typeof commentExportRowSchema>, JsonOf<CommentExportRow>> = true;

const ndjsonLine = commentExportRowSchema.extend({ cursor: z.string().meta({ description: 'Send as `cursor` to resume the export right after this row.' }) });

export const exportPaths: ZodOpenApiPathsObject = {
  '/v1/export/comments': {
    get: {
      tags: ['stats'],
      security: apiKeyRequirement('analyst', 'admin'),
      operationId: 'exportComments',
      summary: 'Per-comment sentiment for analytics jobs, streamed as NDJSON or CSV',
      description:
        `The comments created in [\`from\`, \`to\`) (default the last 7 days, at most 366), oldest first (then by id), streamed in batches. Comments flagged ${STATS_EXCLUDABLE_FLAGS.join(' or ')} are left out unless \`include\` names them, as in the statistics; the \`X-Excluded-Flags\` header says which were left out. ` +
        'Every row carries a `cursor`: to resume an export that stopped, send the last row received’s cursor with the same from, to and include. ' +
        `CSV columns: ${CSV_COLUMNS.join(', ')} (flags separated by \`;\`); text cells that would start a spreadsheet formula (= + - @) are prefixed with \`'\`. ` +
        'A failure after the answer started cuts the stream (no closing line): resume from the last complete row.',
      requestParams: { query: exportQuerySchema },
      responses: {
        200: {
          description: 'The rows: NDJSON, one object per line (each line as the schema below), or CSV with a header line.',
          headers: z.object({ 'x-excluded-flags': z.string().meta({ description: 'The flag kinds left out, comma-separated, or `none`.' }) }),
          content: {
            [EXPORT_CONTENT_TYPES.ndjson]: { schema: ndjsonLine },
            [EXPORT_CONTENT_TYPES.csv]: { schema: z.string() },
          },
        },
        ...problemResponses(400, 401, 403, 503),
      },
    },
  },
};
