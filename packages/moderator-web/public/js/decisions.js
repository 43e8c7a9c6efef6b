// @ts-check
/** Approving or rejecting a held comment from its card, and taking the card out once it is no longer ours to decide. */
import { ApiError, ApiUnreachableError, failureText, isRefusal, sendDecision } from './api.js';
import { clearOutcomes } from './outcomes.js';
import { announce, state } from './page.js';
import { describe } from './queue-card.js';
import { removeCards } from './queue-list.js';
import { refuseKey } from './session-end.js';
import { offerUndo } from './undo.js';
/** @import { Card } from './queue-card.js' */

/** @param {Card} card @param {'approve' | 'reject'} action */
export async function decide(card, action) {
  setBusy(card, true);
  const reason = card.reason.value.trim();
  const generation = state.generation;
  try {
    const decision = await sendDecision(card.item.commentId, action, reason);
    if (!card.element.isConnected) return;
    clearOutcomes();
    const [removal] = removeCards([card]);
    announce(`${action === 'approve' ? 'Approved' : 'Rejected'} ${describe(card.item)}.`, 'info');
    if (removal) offerUndo({ action, generation, items: [{ ...removal, decidedAt: decision.decidedAt }] });
  } catch (error) {
    if (!card.element.isConnected) return;
    if (isRefusal(error)) return refuseKey(error);
    // 409: another moderator decided first, or the policy no longer holds it; 404: it is gone. Either way it is not ours to decide.
    if (error instanceof ApiError && (error.status === 409 || error.status === 404)) {
      removeCards([card]);
      return announce(`${error.message} It has left the queue.`, 'error');
    }
    setBusy(card, false);
    if (error instanceof ApiUnreachableError) return announce(`Could not reach the moderation API: ${describe(card.item)} was not decided. Try again.`, 'error');
    announce(`The decision on ${describe(card.item)} was not recorded. ${failureText(error)}`, 'error');
    if (!(error instanceof ApiError)) throw error;
  }
}

/** @param {Card} card @param {boolean} busy */
export function setBusy(card, busy) {
  for (const button of card.buttons) button.disabled = busy;
  card.reason.disabled = busy;
  card.element.setAttribute('aria-busy', String(busy));
}
