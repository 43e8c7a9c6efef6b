// @ts-check
/** Ending a session, by signing out or because the API refused the key: forget the key, clear both views, show sign-in. */
import { forgetKey } from './key-store.js';
import { announce, page, state } from './page.js';
/** @import { ApiError } from './api.js' */

/** Forgets the key, drops the list and returns to sign-in. @param {string} message @param {'info' | 'error'} tone */
export function endSession(message, tone) {
  forgetKey();
  state.generation += 1;
  state.statsGeneration += 1;
  state.cursor = null;
  state.keyAccepted = false;
  state.me = null;
  state.queueLoaded = false;
  state.statsLoaded = false;
  page.items.replaceChildren();
  page.queueState.textContent = '';
  page.loadMore.hidden = true;
  page.statsRows.replaceChildren();
  page.statsState.textContent = '';
  page.statsResult.hidden = true;
  page.queueSection.hidden = true;
  page.sentimentSection.hidden = true;
  page.views.hidden = true;
  page.session.hidden = true;
  page.identity.textContent = '';
  page.signInSection.hidden = false;
  document.title = 'Moderato';
  announce(message, tone);
  page.apiKey.focus();
}

/** @param {ApiError} error */
export function refuseKey(error) {
  endSession(state.keyAccepted ? `You were signed out. ${error.message}` : `Sign-in refused. ${error.message}`, 'error');
}
