// @ts-check
/** The review queue: loads the held comments a page at a time, in the order and with the flags the filters ask for. */
import { ApiError, ApiUnreachableError, failureText, fetchQueuePage, isRefusal } from './api.js';
import { setStanding } from './author-standing.js';
import { claimCards, releaseShown } from './claims.js';
import { decide } from './decisions.js';
import { clearOutcomes } from './outcomes.js';
import { page, state } from './page.js';
import { drawCard } from './queue-card.js';
import { fillInDetails } from './queue-details.js';
import { setQueueState, updateQueueState } from './queue-status.js';
import { onSelectClick, updateSelection } from './selection.js';
import { refuseKey } from './session-end.js';

export async function reloadQueue() {
  state.generation += 1;
  const generation = state.generation;
  await releaseShown();
  if (generation !== state.generation) return;
  state.cursor = null;
  page.items.replaceChildren();
  page.loadMore.hidden = true;
  state.selectionAnchor = null;
  clearOutcomes();
  updateSelection();
  await loadQueuePage(state.generation);
}

export async function loadMore() {
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
    const cards = queuePage.items.map((item) => drawCard(item, (card, action) => void decide(card, action), (card, standing) => void setStanding(card, standing), onSelectClick));
    page.items.append(...cards.map((card) => card.element));
    page.loadMore.hidden = state.cursor === null;
    updateQueueState();
    updateSelection();
    void claimCards(cards);
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
