// @ts-check
/**
 * The page for moderators and analysts: sign in with an API key; moderators and admins read the comments the analysis
 * held, with the reasons it held them, and approve or reject them; every role reads the sentiment figures.
 * Everything goes through the moderation API on this origin.
 * Comment data is attacker-controlled: it reaches the page only as text nodes and attribute values, never as markup.
 *
 * This module wires the page's controls to the modules that handle them and starts from the page address.
 */
import { viewFromAddress } from './address.js';
import { storedKey } from './key-store.js';
import { page, state, viewButtons } from './page.js';
import { loadMore } from './queue.js';
import { filtersFromAddress, onApplyFilters, showFilters } from './queue-filters.js';
import { onApplyStatsFilters, showStatsFilters, statsFiltersFromAddress } from './sentiment.js';
import { onSignIn, startSession } from './session.js';
import { endSession } from './session-end.js';
import { onViewButton } from './views.js';

function start() {
  page.signInForm.addEventListener('submit', onSignIn);
  page.filters.addEventListener('submit', onApplyFilters);
  page.statsForm.addEventListener('submit', onApplyStatsFilters);
  for (const button of viewButtons()) button.addEventListener('click', onViewButton);
  page.signOut.addEventListener('click', () => endSession('Signed out. This tab no longer holds your key.', 'info'));
  page.loadMore.addEventListener('click', () => void loadMore());
  state.view = viewFromAddress();
  state.filters = filtersFromAddress();
  showFilters(state.filters);
  state.statsFilters = statsFiltersFromAddress();
  showStatsFilters(state.statsFilters);
  if (storedKey()) void startSession();
  else page.signInSection.hidden = false;
}

start();
