// @ts-check
/** Ending a session, by signing out or because the API refused the key: forget the key, clear every view, show sign-in. */
import { releaseClaims } from './claims.js';
import { forgetKey } from './key-store.js';
import { announce, page, state } from './page.js';
/** @import { ApiError } from './api.js' */

/** Forgets the key, drops the list and returns to sign-in. @param {string} message @param {'info' | 'error'} tone */
export function endSession(message, tone) {
  releaseClaims();
  forgetKey();
  state.generation += 1;
  state.statsGeneration += 1;
  state.rankGeneration += 1;
  state.overviewGeneration += 1;
  state.policyGeneration += 1;
  state.webhooksGeneration += 1;
  state.cursor = null;
  state.keyAccepted = false;
  state.me = null;
  state.loadedViews.clear();
  state.policy = null;
  state.lastDecision = null;
  state.selectionAnchor = null;
  if (page.keysHelp.open) page.keysHelp.close();
  page.items.replaceChildren();
  page.bulk.hidden = true;
  page.queueKeysHint.hidden = true;
  page.bulkReason.value = '';
  page.outcomeList.replaceChildren();
  page.outcomes.hidden = true;
  page.queueState.textContent = '';
  page.loadMore.hidden = true;
  page.statsRows.replaceChildren();
  page.statsState.textContent = '';
  page.statsResult.hidden = true;
  page.rankState.textContent = '';
  page.articleRows.replaceChildren();
  page.authorRows.replaceChildren();
  page.articleResult.hidden = true;
  page.authorResult.hidden = true;
  page.overviewState.textContent = '';
  page.overviewResult.hidden = true;
  for (const part of [page.overviewReceived, page.overviewDecisions, page.overviewFlags, page.overviewPrecision, page.overviewModerators]) part.replaceChildren();
  clearAdminViews();
  for (const section of [page.queueSection, page.sentimentSection, page.overviewSection, page.policySection, page.webhooksSection]) section.hidden = true;
  page.views.hidden = true;
  page.session.hidden = true;
  page.identity.textContent = '';
  page.signInSection.hidden = false;
  document.title = 'Moderato';
  announce(message, tone);
  page.apiKey.focus();
}

/** The policy and the endpoints are the publisher's; a webhook secret on show most of all must not outlast the session. */
function clearAdminViews() {
  page.policyForm.reset();
  page.policySave.disabled = true;
  page.policyMeta.textContent = '';
  page.policyState.textContent = '';
  page.policyErrors.replaceChildren();
  page.policyErrors.hidden = true;
  page.policyReload.hidden = true;
  page.policyHistory.replaceChildren();
  page.webhookForm.reset();
  page.webhookSecret.value = '';
  page.webhookSecretPanel.hidden = true;
  page.webhookState.textContent = '';
  page.webhookList.replaceChildren();
  page.attemptsRows.replaceChildren();
  page.attemptsSection.hidden = true;
}

/** @param {ApiError} error */
export function refuseKey(error) {
  endSession(state.keyAccepted ? `You were signed out. ${error.message}` : `Sign-in refused. ${error.message}`, 'error');
}
