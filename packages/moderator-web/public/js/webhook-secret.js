// @ts-check
/**
 * A new signing secret, shown the one time the API gives it (adding an endpoint, rotating its secret) in a read-only
 * field to copy. Nothing keeps it: hiding it, signing out or reloading the page loses it for good.
 */
import { page } from './page.js';
/** @import { EndpointWithSecret } from './webhooks-api.js' */

/** @param {EndpointWithSecret} endpoint */
export function showSecret(endpoint) {
  page.webhookSecretLabel.textContent = `Signing secret of ${endpoint.url}`;
  page.webhookSecret.value = endpoint.secret;
  page.webhookSecretPanel.hidden = false;
  // Selected, so a keyboard user copies it with one shortcut.
  page.webhookSecret.focus();
  page.webhookSecret.select();
}

export function hideSecret() {
  const hadFocus = page.webhookSecretPanel.contains(document.activeElement);
  page.webhookSecret.value = '';
  page.webhookSecretPanel.hidden = true;
  if (hadFocus) page.webhooksHeading.focus();
}
