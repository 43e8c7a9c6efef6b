// @ts-check
/** The list under the queue's selection bar that says, comment by comment, what a bulk decision or an undo came to. */
import { el } from './dom.js';
import { page } from './page.js';

/** @typedef {{ commentId: string, label: string, text: string, tone: 'info' | 'error' }} Outcome */

/** @param {string} heading @param {Outcome[]} outcomes */
export function showOutcomes(heading, outcomes) {
  page.outcomesHeading.textContent = heading;
  page.outcomeList.replaceChildren(
    ...outcomes.map(({ commentId, label, text, tone }) =>
      el('li', { attributes: { 'data-comment-id': commentId, 'data-tone': tone } }, el('strong', {}, `${label}:`), ' ', text),
    ),
  );
  page.outcomes.hidden = outcomes.length === 0;
}

export function clearOutcomes() {
  page.outcomeList.replaceChildren();
  page.outcomes.hidden = true;
}
