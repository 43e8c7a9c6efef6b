import { externalId } from '@moderato/contracts';
import { parseInput } from '@moderato/service-kit';
import { EXPORT_BATCH_SIZE, exportComments, excludedFlags, type CommentExportRow, type ExportPosition, type Storage } from '@moderato/storage';
import { Router, type Response } from 'express';
import { z } from 'zod';
import { principalOf, requireRole } from './auth.js';
import { decodeOpaqueCursor, encodeOpaqueCursor } from './cursor.js';
import { EXPORT_CONTENT_TYPES, EXPORT_FORMATS, csvHeader, formatExportRow, type ExportFormat } from './export-format.js';
import { DEFAULT_GROUPED_RANGE_DAYS, MAX_GROUPED_RANGE_DAYS, RANGE_ERROR, includeFlags, instant, timeRange, withDefaultRange, withinGroupedRange } from './query-schemas.js';

export const exportQuerySchema = z
  .strictObject({
    format: z.enum(EXPORT_FORMATS, { error: `must be one of ${EXPORT_FORMATS.join(', ')}` }).meta({ description: 'ndjson: one JSON object per line; csv: RFC 4180 with a header line.' }),
    from: instant.optional().meta({ description: `Inclusive (the comments’ createdAt); default ${DEFAULT_GROUPED_RANGE_DAYS} days before \`to\`.` }),
    to: instant.optional().meta({ description: 'Exclusive; default now.' }),
    include: includeFlags.optional(),
    cursor: z
      .string()
      .max(1_024)
      .regex(/^[A-Za-z0-9_-]+$/, 'must be a cursor returned by this API')
      .optional()
      .meta({ description: 'A row’s `cursor`: the export resumes right after that row. Send the same from, to and include.' }),
  })
  .refine(timeRange, RANGE_ERROR)
  .transform(withDefaultRange)
  .refine(withinGroupedRange, { path: ['from'], message: `must be at most ${MAX_GROUPED_RANGE_DAYS} days before to (or before now)` });

/** A row's cursor: its createdAt (ms) and id, compact because every row carries one. */
const exportCursorSchema = z.tuple([z.number().int().min(0), externalId]);

function encodeExportCursor(row: CommentExportRow): string {
  return encodeOpaqueCursor([row.createdAt.getTime(), row.commentId] satisfies z.input<typeof exportCursorSchema>);
}

function decodeExportCursor(cursor: string): ExportPosition {
  const [ms, commentId] = decodeOpaqueCursor(cursor, exportCursorSchema, 'query.cursor');
  return { createdAt: new Date(ms), commentId };
}

/**
 * Per-comment sentiment for analytics jobs, streamed batch by batch. The first batch is read before the answer starts,
 * so a database that does not answer is a 503; a failure later cuts the stream, and the job resumes from the last
 * row's cursor. `batchSize` is for tests.
 */
export function exportRouter(storage: Storage, batchSize = EXPORT_BATCH_SIZE): Router {
  const router = Router();
  router.get('/v1/export/comments', requireRole('analyst', 'admin'), async (req, res) => {
    const { format, cursor, ...range } = parseInput(exportQuerySchema, req.query, 'query');
    const after = cursor === undefined ? undefined : decodeExportCursor(cursor);
    const batches = exportComments(storage, principalOf(req).publisherId, { ...range, after }, batchSize);
    let batch = await batches.next();
    res.status(200).type(EXPORT_CONTENT_TYPES[format]).set({
      'Content-Disposition': `attachment; filename="comments.${format}"`,
      'X-Excluded-Flags': excludedFlags(range.include).join(',') || 'none',
    });
    try {
      if (format === 'csv' && !(await write(res, csvHeader()))) return;
      for (; !batch.done; batch = await batches.next()) {
        if (!(await write(res, lines(format, batch.value)))) return void (await batches.return(undefined));
      }
      res.end();
    } catch (error) {
      req.log.warn({ err: error }, 'comment export cut short; the client resumes from its last row’s cursor');
      res.destroy(error as Error);
    }
  });
  return router;
}

function lines(format: ExportFormat, rows: CommentExportRow[]): string {
  return rows.map((row) => formatExportRow(format, row, encodeExportCursor(row))).join('');
}

/** Writes, waiting for the client to take it when its buffer is full; false when the client has gone. */
async function write(res: Response, chunk: string): Promise<boolean> {
  if (!res.write(chunk)) {
    await new Promise<void>((resolve) => {
      const done = () => {
        res.off('drain', done);
        res.off('close', done);
        resolve();
      };
      res.on('drain', done);
      res.on('close', done);
    });
  }
  return !res.destroyed;
}
