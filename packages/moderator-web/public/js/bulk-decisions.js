// @ts-check
/**
 * Approving or rejecting the selected comments together (POST /v1/decisions, at most 100 a call), then saying what
 * became of each: decided, already decided by someone, settled by the policy, or no longer stored. Every one of those
 * leaves the list: none is ours to decide any more.
 */
import { ApiError, ApiUnreachableError, failureText, isRefusal } from './api.js';
import { MAX_BULK_DECISIONS, sendDecisions } from './decisions-api.js';
import { setBusy } from './decisions.js';
import { plural } from './dom.js';
import { showOutcomes } from './outcomes.js';
import { announce, page, state } from './page.js';
import { describe } from './queue-card.js';
import { removeCards } from './queue-list.js';
import { selectedCards, updateSelection } from './selection.js';
import { refuseKey } from './session-end.js';
import { offerUndo } from './undo.js';
/** @import { BulkResult } from './decisions-api.js' */
/** @import { Card } from './queue-card.js' */
/** @import { Outcome } from './outcomes.js' */

/** @param {'approve' | 'reject'} action */
export async function decideSelected(action) {
  const cards = selectedCards();
  if (!cards.length) return announce('Select comments first: tick their boxes, or press x on each.', 'error');
  const reason = page.bulkReason.value.trim();
  const generation = state.generation;
  setBulkBusy(cards, true);
  /** @type {BulkResult[]} */
  const results = [];
  /** @type {unknown} */
  let failure = null;
  try {
    for (let start = 0; start < cards.length; start += MAX_BULK_DECISIONS) {
      const ids = cards.slice(start, start + MAX_BULK_DECISIONS).map((card) => card.item.commentId);
      results.push(...(await sendDecisions(ids, action, reason)));
    }
  } catch (error) {
    failure = error;
  }
  if (generation !== state.generation) return;
  setBulkBusy(cards, false);
  if (isRefusal(failure)) return refuseKey(failure);
  showResults(action, cards, results, failure);
  if (!(failure === null || failure instanceof ApiError || failure instanceof ApiUnreachableError)) throw failure;
}

/**
 * @param {'approve' | 'reject'} action @param {Card[]} cards the selected ones, in the order sent
 * @param {BulkResult[]} results the answers to the calls that were answered @param {unknown} failure what stopped the rest, if anything did
 */
function showResults(action, cards, results, failure) {
  const byId = new Map(cards.map((card) => [card.item.commentId, card]));
  const answered = results.flatMap((result) => {
    const card = byId.get(result.commentId);
    return card ? [{ card, result }] : [];
  });
  const removals = removeCards(answered.map(({ card }) => card));
  const decidedAt = new Map(answered.flatMap(({ result }) => (result.result === 'decided' ? [[result.commentId, result.decision.decidedAt]] : [])));
  const unanswered = cards.length - answered.length;
  const outcomes = answered.map(({ card, result }) => outcomeOf(action, card, result));
  if (unanswered) {
    const unsent = cards.filter((card) => !results.some((result) => result.commentId === card.item.commentId));
    outcomes.push(...unsent.map((card) => ({ commentId: card.item.commentId, label: 'Not decided', text: `${describe(card.item)}: ${failureText(failure)} It is still selected.`, tone: /** @type {const} */ ('error') })));
  }
  if (answered.length) page.bulkReason.value = '';
  showOutcomes(`What became of each of the ${plural(cards.length, 'selected comment')}`, outcomes);
  announce(bulkSummary(action, cards.length, answered.map(({ result }) => result), unanswered), answered.some(({ result }) => result.result === 'decided') ? 'info' : 'error');
  const undoable = removals.flatMap((removal) => {
    const at = decidedAt.get(removal.card.item.commentId);
    return at ? [{ ...removal, decidedAt: at }] : [];
  });
  if (undoable.length) offerUndo({ action, generation: state.generation, items: undoable });
}

/** @param {'approve' | 'reject'} action @param {number} selected @param {BulkResult[]} results @param {number} unanswered */
function bulkSummary(action, selected, results, unanswered) {
  const count = (/** @type {BulkResult['result']} */ kind) => results.filter((result) => result.result === kind).length;
  const decided = count('decided');
  const done = action === 'approve' ? 'Approved' : 'Rejected';
  const head = decided === selected ? `${done} ${plural(decided, 'comment')}.` : `${done} ${decided} of ${plural(selected, 'selected comment')}.`;
  const others = [
    [count('already_decided'), 'already decided'],
    [count('not_awaiting_review'), 'settled by the policy'],
    [count('not_found'), 'no longer stored'],
    [unanswered, 'not decided (no answer)'],
  ].filter(([n]) => Number(n) > 0).map(([n, what]) => `${n} ${what}`);
  return others.length ? `${head} ${others.join(', ')}: see the list below.` : head;
}

/** @param {'approve' | 'reject'} action @param {Card} card @param {BulkResult} result @returns {Outcome} */
function outcomeOf(action, card, result) {
  const commentId = card.item.commentId;
  switch (result.result) {
    case 'decided':
      return { commentId, label: action === 'approve' ? 'Approved' : 'Rejected', text: describe(card.item), tone: 'info' };
    case 'already_decided': {
      const how = result.decision.action === 'approve' ? 'approved' : 'rejected';
      const who = result.decision.decidedBy === state.me?.keyId ? 'with this key' : 'by another moderator';
      return { commentId, label: 'Already decided', text: `${describe(card.item)} was ${how} ${who} first; it has left the list.`, tone: 'error' };
    }
    case 'not_awaiting_review':
      return { commentId, label: 'Settled by the policy', text: `${describe(card.item)} is ${result.status} by the policy, not held; it has left the list.`, tone: 'error' };
    case 'not_found':
      return { commentId, label: 'Not found', text: `${describe(card.item)} is no longer stored; it has left the list.`, tone: 'error' };
  }
}

/** @param {Card[]} cards @param {boolean} busy */
function setBulkBusy(cards, busy) {
  for (const card of cards) setBusy(card, busy);
  page.approveSelected.disabled = busy;
  page.rejectSelected.disabled = busy;
  page.bulk.setAttribute('aria-busy', String(busy));
  if (!busy) updateSelection();
}
