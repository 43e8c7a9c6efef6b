// @ts-check
/** The line under the queue's filters: what is loading, how many comments are shown, or what went wrong. */
import { page, state } from './page.js';

export function updateQueueState() {
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
export function setQueueState(text, tone = 'info') {
  page.queueState.textContent = text;
  page.queueState.dataset.tone = tone;
}
