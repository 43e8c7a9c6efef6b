// @ts-check
/** Trusting, banning or clearing a comment's author from its card: a change to the publisher's policy, for their next comments. */
import { ApiError, ApiUnreachableError, failureText, isRefusal } from './api.js';
import { announce, page } from './page.js';
import { sendAuthorStanding } from './policy-api.js';
import { describeAuthor } from './queue-card.js';
import { refuseKey } from './session-end.js';
/** @import { Standing, StandingAnswer } from './policy-api.js' */
/** @import { Card } from './queue-card.js' */

/** How each standing reads after the author's name. */
const STANDING_TEXT = { trusted: 'trusted', banned: 'banned', none: 'neither trusted nor banned' };

/** @param {Card} card @param {Standing} standing */
export async function setStanding(card, standing) {
  setBusy(card, true);
  try {
    const answer = await sendAuthorStanding(card.item.authorId, standing);
    // The standing is the author's, whatever became of this card meanwhile: say so, and on every card of theirs.
    showStanding(card.item.authorId, answer);
    announce(`${describeAuthor(card.item)} is now ${STANDING_TEXT[answer.standing] ?? answer.standing}; the policy is at version ${answer.policyVersion}.`, 'info');
  } catch (error) {
    if (isRefusal(error)) return refuseKey(error);
    announce(`The standing of ${describeAuthor(card.item)} was not changed. ${failureText(error)}`, 'error');
    if (!(error instanceof ApiError || error instanceof ApiUnreachableError)) throw error;
  } finally {
    setBusy(card, false);
  }
}

/** @param {string} authorId @param {StandingAnswer} answer */
function showStanding(authorId, answer) {
  for (const element of page.items.children) {
    if (!(element instanceof HTMLElement) || element.dataset.authorId !== authorId) continue;
    const note = element.querySelector('.standing-now');
    if (note) note.textContent = `now ${STANDING_TEXT[answer.standing] ?? answer.standing}`;
  }
}

/** @param {Card} card @param {boolean} busy */
function setBusy(card, busy) {
  for (const button of card.standingButtons) button.disabled = busy;
}
