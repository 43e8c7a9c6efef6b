// @ts-check
/** The desk's overview: GET /v1/overview over a range of days. */
import { callApi, unreadableAnswer } from './api.js';
import { dayAfter } from './days.js';

/** @typedef {{ approved: number, rejected: number }} DecisionCounts */
/**
 * As the API answers (see its `Overview` schema): what came in over [from, to), the queue now, the top flag kinds, and
 * the decisions moderators made: per key, how fast, and per flag kind the share of flagged comments they rejected.
 * @typedef {{ from: string, to: string, pendingNow: number,
 *   received: { total: number, byPolicy: DecisionCounts, byHand: DecisionCounts, pending: number },
 *   topFlags: Array<{ kind: string, count: number }>,
 *   decisions: DecisionCounts & { total: number, timeToDecision: { p50Seconds: number | null, p95Seconds: number | null },
 *     moderators: Array<DecisionCounts & { keyId: string, label: string | null, total: number }>,
 *     precision: Array<{ kind: string, decided: number, rejected: number, rejectedShare: number }> } }} Overview
 */
/** Days (yyyy-mm-dd) or empty; `to` includes its day. @typedef {{ from: string, to: string }} OverviewFilters */

/** @param {OverviewFilters} filters @returns {Promise<Overview>} */
export async function fetchOverview(filters) {
  const query = new URLSearchParams();
  if (filters.from) query.set('from', filters.from);
  // The API's `to` is exclusive; the form's includes its day.
  if (filters.to) query.set('to', dayAfter(filters.to));
  const body = await callApi(`v1/overview${query.size ? `?${query}` : ''}`);
  if (!isOverview(body)) throw unreadableAnswer();
  return body;
}

/** The parts the page reads, checked for their shape. @param {unknown} body @returns {body is Overview} */
function isOverview(body) {
  if (typeof body !== 'object' || body === null) return false;
  const { received, decisions, topFlags, pendingNow } = /** @type {Record<string, unknown>} */ (body);
  if (typeof pendingNow !== 'number' || !Array.isArray(topFlags)) return false;
  if (typeof received !== 'object' || received === null || typeof decisions !== 'object' || decisions === null) return false;
  const { moderators, precision, timeToDecision } = /** @type {Record<string, unknown>} */ (decisions);
  return Array.isArray(moderators) && Array.isArray(precision) && typeof timeToDecision === 'object' && timeToDecision !== null;
}
