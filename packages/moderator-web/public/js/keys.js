// @ts-check
/**
 * The queue's keys: j and k move between comments, x selects one, a and r approve or reject the selection (or the
 * comment in focus when nothing is selected), u undoes the last decision, ? lists the keys. They never fire while
 * the moderator types in a field.
 */
import { decideSelected } from './bulk-decisions.js';
import { decide } from './decisions.js';
import { announce, page, state } from './page.js';
import { cardOf } from './queue-card.js';
import { selectedCards, shownCards, toggleSelected } from './selection.js';
import { undoLast } from './undo.js';
/** @import { Card } from './queue-card.js' */

/** Input types that take no typing: a key pressed on them is the page's. */
const KEYLESS_INPUTS = new Set(['checkbox', 'radio', 'button', 'submit', 'reset']);

/** @param {EventTarget | null} target */
function isTyping(target) {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLInputElement) return !KEYLESS_INPUTS.has(target.type);
  return target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement || target.isContentEditable;
}

/** @param {KeyboardEvent} event */
export function onKey(event) {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
  if (page.keysHelp.open || page.queueSection.hidden || !state.me) return;
  const action = KEY_ACTIONS[event.key];
  if (!action) return;
  event.preventDefault();
  action();
}

/** @type {Record<string, () => void>} */
const KEY_ACTIONS = {
  j: () => moveFocus(1),
  k: () => moveFocus(-1),
  x: () => {
    const card = currentCard();
    if (card) toggleSelected(card);
    else announce('Move to a comment first (j and k), then press x to select it.', 'info');
  },
  a: () => decideByKey('approve'),
  r: () => decideByKey('reject'),
  u: () => void undoLast(),
  '?': () => openKeysHelp(),
};

/** The card in focus, or holding it; else the one marked current. @returns {Card | undefined} */
function currentCard() {
  const focused = document.activeElement?.closest('#queue-items > li') ?? null;
  return cardOf(focused) ?? cardOf(page.items.querySelector(':scope > li[aria-current="true"]'));
}

/** @param {1 | -1} step */
function moveFocus(step) {
  const cards = shownCards();
  if (!cards.length) return;
  const current = currentCard();
  const at = current ? cards.indexOf(current) : -1;
  const next = at < 0 ? cards[step > 0 ? 0 : cards.length - 1] : cards[Math.min(cards.length - 1, Math.max(0, at + step))];
  next?.element.focus();
  next?.element.scrollIntoView({ block: 'nearest' });
}

/** @param {'approve' | 'reject'} action */
function decideByKey(action) {
  if (selectedCards().length) return void decideSelected(action);
  const card = currentCard();
  if (card) return void decide(card, action);
  announce(`Move to a comment (j and k) or select some (x) before pressing ${action === 'approve' ? 'a' : 'r'}.`, 'info');
}

/**
 * Marks the card holding the focus as the current one (for sight: an outline; for assistive technology:
 * aria-current), so it stays marked while the focus is on one of its buttons.
 * @param {FocusEvent} event
 */
export function onQueueFocus(event) {
  const target = event.target instanceof Element ? event.target.closest('#queue-items > li') : null;
  if (!target) return;
  for (const card of page.items.querySelectorAll(':scope > li[aria-current]')) if (card !== target) card.removeAttribute('aria-current');
  target.setAttribute('aria-current', 'true');
}

/** The key that opened the list gets the focus back when it closes. @type {Element | null} */
let focusBeforeHelp = null;

export function openKeysHelp() {
  if (page.keysHelp.open) return;
  focusBeforeHelp = document.activeElement;
  page.keysHelp.showModal();
  page.keysClose.focus();
}

/** Escape closes the dialog by itself; either way the focus returns to where it was. */
export function onKeysHelpClosed() {
  if (focusBeforeHelp instanceof HTMLElement && focusBeforeHelp.isConnected) focusBeforeHelp.focus();
  focusBeforeHelp = null;
}
