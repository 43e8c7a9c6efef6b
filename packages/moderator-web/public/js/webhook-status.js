// @ts-check
/** The line under the webhooks form: what is loading, how many endpoints there are, or what an action came to. */
import { plural } from './dom.js';
import { page } from './page.js';

export function showEndpointCount() {
  const count = page.webhookList.childElementCount;
  setWebhookState(count ? `${plural(count, 'endpoint')} registered.` : 'No endpoints yet: Moderato sends no events until you add one.');
}

/** @param {string} text @param {'info' | 'error'} [tone] */
export function setWebhookState(text, tone = 'info') {
  page.webhookState.textContent = text;
  page.webhookState.dataset.tone = tone;
}
