// @ts-check
/**
 * The per-comment export, GET /v1/export/comments: the whole file as the API streams it, with its rows counted. It is
 * not JSON, so it does not go through callApi(); its errors are the same problem documents, read the same way.
 */
import { ApiError, ApiUnreachableError, STATS_EXCLUDABLE, readProblem } from './api.js';
import { dayAfter } from './days.js';
import { storedKey } from './key-store.js';

/** `from` and `to`: days as the form holds them (yyyy-mm-dd), both included. @typedef {{ format: string, from: string, to: string, include: boolean }} ExportRequest */
/** `excluded`: the flag kinds the API left out, as its X-Excluded-Flags header says. @typedef {{ file: Blob, rows: number, excluded: string[] }} CommentExport */

/** The answer started but stopped before its end: the stream was cut, so the file is incomplete. */
export class ExportCutShortError extends Error {
  /** @param {unknown} cause */
  constructor(cause) {
    super('The export stopped part-way, so nothing was saved; try again.', { cause });
    this.name = 'ExportCutShortError';
  }
}

/** @param {ExportRequest} request @returns {Promise<CommentExport>} */
export async function fetchCommentExport(request) {
  const key = storedKey();
  if (!key) throw new ApiError(401, 'signed_out', 'This tab no longer holds an API key.');
  // The API's `to` is exclusive; the form's includes its day.
  const query = new URLSearchParams({ format: request.format, from: request.from, to: dayAfter(request.to) });
  if (request.include) query.set('include', STATS_EXCLUDABLE.join(','));
  /** @type {Response} */
  let response;
  try {
    response = await fetch(new URL(`v1/export/comments?${query}`, document.baseURI), {
      headers: { Authorization: `Bearer ${key}` },
      cache: 'no-store',
      credentials: 'omit',
    });
  } catch (error) {
    throw new ApiUnreachableError(error);
  }
  if (!response.ok) throw await readProblem(response);
  /** @type {Blob} */
  let file;
  try {
    file = await response.blob();
  } catch (error) {
    throw new ExportCutShortError(error);
  }
  const text = await file.text();
  const excluded = (response.headers.get('X-Excluded-Flags') ?? 'none').split(',').filter((kind) => kind && kind !== 'none');
  return { file, rows: request.format === 'csv' ? csvRecords(text) - 1 : ndjsonLines(text), excluded };
}

/** One JSON object a line; JSON escapes line breaks inside strings. @param {string} text */
function ndjsonLines(text) {
  return text.split('\n').filter((line) => line.trim() !== '').length;
}

/** Records, the header included: line breaks outside quotes (ids may hold quoted line breaks). @param {string} text */
function csvRecords(text) {
  let records = 0;
  let quoted = false;
  for (const character of text) {
    if (character === '"') quoted = !quoted;
    else if (character === '\n' && !quoted) records += 1;
  }
  return records;
}
