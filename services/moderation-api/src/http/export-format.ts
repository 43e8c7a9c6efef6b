import type { CommentExportRow } from '@moderato/storage';

export const EXPORT_FORMATS = ['ndjson', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = { ndjson: 'application/x-ndjson', csv: 'text/csv' };

/** The CSV columns, in order; `flags` holds the kinds separated by `;`, and `cursor` resumes the export after the row. */
export const CSV_COLUMNS = ['commentId', 'articleId', 'authorId', 'createdAt', 'sentimentLabel', 'sentimentScore', 'flags', 'status', 'analysisVersion', 'cursor'] as const;

/** One row as a line of the format, ending in its line break; `cursor` resumes the export right after this row. */
export function formatExportRow(format: ExportFormat, row: CommentExportRow, cursor: string): string {
  if (format === 'ndjson') return `${JSON.stringify({ ...row, cursor })}\n`;
  const cells = [
    row.commentId, row.articleId, row.authorId, row.createdAt.toISOString(), row.sentiment?.label ?? '', row.sentiment?.score ?? '',
    row.flags.join(';'), row.status, row.analysisVersion ?? '', cursor,
  ];
  return csvLine(cells);
}

export function csvHeader(): string {
  return csvLine([...CSV_COLUMNS]);
}

function csvLine(cells: ReadonlyArray<string | number>): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** Text a spreadsheet would run as a formula (OWASP's list: = + - @, tab and carriage return). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * RFC 4180 quoting, and ids (which publishers and their readers choose) that would start a formula are prefixed with
 * `'`, so a spreadsheet shows them as text. Numbers are written as they are: a negative score is no formula.
 */
export function csvCell(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
