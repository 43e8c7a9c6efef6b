// @ts-check
/** Drawing a webhook endpoint as a card: where it sends, what, whether it is on and how its deliveries went, and its buttons. */
import { el, formatTime } from './dom.js';
/** @import { Endpoint } from './webhooks-api.js' */

/**
 * One endpoint on the page, with the parts that change after it is drawn.
 * @typedef {{ endpoint: Endpoint, element: HTMLLIElement, facts: HTMLDListElement, toggle: HTMLButtonElement,
 *   grace: HTMLInputElement, buttons: HTMLButtonElement[] }} EndpointCard
 */
/**
 * What the card's buttons ask for.
 * @typedef {{ onToggle: (card: EndpointCard) => void, onAttempts: (card: EndpointCard) => void,
 *   onRotate: (card: EndpointCard) => void, onDelete: (card: EndpointCard) => void }} EndpointActions
 */

/** How long the old secret still signs after a rotation, unless the admin says otherwise: the API's own default. */
const DEFAULT_GRACE_HOURS = '24';

/** Numbers the cards' element ids: endpoint ids are safe in one, but an id per drawing never repeats. */
let drawn = 0;

/** @param {Endpoint} endpoint @param {EndpointActions} actions @returns {EndpointCard} */
export function drawEndpoint(endpoint, actions) {
  drawn += 1;
  const id = `endpoint-${drawn}`;
  const facts = el('dl', { className: 'facts' });
  const toggle = el('button', { attributes: { type: 'button' } });
  const attempts = el('button', { attributes: { type: 'button' } }, 'Show attempts');
  const grace = el('input', { attributes: { id: `${id}-grace`, type: 'number', min: '0', max: '168', step: 'any', inputmode: 'decimal', value: DEFAULT_GRACE_HOURS } });
  const rotate = el('button', { attributes: { type: 'button' } }, 'Rotate secret');
  const remove = el('button', { className: 'reject', attributes: { type: 'button' } }, 'Delete');
  const element = el(
    'li',
    { className: 'endpoint', attributes: { 'aria-labelledby': `${id}-url`, 'data-endpoint-id': endpoint.endpointId } },
    el('h3', { className: 'endpoint-url', attributes: { id: `${id}-url` } }, endpoint.url),
    el('p', { className: 'muted' }, [endpoint.description, `added ${formatTime(endpoint.createdAt)}`, endpoint.endpointId].filter(Boolean).join(' · ')),
    facts,
    el(
      'div',
      { className: 'actions', attributes: { role: 'group', 'aria-label': `Change ${endpoint.url}` } },
      toggle, attempts,
      el('span', { className: 'grace' }, el('label', { attributes: { for: `${id}-grace` } }, 'Old secret valid for (hours)'), grace),
      rotate, remove,
    ),
  );
  const card = { endpoint, element, facts, toggle, grace, buttons: [toggle, attempts, rotate, remove] };
  toggle.addEventListener('click', () => actions.onToggle(card));
  attempts.addEventListener('click', () => actions.onAttempts(card));
  rotate.addEventListener('click', () => actions.onRotate(card));
  remove.addEventListener('click', () => actions.onDelete(card));
  fillEndpoint(card, endpoint);
  return card;
}

/** Shows the endpoint as the API last answered. @param {EndpointCard} card @param {Endpoint} endpoint */
export function fillEndpoint(card, endpoint) {
  card.endpoint = endpoint;
  card.element.classList.toggle('disabled', !endpoint.enabled);
  card.toggle.textContent = endpoint.enabled ? 'Disable' : 'Enable';
  const fact = (/** @type {string} */ term, /** @type {string} */ description) => el('div', {}, el('dt', {}, term), el('dd', {}, description));
  const state = endpoint.enabled
    ? `enabled${endpoint.failingSince ? `, failing since ${formatTime(endpoint.failingSince)}` : ''}`
    : `disabled: ${endpoint.disabledReason ?? 'no reason recorded'}${endpoint.disabledAt ? ` (${formatTime(endpoint.disabledAt)})` : ''}`;
  const previous = endpoint.secrets.map((secret) => secret.expiresAt).filter((expiresAt) => expiresAt !== null);
  card.facts.replaceChildren(
    fact('Events', endpoint.eventTypes.length ? endpoint.eventTypes.join(', ') : 'all, and any added later'),
    fact('State', state),
    fact('Last delivered', endpoint.lastDeliveredAt ? formatTime(endpoint.lastDeliveredAt) : 'never'),
    fact('Last failed', endpoint.lastFailedAt ? formatTime(endpoint.lastFailedAt) : 'never'),
    ...previous.map((expiresAt) => fact('Previous secret', `still signs until ${formatTime(expiresAt)}`)),
  );
}

/** @param {EndpointCard} card @param {boolean} busy */
export function setEndpointBusy(card, busy) {
  for (const button of card.buttons) button.disabled = busy;
  card.element.setAttribute('aria-busy', String(busy));
}
