// @ts-check
/**
 * Undoing the last decision, single or bulk: each comment goes back to pending (DELETE …/decision, If-Match its
 * `decidedAt`) and its card back into the list. The API refuses once the publisher's window has passed or when the
 * decision has changed since; the page says which, in words.
 */
import { ApiError, ApiUnreachableError, failureText, isRefusal } from './api.js';
import { claimCards } from './claims.js';
import { undoDecision } from './decisions-api.js';
import { formatTime, plural } from './dom.js';
import { showOutcomes } from './outcomes.js';
import { announce, page, state } from './page.js';
import { describe } from './queue-card.js';
import { returnCards } from './queue-list.js';
import { refuseKey } from './session-end.js';
/** @import { LastDecision } from './page.js' */
/** @import { QueueItem } from './api.js' */

/** Remembers the decision and offers Undo next to the status line that speaks of it. @param {LastDecision} decision */
export function offerUndo(decision) {
  state.lastDecision = decision.items.length ? decision : null;
  page.undo.hidden = state.lastDecision === null;
  page.undo.disabled = false;
  page.undo.textContent = decision.items.length > 1 ? `Undo (${decision.items.length})` : 'Undo';
}

export async function undoLast() {
  const last = state.lastDecision;
  if (!last) return announce('There is no decision to undo.', 'info');
  state.lastDecision = null;
  page.undo.disabled = true;
  const answers = await Promise.all(
    last.items.map(async (entry) => {
      try {
        await undoDecision(entry.card.item.commentId, entry.decidedAt);
        return { entry, error: /** @type {unknown} */ (null) };
      } catch (error) {
        return { entry, error };
      }
    }),
  );
  page.undo.disabled = false;
  const refused = answers.find(({ error }) => isRefusal(error));
  if (refused && isRefusal(refused.error)) return refuseKey(refused.error);
  const undone = answers.filter(({ error }) => error === null).map(({ entry }) => entry);
  const failed = answers.filter(({ error }) => error !== null);
  // The list was reloaded meanwhile (other filters, perhaps): the undone comments are pending, and the list will show them.
  const listKept = last.generation === state.generation;
  if (undone.length && listKept) {
    returnCards(undone);
    // The decision ended their leases: the page shows them again, so it holds them again.
    void claimCards(undone.map(({ card }) => card));
  }
  announce(undoSummary(last, undone.length, failed.map(({ entry, error }) => whyNotUndone(error, entry.card.item)), listKept), undone.length ? 'info' : 'error');
  if (last.items.length > 1) {
    showOutcomes('What became of each undo', [
      ...undone.map(({ card }) => ({ commentId: card.item.commentId, label: 'Pending again', text: describe(card.item), tone: /** @type {const} */ ('info') })),
      ...failed.map(({ entry, error }) => ({ commentId: entry.card.item.commentId, label: 'Not undone', text: whyNotUndone(error, entry.card.item), tone: /** @type {const} */ ('error') })),
    ]);
  }
  // What failed only for want of an answer may be undone again.
  const retryable = failed.filter(({ error }) => !(error instanceof ApiError) || error.status >= 500).map(({ entry }) => entry);
  if (retryable.length) offerUndo({ ...last, items: retryable });
  for (const { error } of failed) if (!(error instanceof ApiError || error instanceof ApiUnreachableError)) throw error;
}

/**
 * @param {LastDecision} last @param {number} undone how many went back to pending @param {string[]} failures why the others did not
 * @param {boolean} listKept
 */
function undoSummary(last, undone, failures, listKept) {
  const noun = last.action === 'approve' ? 'approval' : 'rejection';
  const first = last.items[0];
  if (last.items.length === 1 && first) {
    if (failures[0]) return failures[0];
    return `Undid the ${noun} of ${describe(first.card.item)}: it is pending again${listKept ? '' : '; apply the filters to list it'}.`;
  }
  const whole = `${plural(last.items.length, noun)}`;
  if (!failures.length) return `Undid ${whole}: the comments are pending again${listKept ? '' : '; apply the filters to list them'}.`;
  if (!undone) return `None of the ${whole} was undone; the list below says why.`;
  return `Undid ${undone} of ${whole}: those comments are pending again. ${plural(failures.length, 'decision')} could not be undone; the list below says why.`;
}

/** Why the API refused to undo, in words. @param {unknown} error @param {QueueItem} item */
function whyNotUndone(error, item) {
  const what = `the decision on ${describe(item)}`;
  if (!(error instanceof ApiError)) return `Could not undo ${what}. ${failureText(error)} Press Undo to try again.`;
  const decision = error.problem.decision;
  switch (error.code) {
    case 'undo_window_passed': {
      const ended = typeof error.problem.windowEndedAt === 'string' ? ` at ${formatTime(error.problem.windowEndedAt)}` : '';
      return `Too late to undo ${what}: the publisher's window for undoing it closed${ended}.`;
    }
    case 'decision_changed':
      return `Did not undo ${what}: it was decided again since${changedBy(decision)}, so it is no longer the decision you made.`;
    case 'not_decided':
      return `Did not undo ${what}: it has no decision any more (it was undone already).`;
    default:
      if (error.status === 404) return `Did not undo ${what}: the comment is no longer stored.`;
      return `Could not undo ${what}. ${error.message}`;
  }
}

/** ", by another moderator (now approved)", as far as the 409's `decision` tells. @param {unknown} decision */
function changedBy(decision) {
  if (typeof decision !== 'object' || decision === null) return '';
  const { action, decidedBy } = /** @type {Record<string, unknown>} */ (decision);
  const who = decidedBy === state.me?.keyId ? ' with this key' : ' by another moderator';
  const now = action === 'approve' ? ' (now approved)' : action === 'reject' ? ' (now rejected)' : '';
  return `${who}${now}`;
}
