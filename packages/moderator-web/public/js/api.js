// @ts-check
/**
 * The moderation API on this origin: the shapes it answers with, its errors, and one fetcher per call the queue and the
 * sentiment views make. The admin views' calls are in policy-api.js and webhooks-api.js, over the same callApi().
 */
import { dayAfter } from './days.js';
import { storedKey } from './key-store.js';
/** @import { Filters, StatsFilters } from './filters.js' */

/** The stats' labels, in the order of the table's columns and of the bar's segments. */
export const SENTIMENT_LABELS = /** @type {const} */ (['negative', 'neutral', 'positive']);

/** @typedef {{ score: number, label: string }} Sentiment */
/**
 * @typedef {{ commentId: string, articleId: string, articleTitle: string | null, authorId: string, authorName: string | null,
 *   text: string, createdAt: string, flags: string[], severity: number, sentiment: Sentiment | null, duplicateOf: string | null }} QueueItem
 */
/** @typedef {{ items: QueueItem[], nextCursor: string | null }} QueuePage */
/** `span`: [start, end) in UTF-16 units of the comment's text, when the reason points at words in it. @typedef {{ code: string, message: string, span?: [number, number] }} Reason */
/** @typedef {{ kind: string, score: number, reasons: Reason[] }} Flag */
/** @typedef {{ action: 'approve' | 'reject', reason: string | null, decidedBy: string, decidedAt: string }} Decision */
/**
 * @typedef {QueueItem & { analysis: { flags: Flag[] }, decision: Decision | null,
 *   duplicate: { commentId: string, authorId: string, authorName: string | null, text: string } | null,
 *   authorHistory: { counts: { approved: number, pending: number, rejected: number } } }} CommentDetail
 */
/** The key in use, as `GET /v1/me` names it. @typedef {{ publisherId: string, role: string, keyId: string }} Me */
/** @typedef {{ start: string, total: number, counts: Record<typeof SENTIMENT_LABELS[number], number>, meanScore: number }} SentimentBucket */
/** `excluded`: the flag kinds whose comments the figures left out. @typedef {{ buckets: SentimentBucket[], excluded: string[] }} SentimentStats */
/** One field a validation problem names: `{ path: 'query.to', message: 'must be later than from' }`. @typedef {{ path: string, message: string }} FieldError */

/** The API answered with an error; `message` is its problem `detail`, written to be shown. */
export class ApiError extends Error {
  /**
   * @param {number} status @param {string} code @param {string} detail @param {FieldError[]} [fieldErrors]
   * @param {Record<string, unknown>} [problem] the whole problem body, for the extensions a caller knows (a 412's `currentVersion`)
   */
  constructor(status, code, detail, fieldErrors = [], problem = {}) {
    super(detail);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    /** What a 400 found wrong, field by field. */
    this.fieldErrors = fieldErrors;
    this.problem = problem;
  }
}

/** No answer at all: offline, connection refused or reset. */
export class ApiUnreachableError extends Error {
  /** @param {unknown} cause */
  constructor(cause) {
    super('The moderation API could not be reached.', { cause });
    this.name = 'ApiUnreachableError';
  }
}

/**
 * 401: unknown or revoked key; 403: a key whose role may not do what was asked, which the page never asks of a role
 * it knows, so the role must have changed. Either way this key cannot go on here.
 * @param {unknown} error
 * @returns {error is ApiError}
 */
export function isRefusal(error) {
  return error instanceof ApiError && (error.status === 401 || error.status === 403);
}

/** @param {unknown} error */
export function failureText(error) {
  if (error instanceof ApiUnreachableError) return 'The moderation API could not be reached; check your connection.';
  if (error instanceof ApiError) return error.message;
  return 'Something unexpected went wrong on this page.';
}

/** @returns {Promise<Me>} */
export async function fetchMe() {
  const body = await callApi('v1/me');
  if (typeof body !== 'object' || body === null) throw unreadableAnswer();
  const { publisherId, role, keyId } = /** @type {Record<string, unknown>} */ (body);
  if (typeof publisherId !== 'string' || typeof role !== 'string' || typeof keyId !== 'string') throw unreadableAnswer();
  return { publisherId, role, keyId };
}

/** @param {Filters} filters @param {string | null} cursor @returns {Promise<QueuePage>} */
export async function fetchQueuePage(filters, cursor) {
  const query = new URLSearchParams({ sort: filters.sort, limit: String(filters.limit) });
  if (filters.flags.length) query.set('flag', filters.flags.join(','));
  if (cursor) query.set('cursor', cursor);
  const body = await callApi(`v1/queue?${query}`);
  if (typeof body !== 'object' || body === null || !('items' in body) || !Array.isArray(body.items)) throw unreadableAnswer();
  return /** @type {QueuePage} */ (body);
}

/** @param {string} commentId @returns {Promise<CommentDetail>} */
export async function fetchCommentDetail(commentId) {
  return /** @type {CommentDetail} */ (await callApi(`v1/comments/${encodeURIComponent(commentId)}`));
}

