// @ts-check
/** Selecting comments in the queue to decide them together: one box per card, shift-click for a range, all shown at once. */
import { plural } from './dom.js';
import { page, state } from './page.js';
import { cardOf } from './queue-card.js';
/** @import { Card } from './queue-card.js' */

/** The cards in the list, in its order. @returns {Card[]} */
export function shownCards() {
  return [...page.items.children].map(cardOf).filter((card) => card !== undefined);
}

/** @returns {Card[]} */
export function selectedCards() {
  return shownCards().filter((card) => card.select.checked);
}

/**
 * A click on a card's box has already toggled it; a shift-click also gives every card between it and the box clicked
 * before the same state.
 * @param {Card} card @param {MouseEvent} event
 */
export function onSelectClick(card, event) {
  const anchor = state.selectionAnchor;
  if (event.shiftKey && anchor && anchor !== card.element && anchor.isConnected) {
    const cards = shownCards();
    const from = cards.findIndex((shown) => shown.element === anchor);
    const to = cards.indexOf(card);
    for (const between of cards.slice(Math.min(from, to), Math.max(from, to) + 1)) between.select.checked = card.select.checked;
  }
  state.selectionAnchor = card.element;
  updateSelection();
}

/** @param {Card} card */
export function toggleSelected(card) {
  card.select.checked = !card.select.checked;
  state.selectionAnchor = card.element;
  updateSelection();
}

export function onSelectAll() {
  const select = page.selectAll.checked;
  for (const card of shownCards()) card.select.checked = select;
  updateSelection();
}

/** Shows how many are selected, and what "Select all shown" and the bulk buttons can do now. */
export function updateSelection() {
  const cards = shownCards();
  const selected = cards.filter((card) => card.select.checked).length;
  page.bulk.hidden = cards.length === 0;
  page.queueKeysHint.hidden = cards.length === 0;
  page.selectionCount.textContent = selected ? `${plural(selected, 'comment')} selected.` : 'None selected.';
  page.selectAll.checked = selected > 0 && selected === cards.length;
  page.selectAll.indeterminate = selected > 0 && selected < cards.length;
  page.approveSelected.disabled = selected === 0;
  page.rejectSelected.disabled = selected === 0;
  for (const card of cards) card.element.classList.toggle('selected', card.select.checked);
}
