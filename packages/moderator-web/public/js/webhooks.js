// @ts-check
/** The webhooks view (admins): the publisher's endpoints, and the form that adds one and shows its secret once. */
import { ApiError, ApiUnreachableError, failureText, isRefusal } from './api.js';
import { describeFieldError, formFields, markInvalidFields } from './field-errors.js';
import { page, state } from './page.js';
import { refuseKey } from './session-end.js';
import { removeEndpoint, rotateEndpointSecret, toggleEndpoint } from './webhook-actions.js';
import { showAttempts } from './webhook-attempts.js';
import { drawEndpoint } from './webhook-card.js';
import { hideSecret, showSecret } from './webhook-secret.js';
import { setWebhookState, showEndpointCount } from './webhook-status.js';
import { createEndpoint, fetchEndpoints } from './webhooks-api.js';
/** @import { EndpointActions } from './webhook-card.js' */

/** The add form's controls by the names the API gives its body's fields, so a 400 can point at them. */
const ADD_FIELDS = formFields('body.', [
  ['url', page.webhookUrl],
  ['description', page.webhookDescription],
]);

/** @type {EndpointActions} */
const ACTIONS = {
  onToggle: (card) => void toggleEndpoint(card),
  onAttempts: (card) => void showAttempts(card),
  onRotate: (card) => void rotateEndpointSecret(card),
  onDelete: (card) => void removeEndpoint(card),
};

/** @returns {HTMLInputElement[]} */
function eventTypeBoxes() {
  return [...page.webhookForm.querySelectorAll('input[name="eventType"]')].filter((box) => box instanceof HTMLInputElement);
}

export async function reloadWebhooks() {
  state.webhooksGeneration += 1;
  const generation = state.webhooksGeneration;
  setWebhookState('Loading the endpoints…');
  page.webhooksSection.setAttribute('aria-busy', 'true');
  try {
    const endpoints = await fetchEndpoints();
    if (generation !== state.webhooksGeneration) return;
    page.webhookList.replaceChildren(...endpoints.map((endpoint) => drawEndpoint(endpoint, ACTIONS).element));
    showEndpointCount();
  } catch (error) {
    if (generation !== state.webhooksGeneration) return;
    if (isRefusal(error)) return refuseKey(error);
    setWebhookState(`Could not load the endpoints. ${failureText(error)}`, 'error');
    if (!(error instanceof ApiError || error instanceof ApiUnreachableError)) throw error;
  } finally {
    if (generation === state.webhooksGeneration) page.webhooksSection.removeAttribute('aria-busy');
  }
}

/**
 * The API checks the URL (https, a public address), so the form only checks that there is one.
 * @param {SubmitEvent} event
 */
export async function onAddEndpoint(event) {
  event.preventDefault();
  const url = page.webhookUrl.value.trim();
  const description = page.webhookDescription.value.trim();
  markInvalidFields(ADD_FIELDS, url ? [] : [{ path: 'body.url', message: '' }]);
  if (!url) return setWebhookState('Give the https URL of your receiver.', 'error');
  const generation = state.webhooksGeneration;
  hideSecret();
  page.webhookAdd.disabled = true;
  setWebhookState(`Adding ${url}…`);
  try {
    const eventTypes = eventTypeBoxes().filter((box) => box.checked).map((box) => box.value);
    const created = await createEndpoint({ url, eventTypes, ...(description && { description }) });
    if (generation !== state.webhooksGeneration) return;
    page.webhookList.append(drawEndpoint(created, ACTIONS).element);
    page.webhookForm.reset();
    showSecret(created);
    setWebhookState(`Added ${created.url}. Its signing secret is below, for this once.`);
  } catch (error) {
    if (generation !== state.webhooksGeneration) return;
    if (isRefusal(error)) return refuseKey(error);
    const problems = error instanceof ApiError && error.status === 400 ? error.fieldErrors : [];
    markInvalidFields(ADD_FIELDS, problems);
    const details = problems.map((fieldError) => describeFieldError(ADD_FIELDS, fieldError));
    setWebhookState(['The endpoint was not added.', problems.length ? '' : failureText(error), ...details].filter(Boolean).join(' '), 'error');
    if (!(error instanceof ApiError || error instanceof ApiUnreachableError)) throw error;
  } finally {
    page.webhookAdd.disabled = false;
  }
}