/**
 * @param {string} commentId @param {'approve' | 'reject'} action @param {string} reason empty for none
 * @returns {Promise<Decision>} the decision recorded, whose `decidedAt` an undo names
 */
export async function sendDecision(commentId, action, reason) {
  const body = await callApi(`v1/comments/${encodeURIComponent(commentId)}/decision`, jsonRequest('POST', reason ? { action, reason } : { action }));
  if (typeof body !== 'object' || body === null || !('decision' in body) || !isDecision(body.decision)) throw unreadableAnswer();
  return body.decision;
}

/** @param {unknown} value @returns {value is Decision} */
export function isDecision(value) {
  if (typeof value !== 'object' || value === null) return false;
  const { action, decidedAt } = /** @type {Record<string, unknown>} */ (value);
  return (action === 'approve' || action === 'reject') && typeof decidedAt === 'string';
}

/** @param {StatsFilters} filters @returns {Promise<SentimentStats>} */
export async function fetchSentimentStats(filters) {
  const query = new URLSearchParams({ interval: filters.interval });
  if (filters.articleId) query.set('articleId', filters.articleId);
  if (filters.from) query.set('from', filters.from);
  // The API's `to` is exclusive; the form's includes its day.
  if (filters.to) query.set('to', dayAfter(filters.to));
  if (filters.include) query.set('include', STATS_EXCLUDABLE.join(','));
  const body = await callApi(`v1/stats/sentiment?${query}`);
  if (typeof body !== 'object' || body === null || !('buckets' in body) || !Array.isArray(body.buckets)) throw unreadableAnswer();
  return { buckets: body.buckets, excluded: excludedIn(body) };
}

/** The flag kinds the figures leave out unless asked to count them: not the readers' sentiment. */
export const STATS_EXCLUDABLE = /** @type {const} */ (['spam', 'duplicate']);

/** What an answer says it left out; an answer that says nothing left nothing out. @param {object} body @returns {string[]} */
export function excludedIn(body) {
  const excluded = 'excluded' in body ? body.excluded : [];
  return Array.isArray(excluded) ? excluded.filter((kind) => typeof kind === 'string') : [];
}

/**
 * @param {string} path relative to the page, so the page works under whatever prefix serves it and its API
 * @param {RequestInit} [init]
 * @returns {Promise<unknown>} the JSON body; null for none (a 204)
 */
export async function callApi(path, init = {}) {
  const key = storedKey();
  if (!key) throw new ApiError(401, 'signed_out', 'This tab no longer holds an API key.');
  const headers = new Headers(init.headers);
  headers.set('Accept', 'application/json');
  headers.set('Authorization', `Bearer ${key}`);
  /** @type {Response} */
  let response;
  try {
    response = await fetch(new URL(path, document.baseURI), { ...init, headers, cache: 'no-store', credentials: 'omit' });
  } catch (error) {
    throw new ApiUnreachableError(error);
  }
  const body = await readJson(response);
  if (response.ok) return body;
  throw problemError(response, body);
}

/** An error answer as an ApiError, for calls that are not JSON when they succeed (the export). @param {Response} response */
export async function readProblem(response) {
  return problemError(response, await readJson(response));
}

/** The API's problem document (or the status alone, without one) as an ApiError. @param {Response} response @param {unknown} body */
function problemError(response, body) {
  return new ApiError(
    response.status,
    problemField(body, 'code') ?? 'http_error',
    problemField(body, 'detail') ?? `The moderation API answered ${response.status} ${response.statusText}.`,
    problemFieldErrors(body),
    typeof body === 'object' && body !== null ? /** @type {Record<string, unknown>} */ (body) : {},
  );
}

/** A JSON body for callApi's init. @param {string} method @param {unknown} body @param {Record<string, string>} [headers] @returns {RequestInit} */
export function jsonRequest(method, body, headers = {}) {
  return { method, headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
}

/** @param {Response} response @returns {Promise<unknown>} */
async function readJson(response) {
  try {
    return await response.json();
  } catch {
    return null;
  }
}

/** @param {unknown} body @param {'code' | 'detail'} field @returns {string | undefined} */
function problemField(body, field) {
  if (typeof body !== 'object' || body === null || !(field in body)) return undefined;
  const value = /** @type {Record<string, unknown>} */ (body)[field];
  return typeof value === 'string' && value ? value : undefined;
}

/** @param {unknown} body @returns {FieldError[]} */
function problemFieldErrors(body) {
  if (typeof body !== 'object' || body === null || !('errors' in body) || !Array.isArray(body.errors)) return [];
  return body.errors.filter(isFieldError);
}

/** @param {unknown} entry @returns {entry is FieldError} */
function isFieldError(entry) {
  if (typeof entry !== 'object' || entry === null) return false;
  const { path, message } = /** @type {Record<string, unknown>} */ (entry);
  return typeof path === 'string' && typeof message === 'string';
}

export function unreadableAnswer() {
  return new ApiError(502, 'unreadable_answer', 'The moderation API sent an answer this page cannot read.');
}
