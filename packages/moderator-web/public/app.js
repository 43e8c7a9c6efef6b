// @ts-check
/**
 * The page for moderators and analysts: sign in with an API key; moderators and admins read the comments the analysis
 * held, with the reasons it held them, and approve or reject them; every role reads the sentiment figures.
 * Everything goes through the moderation API on this origin.
 * Comment data is attacker-controlled: it reaches the page only as text nodes and attribute values, never as markup.
 */

/** sessionStorage, not localStorage or a cookie: the key lives as long as the tab and is never written to disk. */
const KEY_STORAGE_ITEM = 'moderato.apiKey';
/** Detail requests (they carry the flag reasons) in flight at once while a page of the queue fills in. */
const DETAIL_REQUESTS_IN_FLIGHT = 4;
const DEFAULT_SORT = 'oldest';
const DEFAULT_LIMIT = 25;
const MAX_LIMIT = 100;
/** What fetch() accepts in a header value, and what an API key is made of: printable ASCII without spaces. */
const KEY_CHARACTERS = /^[\x21-\x7e]+$/;
const DEFAULT_INTERVAL = 'day';
/** What `<input type="date">` holds: a day, which the API reads as midnight UTC. */
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 24 * 60 * 60 * 1000;
/** The stats' labels, in the order of the table's columns and of the bar's segments. */
const SENTIMENT_LABELS = /** @type {const} */ (['negative', 'neutral', 'positive']);

/** @typedef {{ score: number, label: string }} Sentiment */
/**
 * @typedef {{ commentId: string, articleId: string, articleTitle: string | null, authorId: string, authorName: string | null,
 *   text: string, createdAt: string, flags: string[], severity: number, sentiment: Sentiment | null, duplicateOf: string | null }} QueueItem
 */
/** @typedef {{ items: QueueItem[], nextCursor: string | null }} QueuePage */
/** @typedef {{ code: string, message: string }} Reason */
/** @typedef {{ kind: string, score: number, reasons: Reason[] }} Flag */
/** @typedef {{ action: 'approve' | 'reject', reason: string | null, decidedBy: string, decidedAt: string }} Decision */
/**
 * @typedef {QueueItem & { analysis: { flags: Flag[] }, decision: Decision | null,
 *   duplicate: { commentId: string, authorId: string, text: string } | null,
 *   authorHistory: { counts: { approved: number, pending: number, rejected: number } } }} CommentDetail
 */
/** @typedef {{ flags: string[], sort: string, limit: number }} Filters */
/** The key in use, as `GET /v1/me` names it. @typedef {{ publisherId: string, role: string, keyId: string }} Me */
/** @typedef {'queue' | 'sentiment'} View */
/**
 * The sentiment form. `from` and `to` are days (yyyy-mm-dd) or empty; `to` includes its day.
 * @typedef {{ articleId: string, from: string, to: string, interval: string }} StatsFilters
 */
/** @typedef {{ start: string, total: number, counts: Record<typeof SENTIMENT_LABELS[number], number>, meanScore: number }} SentimentBucket */
/** @typedef {{ buckets: SentimentBucket[] }} SentimentStats */
/** One field a validation problem names: `{ path: 'query.to', message: 'must be later than from' }`. @typedef {{ path: string, message: string }} FieldError */
/**
 * One queue item on the page, with the parts that change after it is drawn.
 * @typedef {{ item: QueueItem, element: HTMLLIElement, flagList: HTMLUListElement, context: HTMLElement,
 *   reason: HTMLInputElement, buttons: HTMLButtonElement[] }} Card
 */

/**
 * @template {HTMLElement} T
 * @param {string} id
 * @param {{ new (): T, name: string }} type
 * @returns {T}
 */
function byId(id, type) {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`moderator page: #${id} is missing or is not a ${type.name}`);
  return found;
}

