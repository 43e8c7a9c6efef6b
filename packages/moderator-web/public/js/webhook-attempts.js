// @ts-check
/** The last delivery attempts to one endpoint, as a table: when, which event, what the receiver answered or what failed. */
import { ApiError, ApiUnreachableError, failureText, isRefusal } from './api.js';
import { el, formatTime, plural } from './dom.js';
import { page, state } from './page.js';
import { refuseKey } from './session-end.js';
import { fetchAttempts } from './webhooks-api.js';
/** @import { EndpointCard } from './webhook-card.js' */
/** @import { DeliveryAttempt } from './webhooks-api.js' */

export const ATTEMPTS_SHOWN = 20;

/** The endpoint whose attempts are shown, so deleting it can take them away. @type {string | null} */
let shownFor = null;

/** @param {EndpointCard} card */
export async function showAttempts(card) {
  const { endpointId, url } = card.endpoint;
  const generation = state.webhooksGeneration;
  shownFor = endpointId;
  page.attemptsSection.hidden = false;
  page.attemptsHeading.textContent = `Last ${ATTEMPTS_SHOWN} delivery attempts to ${url}`;
  page.attemptsRows.replaceChildren();
  page.attemptsResult.hidden = true;
  setAttemptsState('Loading the attempts…');
  page.attemptsHeading.focus();
  try {
    const attempts = await fetchAttempts(endpointId, ATTEMPTS_SHOWN);
    if (generation !== state.webhooksGeneration || shownFor !== endpointId) return;
    page.attemptsRows.replaceChildren(...attempts.map(drawAttempt));
    page.attemptsResult.hidden = attempts.length === 0;
    setAttemptsState(attempts.length ? `${plural(attempts.length, 'attempt')}, newest first.` : 'No delivery attempts to this endpoint yet.');
  } catch (error) {
    if (generation !== state.webhooksGeneration || shownFor !== endpointId) return;
    if (isRefusal(error)) return refuseKey(error);
    setAttemptsState(`Could not load the attempts. ${failureText(error)}`, 'error');
    if (!(error instanceof ApiError || error instanceof ApiUnreachableError)) throw error;
  }
}

/** @param {string} endpointId */
export function hideAttemptsOf(endpointId) {
  if (shownFor !== endpointId) return;
  shownFor = null;
  page.attemptsRows.replaceChildren();
  page.attemptsSection.hidden = true;
}

/** The receiver's answer is its own to write: it goes in as text, like everything else. @param {DeliveryAttempt} attempt */
function drawAttempt(attempt) {
  const number = (/** @type {string} */ text) => el('td', { className: 'number' }, text);
  return el(
    'tr',
    { className: `outcome-${attempt.outcome}` },
    el('th', { attributes: { scope: 'row' } }, el('time', { attributes: { datetime: attempt.at } }, formatTime(attempt.at))),
    el('td', {}, attempt.eventType, el('br', {}), el('span', { className: 'muted' }, attempt.eventId)),
    number(String(attempt.attempt)),
    el('td', {}, attempt.outcome),
    number(attempt.status === null ? '—' : String(attempt.status)),
    number(`${attempt.latencyMs} ms`),
    el('td', { className: 'answer' }, attempt.error ?? attempt.excerpt),
  );
}

/** @param {string} text @param {'info' | 'error'} [tone] */
function setAttemptsState(text, tone = 'info') {
  page.attemptsState.textContent = text;
  page.attemptsState.dataset.tone = tone;
}
