// @ts-check
/** Taking decided cards out of the queue's list, and putting undone ones back where they stood. */
import { page } from './page.js';
import { updateQueueState } from './queue-status.js';
import { updateSelection } from './selection.js';
/** @import { Card } from './queue-card.js' */

/** A card taken out, and the element it stood before (null: it was last), so an undo can put it back there. @typedef {{ card: Card, next: Element | null }} Removal */

/**
 * Takes the cards out and keeps keyboard users in the list: focus moves to the next card left, or the one before, or
 * the heading.
 * @param {Card[]} cards
 * @returns {Removal[]}
 */
export function removeCards(cards) {
  const leaving = new Set(cards.map((card) => card.element));
  // A button disabled while its decision was on its way has dropped the focus; the card stays marked current.
  const lostFocus = document.activeElement === null || document.activeElement === document.body;
  const focused = cards.find((card) => card.element.contains(document.activeElement) || (lostFocus && card.element.getAttribute('aria-current') === 'true'));
  const neighbour = focused && (staying(focused.element, 'nextElementSibling', leaving) ?? staying(focused.element, 'previousElementSibling', leaving));
  const removals = cards.map((card) => ({ card, next: card.element.nextElementSibling }));
  for (const card of cards) {
    card.select.checked = false;
    card.element.remove();
  }
  if (focused) (neighbour instanceof HTMLElement ? neighbour : page.queueHeading).focus();
  updateQueueState();
  updateSelection();
  return removals;
}

/** @param {Element} from @param {'nextElementSibling' | 'previousElementSibling'} direction @param {Set<Element>} leaving */
function staying(from, direction, leaving) {
  let sibling = from[direction];
  while (sibling && leaving.has(sibling)) sibling = sibling[direction];
  return sibling;
}

/**
 * Puts the cards back before the elements they stood before, last first so that a run of neighbours comes back in
 * order; one whose place is gone goes first in the list.
 * @param {Removal[]} removals in the list's order
 */
export function returnCards(removals) {
  for (const { card, next } of [...removals].reverse()) {
    if (next?.parentElement === page.items) page.items.insertBefore(card.element, next);
    else page.items.prepend(card.element);
    for (const button of card.buttons) button.disabled = false;
    card.reason.disabled = false;
    card.element.setAttribute('aria-busy', 'false');
  }
  updateQueueState();
  updateSelection();
}
