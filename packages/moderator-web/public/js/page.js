// @ts-check
/** The page's elements, the state the views share, and the status line every part of the page reports to. */
import { byId } from './dom.js';
import { DEFAULT_INTERVAL, DEFAULT_LIMIT, DEFAULT_SORT } from './filters.js';
/** @import { Me } from './api.js' */
/** @import { Filters, StatsFilters } from './filters.js' */

/** @typedef {'queue' | 'sentiment'} View */

export const page = {
  status: byId('status', HTMLElement),
  session: byId('session', HTMLElement),
  identity: byId('identity', HTMLElement),
  signOut: byId('sign-out', HTMLButtonElement),
  views: byId('views', HTMLElement),
  signInSection: byId('sign-in', HTMLElement),
  signInForm: byId('sign-in-form', HTMLFormElement),
  apiKey: byId('api-key', HTMLInputElement),
  queueSection: byId('queue', HTMLElement),
  queueHeading: byId('queue-heading', HTMLElement),
  filters: byId('filters', HTMLFormElement),
  sort: byId('sort', HTMLSelectElement),
  limit: byId('limit', HTMLInputElement),
  queueState: byId('queue-state', HTMLElement),
  items: byId('queue-items', HTMLOListElement),
  loadMore: byId('load-more', HTMLButtonElement),
  sentimentSection: byId('sentiment', HTMLElement),
  sentimentHeading: byId('sentiment-heading', HTMLElement),
  statsForm: byId('stats-filters', HTMLFormElement),
  statsArticle: byId('stats-article', HTMLInputElement),
  statsFrom: byId('stats-from', HTMLInputElement),
  statsTo: byId('stats-to', HTMLInputElement),
  statsInterval: byId('stats-interval', HTMLSelectElement),
  statsState: byId('stats-state', HTMLElement),
  statsResult: byId('stats-result', HTMLElement),
  statsCaption: byId('stats-caption', HTMLElement),
  statsPeriod: byId('stats-period', HTMLElement),
  statsRows: byId('stats-rows', HTMLTableSectionElement),
};

/** @returns {HTMLButtonElement[]} */
export function viewButtons() {
  return [...page.views.querySelectorAll('button[data-view]')].filter((button) => button instanceof HTMLButtonElement);
}

export const state = {
  /** The signed-in key; null until the API has named it. @type {Me | null} */
  me: null,
  /** @type {View} */
  view: 'queue',
  /** @type {Filters} */
  filters: { flags: [], sort: DEFAULT_SORT, limit: DEFAULT_LIMIT },
  /** @type {StatsFilters} */
  statsFilters: { articleId: '', from: '', to: '', interval: DEFAULT_INTERVAL },
  /** Each view loads when first opened in a session; after that its own form reloads it. */
  queueLoaded: false,
  statsLoaded: false,
  /** @type {string | null} */
  cursor: null,
  /** Bumped whenever the list starts over or the session ends, so answers meant for an older list are dropped. */
  generation: 0,
  /** The same for the sentiment figures. */
  statsGeneration: 0,
  /** Once the API has accepted the key, a later 401 means the session ended rather than a failed sign-in. */
  keyAccepted: false,
  /** Numbers the cards' element ids: comment ids may hold any character. */
  cardsDrawn: 0,
};

/** @param {string} message @param {'info' | 'error'} tone */
export function announce(message, tone) {
  page.status.textContent = message;
  page.status.dataset.tone = tone;
}
