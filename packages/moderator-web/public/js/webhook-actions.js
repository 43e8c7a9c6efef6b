// @ts-check
/** What the buttons of an endpoint's card do: disable or enable it, rotate its secret, delete it. */
import { ApiError, ApiUnreachableError, failureText, isRefusal } from './api.js';
import { formatTime } from './dom.js';
import { describeFieldError, formFields, markInvalidFields } from './field-errors.js';
import { page } from './page.js';
import { refuseKey } from './session-end.js';
import { hideAttemptsOf } from './webhook-attempts.js';
import { fillEndpoint, setEndpointBusy } from './webhook-card.js';
import { showSecret } from './webhook-secret.js';
import { setWebhookState, showEndpointCount } from './webhook-status.js';
import { deleteEndpoint, rotateSecret, updateEndpoint } from './webhooks-api.js';
/** @import { FormFields } from './field-errors.js' */
/** @import { EndpointCard } from './webhook-card.js' */

/** @param {EndpointCard} card */
export async function toggleEndpoint(card) {
  const enabled = !card.endpoint.enabled;
  await act(card, enabled ? 'was not enabled' : 'was not disabled', async () => {
    fillEndpoint(card, await updateEndpoint(card.endpoint.endpointId, { enabled }));
    setWebhookState(`${enabled ? 'Enabled' : 'Disabled'} ${card.endpoint.url}.`);
  });
}

/** Asks first: the receiver must be given the new secret before the old one's grace period ends. @param {EndpointCard} card */
export async function rotateEndpointSecret(card) {
  const fields = formFields('body.', [['graceHours', card.grace]]);
  markInvalidFields(fields, []);
  const graceHours = card.grace.value.trim() === '' ? Number(card.grace.defaultValue) : Number(card.grace.value);
  if (card.grace.validity.badInput || Number.isNaN(graceHours)) {
    markInvalidFields(fields, [{ path: 'body.graceHours', message: '' }]);
    return setWebhookState('The secret was not rotated: give the hours the old secret stays valid as a number.', 'error');
  }
  const { url } = card.endpoint;
  if (!confirm(`Rotate the signing secret of ${url}? The current secret keeps signing deliveries for ${graceHours} more hours; give your receiver the new one before then.`)) return;
  await act(card, 'did not get a new secret', async () => {
    const rotated = await rotateSecret(card.endpoint.endpointId, graceHours);
    fillEndpoint(card, rotated);
    showSecret(rotated);
    const until = rotated.secrets.map((secret) => secret.expiresAt).filter((expiresAt) => expiresAt !== null).sort().at(-1);
    setWebhookState(`Rotated the secret of ${url}. ${until ? `The old one still signs deliveries until ${formatTime(until)}.` : 'The old one no longer signs deliveries.'}`);
  }, fields);
}

/** @param {EndpointCard} card */
export async function removeEndpoint(card) {
  const { endpointId, url } = card.endpoint;
  if (!confirm(`Delete the endpoint ${url}? Moderato stops sending it events, and this cannot be undone.`)) return;
  await act(card, 'was not deleted', async () => {
    await deleteEndpoint(endpointId);
    dropCard(card);
    setWebhookState(`Deleted ${url}.`);
  });
}

/**
 * Runs an action on the card, which stays busy meanwhile. A 404 means the endpoint is gone (deleted elsewhere), so its
 * card goes too; a 400 marks the card's fields it names.
 * @param {EndpointCard} card
 * @param {string} notDone how the failure reads after the endpoint's URL
 * @param {() => Promise<void>} action
 * @param {FormFields} [fields] the card's fields a 400 may name
 */
async function act(card, notDone, action, fields) {
  setEndpointBusy(card, true);
  try {
    await action();
  } catch (error) {
    if (isRefusal(error)) return refuseKey(error);
    if (error instanceof ApiError && error.status === 404) {
      dropCard(card);
      return setWebhookState(`${card.endpoint.url} is no longer registered: ${error.message}`, 'error');
    }
    const problems = error instanceof ApiError ? error.fieldErrors : [];
    if (fields) markInvalidFields(fields, problems);
    const details = fields ? problems.map((fieldError) => describeFieldError(fields, fieldError)) : [];
    setWebhookState([`${card.endpoint.url} ${notDone}. ${failureText(error)}`, ...details].join(' '), 'error');
    if (!(error instanceof ApiError || error instanceof ApiUnreachableError)) throw error;
  } finally {
    setEndpointBusy(card, false);
  }
}

/** @param {EndpointCard} card */
function dropCard(card) {
  const hadFocus = card.element.contains(document.activeElement);
  hideAttemptsOf(card.endpoint.endpointId);
  card.element.remove();
  if (hadFocus) page.webhooksHeading.focus();
  showEndpointCount();
}
