// @ts-check
/** The publisher's moderation policy through the API: reading it and its history, replacing it, and one author's standing. */
import { callApi, jsonRequest, unreadableAnswer } from './api.js';

/** @typedef {{ flag?: number, reject?: number }} LevelOverrides */
/**
 * What the publisher changed from the defaults: every part optional, a list given replaces the default list.
 * @typedef {{ spam?: LevelOverrides, duplicate?: LevelOverrides, toxic?: LevelOverrides, negative?: { flag?: number, hold?: boolean },
 *   blockedDomains?: string[], bannedTerms?: string[], suspectTerms?: string[], preModeration?: { all?: boolean, articleIds?: string[] },
 *   authors?: { trusted?: string[], banned?: string[], bannedAction?: BannedAction } }} PolicyOverrides
 */
/** @typedef {'reject' | 'hold'} BannedAction */
/**
 * A policy with every field filled in: the defaults, or the effective policy.
 * @typedef {{ spam: LevelOverrides, duplicate: LevelOverrides, toxic: LevelOverrides, negative: { flag: number, hold: boolean },
 *   blockedDomains: string[], bannedTerms: string[], suspectTerms: string[], preModeration: { all: boolean, articleIds: string[] },
 *   authors: { trusted: string[], banned: string[], bannedAction: BannedAction } }} FullPolicy
 */
/** An API key (its id, never the key) or the command line. @typedef {{ keyId: string, label?: string } | { cli: true }} ChangedBy */
/**
 * `GET /v1/policy` and `PUT /v1/policy` answer with this; `version` is 0 while the policy was never set.
 * @typedef {{ version: number, policy: FullPolicy, overrides: PolicyOverrides, defaults: FullPolicy, updatedAt: string | null,
 *   updatedBy: ChangedBy | null }} PolicyAnswer
 */
/**
 * A change, newest first in the history, with a summary such as `bannedTerms +2 −1; spam.reject 0.9 → 0.95`.
 * @typedef {{ version: number, changedBy: ChangedBy, changedAt: string, summary: string, reason?: string }} PolicyChange
 */
/** @typedef {'trusted' | 'banned' | 'none'} Standing */
/** @typedef {{ authorId: string, standing: Standing, policyVersion: number }} StandingAnswer */

/** @returns {Promise<PolicyAnswer>} */
export async function fetchPolicy() {
  return policyAnswer(await callApi('v1/policy'));
}

/**
 * Replaces the overrides, only if `version` is still the current one: another admin's or a moderator's change
 * meanwhile is a 412, never overwritten.
 * @param {PolicyOverrides} overrides
 * @param {number} version the one the form was filled from
 * @returns {Promise<PolicyAnswer>}
 */
export async function savePolicy(overrides, version) {
  return policyAnswer(await callApi('v1/policy', jsonRequest('PUT', { policy: overrides }, { 'If-Match': `"${version}"` })));
}

/** @param {number} limit @returns {Promise<PolicyChange[]>} */
export async function fetchPolicyHistory(limit) {
  const body = await callApi(`v1/policy/history?${new URLSearchParams({ limit: String(limit) })}`);
  if (typeof body !== 'object' || body === null || !('items' in body) || !Array.isArray(body.items)) throw unreadableAnswer();
  return /** @type {PolicyChange[]} */ (body.items);
}

/** Moves just this author, so moderators setting standings at once never undo each other. @param {string} authorId @param {Standing} standing @returns {Promise<StandingAnswer>} */
export async function sendAuthorStanding(authorId, standing) {
  const body = await callApi(`v1/authors/${encodeURIComponent(authorId)}/standing`, jsonRequest('PUT', { standing }));
  if (typeof body !== 'object' || body === null || !('policyVersion' in body) || typeof body.policyVersion !== 'number') throw unreadableAnswer();
  return /** @type {StandingAnswer} */ (body);
}

/** @param {unknown} body @returns {PolicyAnswer} */
function policyAnswer(body) {
  if (typeof body !== 'object' || body === null) throw unreadableAnswer();
  const { version, policy, overrides, defaults } = /** @type {Record<string, unknown>} */ (body);
  if (typeof version !== 'number' || !isObject(policy) || !isObject(overrides) || !isObject(defaults)) throw unreadableAnswer();
  return /** @type {PolicyAnswer} */ (body);
}

/** @param {unknown} value */
function isObject(value) {
  return typeof value === 'object' && value !== null;
}
