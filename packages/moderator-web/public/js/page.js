// @ts-check
/** The page's elements, the state the views share, and the status line every part of the page reports to. */
import { byId } from './dom.js';
import { DEFAULT_INTERVAL, DEFAULT_LIMIT, DEFAULT_RANK_LIMIT, DEFAULT_RANK_SORT, DEFAULT_SORT } from './filters.js';
/** @import { Me } from './api.js' */
/** @import { Filters, RankFilters, StatsFilters } from './filters.js' */
/** @import { OverviewFilters } from './overview-api.js' */
/** @import { PolicyAnswer } from './policy-api.js' */
/** @import { Card } from './queue-card.js' */

/** The page's views, in the order of their buttons. */
export const VIEWS = /** @type {const} */ (['queue', 'sentiment', 'overview', 'policy', 'webhooks']);
/** @typedef {typeof VIEWS[number]} View */

/** @param {unknown} value @returns {value is View} */
export function isView(value) {
  return VIEWS.some((view) => view === value);
}

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
  claimState: byId('claim-state', HTMLElement),
  items: byId('queue-items', HTMLOListElement),
  loadMore: byId('load-more', HTMLButtonElement),
  undo: byId('undo', HTMLButtonElement),
  bulk: byId('bulk', HTMLElement),
  selectAll: byId('select-all', HTMLInputElement),
  selectionCount: byId('selection-count', HTMLElement),
  bulkReason: byId('bulk-reason', HTMLInputElement),
  approveSelected: byId('approve-selected', HTMLButtonElement),
  rejectSelected: byId('reject-selected', HTMLButtonElement),
  outcomes: byId('outcomes', HTMLElement),
  outcomesHeading: byId('outcomes-heading', HTMLElement),
  outcomeList: byId('outcome-list', HTMLUListElement),
  queueKeysHint: byId('queue-keys-hint', HTMLElement),
  keysOpen: byId('keys-open', HTMLButtonElement),
  keysHelp: byId('keys-help', HTMLDialogElement),
  keysClose: byId('keys-close', HTMLButtonElement),
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
  statsExcluded: byId('stats-excluded', HTMLElement),
  statsInclude: byId('stats-include', HTMLInputElement),
  rankForm: byId('rank-filters', HTMLFormElement),
  rankFrom: byId('rank-from', HTMLInputElement),
  rankTo: byId('rank-to', HTMLInputElement),
  rankSort: byId('rank-sort', HTMLSelectElement),
  rankLimit: byId('rank-limit', HTMLInputElement),
  rankState: byId('rank-state', HTMLElement),
  articleResult: byId('article-result', HTMLElement),
  articleCaption: byId('article-caption', HTMLElement),
  articleRows: byId('article-rows', HTMLTableSectionElement),
  authorResult: byId('author-result', HTMLElement),
  authorCaption: byId('author-caption', HTMLElement),
  authorRows: byId('author-rows', HTMLTableSectionElement),
  overviewSection: byId('overview', HTMLElement),
  overviewHeading: byId('overview-heading', HTMLElement),
  overviewForm: byId('overview-filters', HTMLFormElement),
  overviewStart: byId('overview-start', HTMLInputElement),
  overviewEnd: byId('overview-end', HTMLInputElement),
  overviewState: byId('overview-state', HTMLElement),
  overviewResult: byId('overview-result', HTMLElement),
  overviewReceived: byId('overview-received', HTMLElement),
  overviewDecisions: byId('overview-decisions', HTMLElement),
  overviewFlags: byId('overview-flags', HTMLOListElement),
  overviewPrecision: byId('overview-precision', HTMLTableSectionElement),
  overviewModerators: byId('overview-moderators', HTMLTableSectionElement),
  policySection: byId('policy', HTMLElement),
  policyHeading: byId('policy-heading', HTMLElement),
  policyMeta: byId('policy-meta', HTMLElement),
  policyForm: byId('policy-form', HTMLFormElement),
  policySave: byId('policy-save', HTMLButtonElement),
  policyState: byId('policy-state', HTMLElement),
  policyErrors: byId('policy-errors', HTMLUListElement),
  policyReload: byId('policy-reload', HTMLButtonElement),
  policyHistory: byId('policy-history', HTMLOListElement),
  webhooksSection: byId('webhooks', HTMLElement),
  webhooksHeading: byId('webhooks-heading', HTMLElement),
  webhookForm: byId('webhook-form', HTMLFormElement),
  webhookUrl: byId('webhook-url', HTMLInputElement),
  webhookDescription: byId('webhook-description', HTMLInputElement),
  webhookAdd: byId('webhook-add', HTMLButtonElement),
  webhookState: byId('webhook-state', HTMLElement),
  webhookSecretPanel: byId('webhook-secret-panel', HTMLElement),
  webhookSecretLabel: byId('webhook-secret-label', HTMLLabelElement),
  webhookSecret: byId('webhook-secret', HTMLInputElement),
  webhookSecretDone: byId('webhook-secret-done', HTMLButtonElement),
  webhookList: byId('webhook-list', HTMLUListElement),
  attemptsSection: byId('webhook-attempts', HTMLElement),
  attemptsHeading: byId('attempts-heading', HTMLElement),
  attemptsState: byId('attempts-state', HTMLElement),
  attemptsResult: byId('attempts-result', HTMLElement),
  attemptsRows: byId('attempts-rows', HTMLTableSectionElement),
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
  statsFilters: { articleId: '', from: '', to: '', interval: DEFAULT_INTERVAL, include: false },
  /** @type {RankFilters} */
  rankFilters: { from: '', to: '', sort: DEFAULT_RANK_SORT, limit: DEFAULT_RANK_LIMIT },
  /** @type {OverviewFilters} */
  overviewFilters: { from: '', to: '' },
  /** The views loaded in this session: each loads when first opened, and after that its own form reloads it. @type {Set<View>} */
  loadedViews: new Set(),
  /** The policy as last read or saved, whose version a save names in If-Match; null until read. @type {PolicyAnswer | null} */
  policy: null,
  /** @type {string | null} */
  cursor: null,
  /** Bumped whenever the list starts over or the session ends, so answers meant for an older list are dropped. */
  generation: 0,
  /** The same for the sentiment figures, the policy and the webhook endpoints. */
  statsGeneration: 0,
  rankGeneration: 0,
  overviewGeneration: 0,
  policyGeneration: 0,
  webhooksGeneration: 0,
  /** Once the API has accepted the key, a later 401 means the session ended rather than a failed sign-in. */
  keyAccepted: false,
  /** Numbers the cards' element ids: comment ids may hold any character. */
  cardsDrawn: 0,
  /** The card a shift-click selects a range from: the one whose box was clicked last. @type {HTMLElement | null} */
  selectionAnchor: null,
  /** The last decision, single or bulk, while it may still be undone; null once undone or when there is none. @type {LastDecision | null} */
  lastDecision: null,
};

/**
 * A decision as the page can undo it: each comment's card, where it stood in the list, and the `decidedAt` the undo
 * names in If-Match.
 * @typedef {{ action: 'approve' | 'reject', generation: number,
 *   items: Array<{ card: Card, next: Element | null, decidedAt: string }> }} LastDecision
 */

/**
 * Says what happened in the status line. Undo is offered only while the line speaks of the decision it undoes, so any
 * other message takes the button away (`u` still undoes the last decision).
 * @param {string} message @param {'info' | 'error'} tone
 */
export function announce(message, tone) {
  page.status.textContent = message;
  page.status.dataset.tone = tone;
  page.undo.hidden = true;
}
