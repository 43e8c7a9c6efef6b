// @ts-check
/**
 * The views: the review queue and the desk's overview for moderators and admins, the sentiment figures for every
 * role, and the publisher's policy and webhook endpoints for admins.
 */
import { rememberAddress } from './address.js';
import { reloadOverview } from './overview.js';
import { announce, isView, page, state, viewButtons } from './page.js';
import { reloadPolicy } from './policy.js';
import { reloadQueue } from './queue.js';
import { reloadSentimentView } from './sentiment.js';
import { reloadWebhooks } from './webhooks.js';
/** @import { View } from './page.js' */

/** Each view's section, the heading that takes focus when it opens, and what loads it. */
const VIEW_PARTS = {
  queue: { section: page.queueSection, heading: page.queueHeading, load: reloadQueue },
  sentiment: { section: page.sentimentSection, heading: page.sentimentHeading, load: reloadSentimentView },
  overview: { section: page.overviewSection, heading: page.overviewHeading, load: reloadOverview },
  policy: { section: page.policySection, heading: page.policyHeading, load: reloadPolicy },
  webhooks: { section: page.webhooksSection, heading: page.webhooksHeading, load: reloadWebhooks },
};

/**
 * Deciding is for moderators and admins alone, the policy and the webhooks for admins (the API says the same); every
 * role reads the figures.
 * @param {string} role
 * @returns {View[]}
 */
export function viewsFor(role) {
  if (role === 'admin') return ['queue', 'sentiment', 'overview', 'policy', 'webhooks'];
  if (role === 'moderator') return ['queue', 'sentiment', 'overview'];
  return ['sentiment'];
}

/** Offers the views a role may use, and no switch at all when there is one. @param {View[]} views */
export function offerViews(views) {
  for (const button of viewButtons()) button.hidden = !views.some((view) => view === button.dataset.view);
  page.views.hidden = views.length < 2;
}

/** @param {View} view @param {{ focus: boolean }} options */
export function openView(view, { focus }) {
  state.view = view;
  for (const [name, parts] of Object.entries(VIEW_PARTS)) parts.section.hidden = name !== view;
  for (const button of viewButtons()) {
    if (button.dataset.view === view) button.setAttribute('aria-current', 'page');
    else button.removeAttribute('aria-current');
  }
  const name = viewButtons().find((button) => button.dataset.view === view)?.textContent?.trim();
  document.title = name ? `Moderato · ${name}` : 'Moderato';
  rememberAddress();
  if (!state.loadedViews.has(view)) {
    state.loadedViews.add(view);
    void VIEW_PARTS[view].load();
  }
  if (focus) VIEW_PARTS[view].heading.focus();
}

/** @param {MouseEvent} event */
export function onViewButton(event) {
  const button = event.currentTarget;
  if (!(button instanceof HTMLButtonElement) || !state.me) return;
  const view = button.dataset.view;
  if (!isView(view) || !viewsFor(state.me.role).includes(view)) return;
  // The status line is page-wide, but what it says (a decision, a standing, a save) was about the view being left.
  if (view !== state.view) announce('', 'info');
  openView(view, { focus: true });
}
