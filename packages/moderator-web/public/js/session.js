// @ts-check
/** Signing in: the key goes into this tab's storage, the API names it, and the views its role may use open. */
import { ApiError, ApiUnreachableError, failureText, fetchMe, isRefusal } from './api.js';
import { storedKey, storeKey } from './key-store.js';
import { announce, page, state } from './page.js';
import { endSession, refuseKey } from './session-end.js';
import { offerViews, openView, viewsFor } from './views.js';
/** @import { Me } from './api.js' */

/** What fetch() accepts in a header value, and what an API key is made of: printable ASCII without spaces. */
const KEY_CHARACTERS = /^[\x21-\x7e]+$/;

/** @param {SubmitEvent} event */
export function onSignIn(event) {
  event.preventDefault();
  const key = page.apiKey.value.trim();
  if (!key) return announce('Enter your API key to sign in.', 'error');
  if (!KEY_CHARACTERS.test(key)) return announce('That is not an API key: keys have no spaces and only plain ASCII characters.', 'error');
  if (!storeKey(key)) return announce('This browser refuses session storage for this site, so the page cannot hold your key.', 'error');
  page.apiKey.value = '';
  void startSession();
}

/** Asks the API whose key this tab holds, then opens the views that key's role may use. */
export async function startSession() {
  const key = storedKey();
  state.keyAccepted = false;
  page.signInSection.hidden = true;
  announce('Signing in…', 'info');
  try {
    const me = await fetchMe();
    // Signed out, or signed in with another key, while the answer was on its way.
    if (storedKey() !== key) return;
    welcome(me);
  } catch (error) {
    if (storedKey() !== key) return;
    if (isRefusal(error)) return refuseKey(error);
    endSession(`Could not sign in. ${failureText(error)} Your key is still in the form: press Sign in to try again.`, 'error');
    // The key was not refused, only not checked: keep it in the form so trying again needs no second paste.
    if (key) page.apiKey.value = key;
    if (!(error instanceof ApiError || error instanceof ApiUnreachableError)) throw error;
  }
}

/** @param {Me} me */
function welcome(me) {
  state.me = me;
  state.keyAccepted = true;
  page.identity.textContent = `Signed in as ${me.role} · ${me.publisherId}`;
  page.session.hidden = false;
  const views = viewsFor(me.role);
  offerViews(views);
  announce('Signed in.', 'info');
  openView(views.includes(state.view) ? state.view : views[0] ?? 'sentiment', { focus: true });
}
