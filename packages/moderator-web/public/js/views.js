// @ts-check
/** The two views: the review queue for moderators and admins, the sentiment figures for every role. */
import { rememberAddress } from './address.js';
import { page, state, viewButtons } from './page.js';
import { reloadQueue } from './queue.js';
import { reloadStats } from './sentiment.js';
/** @import { View } from './page.js' */

/** Deciding is for moderators and admins alone (the API says the same); every role reads the figures. @param {string} role @returns {View[]} */
export function viewsFor(role) {
  return role === 'moderator' || role === 'admin' ? ['queue', 'sentiment'] : ['sentiment'];
}

/** @param {View} view @param {{ focus: boolean }} options */
export function openView(view, { focus }) {
  state.view = view;
  page.queueSection.hidden = view !== 'queue';
  page.sentimentSection.hidden = view !== 'sentiment';
  for (const button of viewButtons()) {
    if (button.dataset.view === view) button.setAttribute('aria-current', 'page');
    else button.removeAttribute('aria-current');
  }
  const name = viewButtons().find((button) => button.dataset.view === view)?.textContent?.trim();
  document.title = name ? `Moderato · ${name}` : 'Moderato';
  rememberAddress();
  loadOnFirstOpen(view);
  if (focus) (view === 'queue' ? page.queueHeading : page.sentimentHeading).focus();
}

/** @param {View} view */
function loadOnFirstOpen(view) {
  if (view === 'queue' && !state.queueLoaded) {
    state.queueLoaded = true;
    void reloadQueue();
  } else if (view === 'sentiment' && !state.statsLoaded) {
    state.statsLoaded = true;
    void reloadStats();
  }
}

/** @param {MouseEvent} event */
export function onViewButton(event) {
  const button = event.currentTarget;
  if (!(button instanceof HTMLButtonElement) || !state.me) return;
  const view = button.dataset.view;
  if ((view === 'queue' || view === 'sentiment') && viewsFor(state.me.role).includes(view)) openView(view, { focus: true });
}
