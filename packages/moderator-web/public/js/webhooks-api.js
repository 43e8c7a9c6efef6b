// @ts-check
/** The publisher's webhook endpoints through the API (admins): listing, adding, changing, rotating, deleting, and their attempts. */
import { callApi, jsonRequest, unreadableAnswer } from './api.js';

/**
 * An endpoint as the API shows it, never with its secret. `eventTypes` empty: every type. `secrets`: those still valid,
 * each with when it stops being (null for the current one).
 * @typedef {{ endpointId: string, url: string, description: string | null, eventTypes: string[], enabled: boolean,
 *   disabledReason: string | null, disabledAt: string | null, failingSince: string | null, lastDeliveredAt: string | null,
 *   lastFailedAt: string | null, secrets: Array<{ createdAt: string, expiresAt: string | null }>, createdAt: string }} Endpoint
 */
/** What adding an endpoint or rotating its secret answers: the one time the secret is shown. @typedef {Endpoint & { secret: string }} EndpointWithSecret */
/**
 * One try at delivering an event, with what the receiver answered (`excerpt`: the start of its body) or what failed.
 * @typedef {{ eventId: string, eventType: string, attempt: number, at: string, outcome: string, status: number | null,
 *   latencyMs: number, excerpt: string, error: string | null }} DeliveryAttempt
 */
/** @typedef {{ url: string, eventTypes: string[], description?: string }} NewEndpoint */

/** @returns {Promise<Endpoint[]>} */
export async function fetchEndpoints() {
  const body = await callApi('v1/webhooks/endpoints');
  if (typeof body !== 'object' || body === null || !('endpoints' in body) || !Array.isArray(body.endpoints)) throw unreadableAnswer();
  return /** @type {Endpoint[]} */ (body.endpoints);
}

/** @param {NewEndpoint} endpoint @returns {Promise<EndpointWithSecret>} */
export async function createEndpoint(endpoint) {
  return withSecret(await callApi('v1/webhooks/endpoints', jsonRequest('POST', endpoint)));
}

/** @param {string} endpointId @param {{ enabled?: boolean }} changes @returns {Promise<Endpoint>} */
export async function updateEndpoint(endpointId, changes) {
  return endpointAnswer(await callApi(endpointPath(endpointId), jsonRequest('PATCH', changes)));
}

/** @param {string} endpointId */
export async function deleteEndpoint(endpointId) {
  await callApi(endpointPath(endpointId), { method: 'DELETE' });
}

/** @param {string} endpointId @param {number} graceHours how long the old secret still signs beside the new one @returns {Promise<EndpointWithSecret>} */
export async function rotateSecret(endpointId, graceHours) {
  return withSecret(await callApi(`${endpointPath(endpointId)}/rotate-secret`, jsonRequest('POST', { graceHours })));
}

/** Newest first. @param {string} endpointId @param {number} limit @returns {Promise<DeliveryAttempt[]>} */
export async function fetchAttempts(endpointId, limit) {
  const body = await callApi(`${endpointPath(endpointId)}/attempts?${new URLSearchParams({ limit: String(limit) })}`);
  if (typeof body !== 'object' || body === null || !('attempts' in body) || !Array.isArray(body.attempts)) throw unreadableAnswer();
  return /** @type {DeliveryAttempt[]} */ (body.attempts);
}

/** @param {string} endpointId */
function endpointPath(endpointId) {
  return `v1/webhooks/endpoints/${encodeURIComponent(endpointId)}`;
}

/** @param {unknown} body @returns {Endpoint} */
function endpointAnswer(body) {
  if (typeof body !== 'object' || body === null || !('endpointId' in body) || typeof body.endpointId !== 'string') throw unreadableAnswer();
  return /** @type {Endpoint} */ (body);
}

/** @param {unknown} body @returns {EndpointWithSecret} */
function withSecret(body) {
  const endpoint = endpointAnswer(body);
  if (!('secret' in endpoint) || typeof endpoint.secret !== 'string') throw unreadableAnswer();
  return /** @type {EndpointWithSecret} */ (endpoint);
}
