// @ts-check
/**
 * The page for moderators and analysts: sign in with an API key; moderators and admins read the comments the analysis
 * held, with the reasons it held them, approve or reject them (one by one or a selection, by mouse or by key) and undo
 * that, and trust or ban their authors, and read the desk's overview; every role reads the sentiment figures; admins
 * set the publisher's policy and its webhook endpoints.
 * Everything goes through the moderation API on this origin.
 * Comment data is attacker-controlled: it reaches the page only as text nodes and attribute values, never as markup.
 *
 * This module wires the page's controls to the modules that handle them and starts from the page address.
 */
import { viewFromAddress } from './address.js';
import { decideSelected } from './bulk-decisions.js';
import { claimAgainIfRestored, releaseClaims } from './claims.js';
import { onKey, onKeysHelpClosed, onQueueFocus, openKeysHelp } from './keys.js';
import { storedKey } from './key-store.js';
import { page, state, viewButtons } from './page.js';
import { onSavePolicy, reloadPolicy } from './policy.js';
import { loadMore } from './queue.js';
import { filtersFromAddress, onApplyFilters, showFilters } from './queue-filters.js';
import { onApplyOverviewFilters, overviewFiltersFromAddress, showOverviewFilters } from './overview.js';
import { onApplyRankFilters, rankFiltersFromAddress, showRankFilters } from './rankings.js';
import { onApplyStatsFilters, onIncludeToggle, showStatsFilters, statsFiltersFromAddress } from './sentiment.js';
import { onSelectAll } from './selection.js';
import { onSignIn, startSession } from './session.js';
import { endSession } from './session-end.js';
import { onViewButton } from './views.js';
import { undoLast } from './undo.js';
import { hideSecret } from './webhook-secret.js';
import { onAddEndpoint } from './webhooks.js';

function start() {
  page.signInForm.addEventListener('submit', onSignIn);
  page.filters.addEventListener('submit', onApplyFilters);
  page.statsForm.addEventListener('submit', onApplyStatsFilters);
  page.statsInclude.addEventListener('change', onIncludeToggle);
  page.rankForm.addEventListener('submit', onApplyRankFilters);
  page.overviewForm.addEventListener('submit', onApplyOverviewFilters);
  page.policyForm.addEventListener('submit', (event) => void onSavePolicy(event));
  page.policyReload.addEventListener('click', () => {
    // The button hides as the policy loads; focus goes to the view's heading rather than nowhere.
    page.policyHeading.focus();
    void reloadPolicy();
  });
  page.webhookForm.addEventListener('submit', (event) => void onAddEndpoint(event));
  page.webhookSecretDone.addEventListener('click', hideSecret);
  for (const button of viewButtons()) button.addEventListener('click', onViewButton);
  page.signOut.addEventListener('click', () => endSession('Signed out. This tab no longer holds your key.', 'info'));
  page.loadMore.addEventListener('click', () => void loadMore());
  page.selectAll.addEventListener('change', onSelectAll);
  page.approveSelected.addEventListener('click', () => void decideSelected('approve'));
  page.rejectSelected.addEventListener('click', () => void decideSelected('reject'));
  page.undo.addEventListener('click', () => void undoLast());
  page.items.addEventListener('focusin', onQueueFocus);
  page.keysOpen.addEventListener('click', openKeysHelp);
  page.keysClose.addEventListener('click', () => page.keysHelp.close());
  page.keysHelp.addEventListener('close', onKeysHelpClosed);
  document.addEventListener('keydown', onKey);
  // The tab closes or leaves: free its comments for the other moderators now rather than when the leases run out.
  addEventListener('pagehide', releaseClaims);
  addEventListener('pageshow', claimAgainIfRestored);
  state.view = viewFromAddress();
  state.filters = filtersFromAddress();
  showFilters(state.filters);
  state.statsFilters = statsFiltersFromAddress();
  showStatsFilters(state.statsFilters);
  state.rankFilters = rankFiltersFromAddress();
  showRankFilters(state.rankFilters);
  state.overviewFilters = overviewFiltersFromAddress();
  showOverviewFilters(state.overviewFilters);
  if (storedKey()) void startSession();
  else page.signInSection.hidden = false;
}

start();
