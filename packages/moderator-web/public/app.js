// @ts-check
/**
 * The moderators' page: sign in with an API key, read the comments the analysis held with the reasons it held them,
 * approve or reject them. Everything goes through the moderation API on this origin.
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
  signOut: byId('sign-out', HTMLButtonElement),
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
};

/** @returns {HTMLInputElement[]} */
function flagBoxes() {
  return [...page.filters.querySelectorAll('input[name="flag"]')].filter((box) => box instanceof HTMLInputElement);
}

/** Flag names as moderators read them, taken from the filter's labels so the page names each flag one way. */
const FLAG_LABELS = new Map(flagBoxes().map((box) => [box.value, box.labels?.[0]?.textContent?.trim() || box.value]));

const state = {
  /** @type {Filters} */
  filters: { flags: [], sort: DEFAULT_SORT, limit: DEFAULT_LIMIT },
  /** @type {string | null} */
  cursor: null,
  /** Bumped whenever the list starts over or the session ends, so answers meant for an older list are dropped. */
  generation: 0,
  /** Once the API has accepted the key, a later 401 means the session ended rather than a failed sign-in. */
  keyAccepted: false,
  /** Numbers the cards' element ids: comment ids may hold any character. */
  cardsDrawn: 0,
};

// ------------------------------------------------------------------------------------------------------------------
// The API

/** The API answered with an error; `message` is its problem `detail`, written to be shown. */
class ApiError extends Error {
  /** @param {number} status @param {string} code @param {string} detail */
  constructor(status, code, detail) {
    super(detail);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
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

/**
 * 401: unknown or revoked key; 403: a key without the moderator or admin role. Either way this key cannot moderate.
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
  if (typeof body !== 'object' || body === null || !('items' in body) || !Array.isArray(body.items)) {
    throw new ApiError(502, 'unreadable_answer', 'The moderation API sent an answer this page cannot read.');
  }
  return /** @type {QueuePage} */ (body);
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
  state.keyAccepted = false;
  announce('Signing in…', 'info');
  showQueueView();
  void reloadQueue();
}

/** Forgets the key, drops the list and returns to sign-in. @param {string} message @param {'info' | 'error'} tone */
function endSession(message, tone) {
  try {
    sessionStorage.removeItem(KEY_STORAGE_ITEM);
  } catch {
    // Nothing was stored if storage is blocked.
  }
  state.generation += 1;
  state.cursor = null;
  state.keyAccepted = false;
  page.items.replaceChildren();
  page.queueState.textContent = '';
  page.loadMore.hidden = true;
  page.queueSection.hidden = true;
  page.session.hidden = true;
  page.signInSection.hidden = false;
  announce(message, tone);
  page.apiKey.focus();
}

/** @param {ApiError} error */
function refuseKey(error) {
  endSession(state.keyAccepted ? `You were signed out. ${error.message}` : `Sign-in refused. ${error.message}`, 'error');
}

function showQueueView() {
  page.signInSection.hidden = true;
  page.queueSection.hidden = false;
  page.session.hidden = false;
}

/** @param {string} message @param {'info' | 'error'} tone */
function announce(message, tone) {
  page.status.textContent = message;
  page.status.dataset.tone = tone;
}

// ------------------------------------------------------------------------------------------------------------------
// Filters: the form, and the page address so that a reload or a bookmark keeps them

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

/** @param {Filters} filters */
function rememberFilters(filters) {
  const params = new URLSearchParams();
  if (filters.flags.length) params.set('flag', filters.flags.join(','));
  if (filters.sort !== DEFAULT_SORT) params.set('sort', filters.sort);
  if (filters.limit !== DEFAULT_LIMIT) params.set('limit', String(filters.limit));
  const query = params.toString();
  history.replaceState(null, '', query ? `?${query}` : location.pathname);
}

/** @param {SubmitEvent} event */
function onApplyFilters(event) {
  event.preventDefault();
  const limit = parseLimit(page.limit.value.trim());
  page.limit.setAttribute('aria-invalid', String(limit === null));
  if (limit === null) return announce(`Per page must be a whole number from 1 to ${MAX_LIMIT}.`, 'error');
  state.filters = { flags: flagBoxes().filter((box) => box.checked).map((box) => box.value), sort: page.sort.value, limit };
  rememberFilters(state.filters);
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
    if (!state.keyAccepted) welcome();
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

function welcome() {
  state.keyAccepted = true;
  announce('Signed in.', 'info');
  page.queueHeading.focus();
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

function start() {
  page.signInForm.addEventListener('submit', onSignIn);
  page.filters.addEventListener('submit', onApplyFilters);
  page.signOut.addEventListener('click', () => endSession('Signed out. This tab no longer holds your key.', 'info'));
  page.loadMore.addEventListener('click', () => void loadMore());
  state.filters = filtersFromAddress();
  showFilters(state.filters);
  if (storedKey()) {
    showQueueView();
    void reloadQueue();
  } else {
    page.signInSection.hidden = false;
  }
}

start();
