// @ts-check
/** Leasing the comments a moderator's page shows to their key (POST /v1/queue/claim), and ending the leases. */
import { callApi, jsonRequest, unreadableAnswer } from './api.js';

/** How many comments one claim takes; a longer list goes in several. */
export const MAX_CLAIM_SIZE = 100;

/** Another key's running lease: whose, and until when. @typedef {{ keyId: string, label: string | null, until: string }} Claim */
/**
 * `leasedUntil`: when the leases made or renewed run out; `refused`: the ids not leased, with why.
 * @typedef {{ leaseSeconds: number, leasedUntil: string,
 *   refused: Array<{ commentId: string, reason: 'claimed_by_other' | 'not_awaiting_review' | 'not_found', claim: Claim | null }> }} ClaimAnswer
 */

/** @param {string[]} commentIds at most MAX_CLAIM_SIZE @returns {Promise<ClaimAnswer>} */
export async function claimComments(commentIds) {
  const body = await callApi('v1/queue/claim', jsonRequest('POST', { commentIds }));
  if (typeof body !== 'object' || body === null) throw unreadableAnswer();
  const { leaseSeconds, leasedUntil, refused } = /** @type {Record<string, unknown>} */ (body);
  if (typeof leaseSeconds !== 'number' || typeof leasedUntil !== 'string' || !Array.isArray(refused)) throw unreadableAnswer();
  return { leaseSeconds, leasedUntil, refused };
}

/**
 * Ends this key's leases on `commentIds`; `keepalive` lets the call finish as the tab closes.
 * @param {string[]} commentIds at most MAX_CLAIM_SIZE
 */
export async function releaseComments(commentIds) {
  await callApi('v1/queue/release', { ...jsonRequest('POST', { commentIds }), keepalive: true });
}