const page = {
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
function viewButtons() {
  return [...page.views.querySelectorAll('button[data-view]')].filter((button) => button instanceof HTMLButtonElement);
}

/** The sentiment form's controls by the names the API gives its query parameters, so a 400 can point at them. */
const STATS_FIELDS = new Map(/** @type {Array<[string, HTMLInputElement | HTMLSelectElement]>} */ ([
  ['articleId', page.statsArticle],
  ['from', page.statsFrom],
  ['to', page.statsTo],
  ['interval', page.statsInterval],
]));

/** @returns {HTMLInputElement[]} */
function flagBoxes() {
  return [...page.filters.querySelectorAll('input[name="flag"]')].filter((box) => box instanceof HTMLInputElement);
}

/** Flag names as moderators read them, taken from the filter's labels so the page names each flag one way. */
const FLAG_LABELS = new Map(flagBoxes().map((box) => [box.value, box.labels?.[0]?.textContent?.trim() || box.value]));

const state = {
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

// ------------------------------------------------------------------------------------------------------------------
// The API

/** The API answered with an error; `message` is its problem `detail`, written to be shown. */
class ApiError extends Error {
  /** @param {number} status @param {string} code @param {string} detail @param {FieldError[]} [fieldErrors] */
  constructor(status, code, detail, fieldErrors = []) {
    super(detail);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    /** What a 400 found wrong, field by field. */
    this.fieldErrors = fieldErrors;
  }
}

/** No answer at all: offline, connection refused or reset. */
class ApiUnreachableError extends Error {
  /** @param {unknown} cause */
  constructor(cause) {
    super('The moderation API could not be reached.', { cause });
    this.name = 'ApiUnreachableError';
  }
}

/**
 * @param {string} path relative to the page, so the page works under whatever prefix serves it and its API
 * @param {RequestInit} [init]
 * @returns {Promise<unknown>}
 */
async function callApi(path, init = {}) {
  const key = storedKey();
  if (!key) throw new ApiError(401, 'signed_out', 'This tab no longer holds an API key.');
  const headers = new Headers(init.headers);
  headers.set('Accept', 'application/json');
  headers.set('Authorization', `Bearer ${key}`);
  /** @type {Response} */
  let response;
  try {
    response = await fetch(new URL(path, document.baseURI), { ...init, headers, cache: 'no-store', credentials: 'omit' });
  } catch (error) {
    throw new ApiUnreachableError(error);
  }
  const body = await readJson(response);
  if (response.ok) return body;
  throw new ApiError(
    response.status,
    problemField(body, 'code') ?? 'http_error',
    problemField(body, 'detail') ?? `The moderation API answered ${response.status} ${response.statusText}.`,
    problemFieldErrors(body),
  );
}

/** @param {Response} response @returns {Promise<unknown>} */
async function readJson(response) {
  try {
    return await response.json();
  } catch {
    return null;
  }
}

/** @param {unknown} body @param {'code' | 'detail'} field @returns {string | undefined} */
function problemField(body, field) {
  if (typeof body !== 'object' || body === null || !(field in body)) return undefined;
  const value = /** @type {Record<string, unknown>} */ (body)[field];
  return typeof value === 'string' && value ? value : undefined;
}

/** @param {unknown} body @returns {FieldError[]} */
function problemFieldErrors(body) {
  if (typeof body !== 'object' || body === null || !('errors' in body) || !Array.isArray(body.errors)) return [];
  return body.errors.filter(isFieldError);
}

/** @param {unknown} entry @returns {entry is FieldError} */
function isFieldError(entry) {
  if (typeof entry !== 'object' || entry === null) return false;
  const { path, message } = /** @type {Record<string, unknown>} */ (entry);
  return typeof path === 'string' && typeof message === 'string';
}

function unreadableAnswer() {
  return new ApiError(502, 'unreadable_answer', 'The moderation API sent an answer this page cannot read.');
}

/**
 * 401: unknown or revoked key; 403: a key whose role may not do what was asked, which the page never asks of a role
 * it knows, so the role must have changed. Either way this key cannot go on here.
 * @param {unknown} error
 * @returns {error is ApiError}
 */
function isRefusal(error) {
  return error instanceof ApiError && (error.status === 401 || error.status === 403);
}

/** @param {Filters} filters @param {string | null} cursor @returns {Promise<QueuePage>} */
async function fetchQueuePage(filters, cursor) {
  const query = new URLSearchParams({ sort: filters.sort, limit: String(filters.limit) });
  if (filters.flags.length) query.set('flag', filters.flags.join(','));
  if (cursor) query.set('cursor', cursor);
  const body = await callApi(`v1/queue?${query}`);
  if (typeof body !== 'object' || body === null || !('items' in body) || !Array.isArray(body.items)) throw unreadableAnswer();
  return /** @type {QueuePage} */ (body);
}

/** @returns {Promise<Me>} */
async function fetchMe() {
  const body = await callApi('v1/me');
  if (typeof body !== 'object' || body === null) throw unreadableAnswer();
  const { publisherId, role, keyId } = /** @type {Record<string, unknown>} */ (body);
  if (typeof publisherId !== 'string' || typeof role !== 'string' || typeof keyId !== 'string') throw unreadableAnswer();
  return { publisherId, role, keyId };
}

/** @param {StatsFilters} filters @returns {Promise<SentimentStats>} */
async function fetchSentimentStats(filters) {
  const query = new URLSearchParams({ interval: filters.interval });
  if (filters.articleId) query.set('articleId', filters.articleId);
  if (filters.from) query.set('from', filters.from);
  // The API's `to` is exclusive; the form's includes its day.
  if (filters.to) query.set('to', dayAfter(filters.to));
  const body = await callApi(`v1/stats/sentiment?${query}`);
  if (typeof body !== 'object' || body === null || !('buckets' in body) || !Array.isArray(body.buckets)) throw unreadableAnswer();
  return /** @type {SentimentStats} */ (body);
}

/** A day that is not yyyy-mm-dd goes as it is, for the API to name what is wrong with it. @param {string} day */
function dayAfter(day) {
  const start = Date.parse(`${day}T00:00:00Z`);
  return DAY.test(day) && !Number.isNaN(start) ? new Date(start + DAY_MS).toISOString().slice(0, 10) : day;
}

// ------------------------------------------------------------------------------------------------------------------
// Session

/** @returns {string | null} */
function storedKey() {
  try {
    return sessionStorage.getItem(KEY_STORAGE_ITEM);
  } catch {
    return null;
  }
}

/** @param {SubmitEvent} event */
function onSignIn(event) {
  event.preventDefault();
  const key = page.apiKey.value.trim();
  if (!key) return announce('Enter your API key to sign in.', 'error');
  if (!KEY_CHARACTERS.test(key)) return announce('That is not an API key: keys have no spaces and only plain ASCII characters.', 'error');
  try {
    sessionStorage.setItem(KEY_STORAGE_ITEM, key);
  } catch {
    return announce('This browser refuses session storage for this site, so the page cannot hold your key.', 'error');
  }
  page.apiKey.value = '';
  void startSession();
}

/** Asks the API whose key this tab holds, then opens the views that key's role may use. */
async function startSession() {
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
  // One view needs no switch.
  page.views.hidden = views.length < 2;
  announce('Signed in.', 'info');
  openView(views.includes(state.view) ? state.view : views[0] ?? 'sentiment', { focus: true });
}

/** Forgets the key, drops the list and returns to sign-in. @param {string} message @param {'info' | 'error'} tone */
function endSession(message, tone) {
  try {
    sessionStorage.removeItem(KEY_STORAGE_ITEM);
  } catch {
    // Nothing was stored if storage is blocked.
  }
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
function refuseKey(error) {
  endSession(state.keyAccepted ? `You were signed out. ${error.message}` : `Sign-in refused. ${error.message}`, 'error');
}

/** @param {string} message @param {'info' | 'error'} tone */
function announce(message, tone) {
  page.status.textContent = message;
  page.status.dataset.tone = tone;
}

// ------------------------------------------------------------------------------------------------------------------
// Views: the review queue for moderators and admins, the sentiment figures for every role

/** Deciding is for moderators and admins alone (the API says the same); every role reads the figures. @param {string} role @returns {View[]} */
function viewsFor(role) {
  return role === 'moderator' || role === 'admin' ? ['queue', 'sentiment'] : ['sentiment'];
}

/** @param {View} view @param {{ focus: boolean }} options */
function openView(view, { focus }) {
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
function onViewButton(event) {
  const button = event.currentTarget;
  if (!(button instanceof HTMLButtonElement) || !state.me) return;
  const view = button.dataset.view;
  if ((view === 'queue' || view === 'sentiment') && viewsFor(state.me.role).includes(view)) openView(view, { focus: true });
}

// ------------------------------------------------------------------------------------------------------------------
// The page address keeps the view and both views' filters, so that a reload or a bookmark keeps them

/** @returns {View} */
function viewFromAddress() {
  return new URLSearchParams(location.search).get('view') === 'sentiment' ? 'sentiment' : 'queue';
}

function rememberAddress() {
  const params = new URLSearchParams();
  if (state.view === 'sentiment') params.set('view', 'sentiment');
  const { flags, sort, limit } = state.filters;
  if (flags.length) params.set('flag', flags.join(','));
  if (sort !== DEFAULT_SORT) params.set('sort', sort);
  if (limit !== DEFAULT_LIMIT) params.set('limit', String(limit));
  const { articleId, from, to, interval } = state.statsFilters;
  if (articleId) params.set('articleId', articleId);
  if (from) params.set('from', from);
  if (to) params.set('to', to);
  if (interval !== DEFAULT_INTERVAL) params.set('interval', interval);
  const query = params.toString();
  history.replaceState(null, '', query ? `?${query}` : location.pathname);
}

// ------------------------------------------------------------------------------------------------------------------
// The queue's filters

/** @param {string | null} value @returns {number | null} */
function parseLimit(value) {
  if (value === null || !/^\d{1,3}$/.test(value)) return null;
  const limit = Number(value);
  return limit >= 1 && limit <= MAX_LIMIT ? limit : null;
}

/** @returns {Filters} */
function filtersFromAddress() {
  const params = new URLSearchParams(location.search);
  const known = new Set(FLAG_LABELS.keys());
  const flags = params.getAll('flag').flatMap((value) => value.split(',')).filter((kind) => known.has(kind));
  const sort = params.get('sort') ?? DEFAULT_SORT;
  const sorts = [...page.sort.options].map((option) => option.value);
  return { flags: [...new Set(flags)], sort: sorts.includes(sort) ? sort : DEFAULT_SORT, limit: parseLimit(params.get('limit')) ?? DEFAULT_LIMIT };
}

/** @param {Filters} filters */
function showFilters(filters) {
  for (const box of flagBoxes()) box.checked = filters.flags.includes(box.value);
  page.sort.value = filters.sort;
  page.limit.value = String(filters.limit);
}

/** @param {SubmitEvent} event */
function onApplyFilters(event) {
  event.preventDefault();
  const limit = parseLimit(page.limit.value.trim());
  page.limit.setAttribute('aria-invalid', String(limit === null));
  if (limit === null) return announce(`Per page must be a whole number from 1 to ${MAX_LIMIT}.`, 'error');
  state.filters = { flags: flagBoxes().filter((box) => box.checked).map((box) => box.value), sort: page.sort.value, limit };
  rememberAddress();
  void reloadQueue();
}

// ------------------------------------------------------------------------------------------------------------------
// The queue

async function reloadQueue() {
  state.generation += 1;
  state.cursor = null;
  page.items.replaceChildren();
  page.loadMore.hidden = true;
  await loadQueuePage(state.generation);
}

async function loadMore() {
  page.loadMore.disabled = true;
  try {
    await loadQueuePage(state.generation);
  } finally {
    page.loadMore.disabled = false;
  }
}

/** Appends the page after `state.cursor`. @param {number} generation */
async function loadQueuePage(generation) {
  setQueueState(state.cursor ? 'Loading more held comments…' : 'Loading held comments…');
  page.queueSection.setAttribute('aria-busy', 'true');
  try {
    const queuePage = await fetchQueuePage(state.filters, state.cursor);
    if (generation !== state.generation) return;
    state.cursor = queuePage.nextCursor;
    const cards = queuePage.items.map(drawCard);
    page.items.append(...cards.map((card) => card.element));
    page.loadMore.hidden = state.cursor === null;
    updateQueueState();
    void fillInDetails(cards);
  } catch (error) {
    if (generation !== state.generation) return;
    if (isRefusal(error)) return refuseKey(error);
    const retry = state.cursor ? 'Load more to try again.' : 'Apply filters to try again.';
    setQueueState(`Could not load the queue. ${failureText(error)} ${retry}`, 'error');
    if (!(error instanceof ApiError || error instanceof ApiUnreachableError)) throw error;
  } finally {
    if (generation === state.generation) page.queueSection.removeAttribute('aria-busy');
  }
}

function updateQueueState() {
  const shown = page.items.childElementCount;
  if (shown > 0) {
    setQueueState(`${shown} held comment${shown === 1 ? '' : 's'} shown${state.cursor ? '; more are waiting' : ''}.`);
  } else if (state.cursor) {
    setQueueState('Every comment shown has been decided. Load more to continue.');
  } else {
    setQueueState(state.filters.flags.length ? 'No held comments have these flags.' : 'No comments are waiting for review.');
  }
}

/** @param {string} text @param {'info' | 'error'} [tone] */
function setQueueState(text, tone = 'info') {
  page.queueState.textContent = text;
  page.queueState.dataset.tone = tone;
}

/** @param {unknown} error */
function failureText(error) {
  if (error instanceof ApiUnreachableError) return 'The moderation API could not be reached; check your connection.';
  if (error instanceof ApiError) return error.message;
  return 'Something unexpected went wrong on this page.';
}

// ------------------------------------------------------------------------------------------------------------------
// Drawing a queue item. Every string from the API goes in through el(), which only ever creates text nodes.

/**
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {{ className?: string, attributes?: Record<string, string> }} options
 * @param {Array<Node | string>} children strings become text nodes, never markup
 * @returns {HTMLElementTagNameMap[K]}
 */
function el(tag, options, ...children) {
  const element = document.createElement(tag);
  if (options.className) element.className = options.className;
  for (const [name, value] of Object.entries(options.attributes ?? {})) element.setAttribute(name, value);
  element.append(...children);
  return element;
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
/** The figures are bucketed in UTC, so their days and hours are shown in UTC. */
const utcDayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
const utcHourFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

/** @param {number} score */
function formatScore(score) {
  return score.toFixed(2).replace('-', '−');
}

/** @param {QueueItem} item */
function authorOf(item) {
  return item.authorName ?? item.authorId;
}

/** @param {QueueItem} item */
function describe(item) {
  return `the comment by ${authorOf(item)} (${item.commentId})`;
}

/** @param {string} kind */
function flagLabel(kind) {
  return FLAG_LABELS.get(kind) ?? kind;
}

/** @param {string} kind */
function flagChip(kind) {
  return el('span', { className: `flag ${FLAG_LABELS.has(kind) ? `flag-${kind}` : 'flag-other'}` }, flagLabel(kind));
}

/** @param {QueueItem} item @returns {Card} */
function drawCard(item) {
  state.cardsDrawn += 1;
  const id = `comment-${state.cardsDrawn}`;
  const created = new Date(item.createdAt);
  const flagList = el('ul', { className: 'flags' }, ...item.flags.map((kind) => el('li', {}, flagChip(kind), ' ', el('span', { className: 'muted' }, 'loading the reasons…'))));
  const context = el('div', { className: 'context' });
  const reason = el('input', { attributes: { id: `${id}-reason`, type: 'text', maxlength: '1000', autocomplete: 'off' } });
  const approve = el('button', { className: 'approve', attributes: { type: 'button' } }, 'Approve');
  const reject = el('button', { className: 'reject', attributes: { type: 'button' } }, 'Reject');
  const element = el(
    'li',
    { className: 'comment', attributes: { tabindex: '-1', 'aria-labelledby': `${id}-heading`, 'data-comment-id': item.commentId } },
    el(
      'header',
      { className: 'comment-meta' },
      el('h3', { attributes: { id: `${id}-heading` } }, authorOf(item), ' ', el('span', { className: 'muted' }, `(${item.authorId})`)),
      el(
        'p',
        { className: 'muted' },
        'on ', el('cite', {}, item.articleTitle ?? item.articleId), ` (${item.articleId}) · `,
        el('time', { attributes: { datetime: item.createdAt } }, Number.isNaN(created.getTime()) ? item.createdAt : dateFormat.format(created)),
        ` · comment ${item.commentId}`,
      ),
    ),
    el('p', { className: 'comment-text' }, item.text),
    el(
      'dl',
      { className: 'facts' },
      el('div', {}, el('dt', {}, 'Sentiment'), el('dd', {}, item.sentiment ? `${item.sentiment.label} (${formatScore(item.sentiment.score)})` : 'not measured (language not supported)')),
      el('div', {}, el('dt', {}, 'Severity'), el('dd', {}, formatScore(item.severity))),
    ),
    el('section', { className: 'why', attributes: { 'aria-labelledby': `${id}-why` } }, el('h4', { attributes: { id: `${id}-why` } }, 'Why it was held'), flagList, context),
    el(
      'div',
      { className: 'decision', attributes: { role: 'group', 'aria-label': `Decide ${describe(item)}` } },
      el('label', { attributes: { for: `${id}-reason` } }, 'Reason (optional)'),
      reason, approve, reject,
    ),
  );
  const card = { item, element, flagList, context, reason, buttons: [approve, reject] };
  approve.addEventListener('click', () => void decide(card, 'approve'));
  reject.addEventListener('click', () => void decide(card, 'reject'));
  return card;
}

// ------------------------------------------------------------------------------------------------------------------
// The reasons: the queue lists flag kinds only, each comment's detail has the reasons behind them

/** @param {Card[]} cards */
async function fillInDetails(cards) {
  const waiting = [...cards];
  const worker = async () => {
    for (let card = waiting.shift(); card; card = waiting.shift()) await fillInDetail(card);
  };
  await Promise.all(Array.from({ length: DETAIL_REQUESTS_IN_FLIGHT }, worker));
}

/** @param {Card} card */
async function fillInDetail(card) {
  if (!card.element.isConnected) return;
  try {
    const detail = /** @type {CommentDetail} */ (await callApi(`v1/comments/${encodeURIComponent(card.item.commentId)}`));
    if (card.element.isConnected) showDetail(card, detail);
  } catch (error) {
    if (!card.element.isConnected) return;
    if (isRefusal(error)) return refuseKey(error);
    card.flagList.replaceChildren(...card.item.flags.map((kind) => el('li', {}, flagChip(kind))));
    card.context.replaceChildren(el('p', { className: 'error' }, `Could not load the reasons. ${failureText(error)}`));
    if (!(error instanceof ApiError || error instanceof ApiUnreachableError)) throw error;
  }
}

/** @param {Card} card @param {CommentDetail} detail */
function showDetail(card, detail) {
  const flags = detail.analysis?.flags ?? [];
  card.flagList.replaceChildren(...flags.map(drawFlag));
  if (!flags.length) card.flagList.append(el('li', { className: 'muted' }, 'The analysis recorded no flag for this comment.'));
  card.context.replaceChildren(...contextLines(detail));
}

/** @param {Flag} flag */
function drawFlag(flag) {
  const reasons = flag.reasons.length ? flag.reasons.map((reason) => el('li', {}, reason.message)) : [el('li', { className: 'muted' }, 'No reason recorded.')];
  return el('li', {}, flagChip(flag.kind), ' ', el('span', { className: 'muted' }, `score ${formatScore(flag.score)}`), el('ul', { className: 'reasons' }, ...reasons));
}

/**
 * What else bears on the decision: the comment this one copies, the author's record, a decision made meanwhile.
 * @param {CommentDetail} detail
 * @returns {HTMLElement[]}
 */
function contextLines(detail) {
  const lines = [];
  if (detail.duplicate) {
    lines.push(el('p', {}, `Copy of comment ${detail.duplicate.commentId} by ${detail.duplicate.authorId}: `, el('q', {}, detail.duplicate.text)));
  } else if (detail.duplicateOf) {
    lines.push(el('p', {}, `Copy of comment ${detail.duplicateOf}, which is no longer stored.`));
  }
  const counts = detail.authorHistory?.counts;
  if (counts) {
    const others = counts.approved + counts.rejected + counts.pending;
    lines.push(el('p', {}, others ? `This author's other comments here: ${counts.approved} approved, ${counts.rejected} rejected, ${counts.pending} held.` : 'No other comments from this author here.'));
  }
  if (detail.decision) lines.push(el('p', { className: 'error' }, `Already decided (${detail.decision.action}) since the list was loaded.`));
  return lines;
}

// ------------------------------------------------------------------------------------------------------------------
// Decisions

/** @param {Card} card @param {'approve' | 'reject'} action */
async function decide(card, action) {
  setBusy(card, true);
  const reason = card.reason.value.trim();
  try {
    await callApi(`v1/comments/${encodeURIComponent(card.item.commentId)}/decision`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(reason ? { action, reason } : { action }),
    });
    if (!card.element.isConnected) return;
    removeCard(card);
    announce(`${action === 'approve' ? 'Approved' : 'Rejected'} ${describe(card.item)}.`, 'info');
  } catch (error) {
    if (!card.element.isConnected) return;
    if (isRefusal(error)) return refuseKey(error);
    // 409: another moderator decided first, or the policy no longer holds it; 404: it is gone. Either way it is not ours to decide.
    if (error instanceof ApiError && (error.status === 409 || error.status === 404)) {
      removeCard(card);
      return announce(`${error.message} It has left the queue.`, 'error');
    }
    setBusy(card, false);
    if (error instanceof ApiUnreachableError) return announce(`Could not reach the moderation API: ${describe(card.item)} was not decided. Try again.`, 'error');
    announce(`The decision on ${describe(card.item)} was not recorded. ${failureText(error)}`, 'error');
    if (!(error instanceof ApiError)) throw error;
  }
}

/** @param {Card} card @param {boolean} busy */
function setBusy(card, busy) {
  for (const button of card.buttons) button.disabled = busy;
  card.reason.disabled = busy;
  card.element.setAttribute('aria-busy', String(busy));
}

/**
 * Takes the card out and keeps keyboard users in the list: focus moves to the next item, or to the heading.
 * @param {Card} card
 */
function removeCard(card) {
  const hadFocus = card.element.contains(document.activeElement);
  const neighbour = card.element.nextElementSibling ?? card.element.previousElementSibling;
  card.element.remove();
  if (hadFocus) (neighbour instanceof HTMLElement ? neighbour : page.queueHeading).focus();
  updateQueueState();
}

// ------------------------------------------------------------------------------------------------------------------
// Sentiment: counts per label and the mean score per hour or day, with the form that chooses them

/** @param {string | null} value */
function dayOrEmpty(value) {
  return value !== null && DAY.test(value) ? value : '';
}

/** @returns {StatsFilters} */
function statsFiltersFromAddress() {
  const params = new URLSearchParams(location.search);
  const interval = params.get('interval') ?? DEFAULT_INTERVAL;
  const intervals = [...page.statsInterval.options].map((option) => option.value);
  return {
    articleId: (params.get('articleId') ?? '').trim(),
    from: dayOrEmpty(params.get('from')),
    to: dayOrEmpty(params.get('to')),
    interval: intervals.includes(interval) ? interval : DEFAULT_INTERVAL,
  };
}

/** @param {StatsFilters} filters */
function showStatsFilters(filters) {
  page.statsArticle.value = filters.articleId;
  page.statsFrom.value = filters.from;
  page.statsTo.value = filters.to;
  page.statsInterval.value = filters.interval;
}

/**
 * No checks of its own: the API judges the filters, a range that ends before it starts included, and its message is
 * what the page shows.
 * @param {SubmitEvent} event
 */
function onApplyStatsFilters(event) {
  event.preventDefault();
  state.statsFilters = {
    articleId: page.statsArticle.value.trim(),
    from: page.statsFrom.value,
    to: page.statsTo.value,
    interval: page.statsInterval.value,
  };
  rememberAddress();
  void reloadStats();
}

async function reloadStats() {
  state.statsGeneration += 1;
  const generation = state.statsGeneration;
  const filters = state.statsFilters;
  markInvalidStatsFields([]);
  setStatsState('Loading the figures…');
  page.sentimentSection.setAttribute('aria-busy', 'true');
  try {
    const stats = await fetchSentimentStats(filters);
    if (generation !== state.statsGeneration) return;
    showStats(filters, stats.buckets);
  } catch (error) {
    if (generation !== state.statsGeneration) return;
    if (isRefusal(error)) return refuseKey(error);
    showStatsFailure(error);
    if (!(error instanceof ApiError || error instanceof ApiUnreachableError)) throw error;
  } finally {
    if (generation === state.statsGeneration) page.sentimentSection.removeAttribute('aria-busy');
  }
}

/** @param {StatsFilters} filters the ones these buckets answer @param {SentimentBucket[]} buckets */
function showStats(filters, buckets) {
  const hourly = filters.interval === 'hour';
  page.statsPeriod.textContent = hourly ? 'Hour (UTC)' : 'Day (UTC)';
  page.statsCaption.textContent = describeStatsFilters(filters);
  page.statsRows.replaceChildren(...buckets.map((bucket) => drawBucketRow(bucket, hourly ? utcHourFormat : utcDayFormat)));
  page.statsResult.hidden = buckets.length === 0;
  if (!buckets.length) return setStatsState('No comments with a measured sentiment match these filters.');
  const comments = buckets.reduce((sum, bucket) => sum + bucket.total, 0);
  const unit = hourly ? 'hour' : 'day';
  setStatsState(`${plural(buckets.length, unit)} with comments; ${plural(comments, 'comment')} in all.`);
}

/** Shows the API's own words; a 400 also marks the fields it names. @param {unknown} error */
function showStatsFailure(error) {
  page.statsResult.hidden = true;
  if (error instanceof ApiError && error.status === 400) {
    markInvalidStatsFields(error.fieldErrors);
    return setStatsState([error.message, ...error.fieldErrors.map(describeFieldError)].join(' '), 'error');
  }
  setStatsState(`Could not load the figures. ${failureText(error)}`, 'error');
}

/** `query.to` is the form's To. @param {string} path */
function statsFieldName(path) {
  return path.replace(/^query\./, '');
}

/** "To must be later than from." @param {FieldError} fieldError */
function describeFieldError(fieldError) {
  const control = STATS_FIELDS.get(statsFieldName(fieldError.path));
  const name = control?.labels?.[0]?.textContent?.trim() || fieldError.path;
  return `${name} ${fieldError.message}${/[.!?]$/.test(fieldError.message) ? '' : '.'}`;
}

/** @param {FieldError[]} fieldErrors */
function markInvalidStatsFields(fieldErrors) {
  const invalid = new Set(fieldErrors.map((fieldError) => statsFieldName(fieldError.path)));
  for (const [name, control] of STATS_FIELDS) control.setAttribute('aria-invalid', String(invalid.has(name)));
}

/** @param {string} text @param {'info' | 'error'} [tone] */
function setStatsState(text, tone = 'info') {
  page.statsState.textContent = text;
  page.statsState.dataset.tone = tone;
}

/** @param {number} count @param {string} noun */
function plural(count, noun) {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** @param {string} day yyyy-mm-dd */
function formatDay(day) {
  const start = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(start.getTime()) ? day : utcDayFormat.format(start);
}

/** The table's caption: what the figures count. @param {StatsFilters} filters */
function describeStatsFilters(filters) {
  const article = filters.articleId ? `article ${filters.articleId}` : 'all articles';
  let period = 'all time';
  if (filters.from && filters.to) period = `${formatDay(filters.from)} to ${formatDay(filters.to)}`;
  else if (filters.from) period = `since ${formatDay(filters.from)}`;
  else if (filters.to) period = `up to ${formatDay(filters.to)}`;
  return `Comments with a measured sentiment per ${filters.interval === 'hour' ? 'hour' : 'day'}: ${article}, ${period}.`;
}

/** @param {SentimentBucket} bucket @param {Intl.DateTimeFormat} format */
function drawBucketRow(bucket, format) {
  const start = new Date(bucket.start);
  const number = (/** @type {string} */ text) => el('td', { className: 'number' }, text);
  return el(
    'tr',
    {},
    el('th', { attributes: { scope: 'row' } }, el('time', { attributes: { datetime: bucket.start } }, Number.isNaN(start.getTime()) ? bucket.start : format.format(start))),
    ...SENTIMENT_LABELS.map((label) => number(String(bucket.counts?.[label] ?? 0))),
    number(String(bucket.total)),
    number(formatScore(bucket.meanScore)),
    el('td', {}, drawShares(bucket)),
  );
}

/**
 * The labels' shares of a bucket as one bar. The widths go in through the CSSOM, which the page's `style-src 'self'`
 * allows; a `style` attribute in markup it would refuse.
 * @param {SentimentBucket} bucket
 */
function drawShares(bucket) {
  const shares = SENTIMENT_LABELS.map((label) => ({ label, share: bucket.total > 0 ? (bucket.counts?.[label] ?? 0) / bucket.total : 0 }));
  const segments = shares.map(({ label, share }) => {
    const segment = el('span', { className: `share share-${label}` });
    segment.style.setProperty('width', `${share * 100}%`);
    return segment;
  });
  const description = shares.map(({ label, share }) => `${Math.round(share * 100)}% ${label}`).join(', ');
  return el('div', { className: 'shares', attributes: { role: 'img', 'aria-label': description } }, ...segments);
}

// ------------------------------------------------------------------------------------------------------------------

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
