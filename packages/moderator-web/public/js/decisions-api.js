// @ts-check
/** The moderation API's calls for deciding many comments at once and for undoing a decision. */
import { callApi, isDecision, jsonRequest, unreadableAnswer } from './api.js';
/** @import { Decision } from './api.js' */

/** How many comments one POST /v1/decisions takes; a larger selection goes in several. */
export const MAX_BULK_DECISIONS = 100;

/**
 * One comment's outcome, in the order sent: `decided` by this call; `already_decided` by someone before it (its
 * `decision` says how); `not_awaiting_review` settled by the policy; `not_found` no longer stored.
 * @typedef {{ commentId: string, result: 'decided' | 'already_decided', decision: Decision }
 *   | { commentId: string, result: 'not_awaiting_review', status: string }
 *   | { commentId: string, result: 'not_found' }} BulkResult
 */

const RESULTS = ['decided', 'already_decided', 'not_awaiting_review', 'not_found'];

/**
 * @param {string[]} commentIds at most MAX_BULK_DECISIONS @param {'approve' | 'reject'} action @param {string} reason empty for none
 * @returns {Promise<BulkResult[]>}
 */
export async function sendDecisions(commentIds, action, reason) {
  const body = await callApi('v1/decisions', jsonRequest('POST', reason ? { commentIds, action, reason } : { commentIds, action }));
  if (typeof body !== 'object' || body === null || !('results' in body) || !Array.isArray(body.results) || !body.results.every(isBulkResult)) {
    throw unreadableAnswer();
  }
  return body.results;
}

/** @param {unknown} value @returns {value is BulkResult} */
function isBulkResult(value) {
  if (typeof value !== 'object' || value === null) return false;
  const { commentId, result, decision } = /** @type {Record<string, unknown>} */ (value);
  if (typeof commentId !== 'string' || typeof result !== 'string' || !RESULTS.includes(result)) return false;
  return (result !== 'decided' && result !== 'already_decided') || isDecision(decision);
}

/**
 * Back to pending, while the decision is still the one decided at `decidedAt` and the publisher's window is open;
 * otherwise a 409 whose code says which (`undo_window_passed`, `decision_changed`, `not_decided`).
 * @param {string} commentId @param {string} decidedAt
 */
export async function undoDecision(commentId, decidedAt) {
  await callApi(`v1/comments/${encodeURIComponent(commentId)}/decision`, { method: 'DELETE', headers: { 'If-Match': `"${decidedAt}"` } });
}
