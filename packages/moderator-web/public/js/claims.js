// @ts-check
/**
 * Claims: the page leases the comments it shows to the moderator's key, so other moderators' queue pages skip them,
 * and renews the leases while it shows them. A comment another moderator leased first leaves the list. Signing out,
 * or closing the tab, ends the leases; a decision ends its comment's lease by itself.
 */
import { failureText, isRefusal } from './api.js';
import { claimComments, MAX_CLAIM_SIZE, releaseComments } from './claims-api.js';
import { formatTime, plural } from './dom.js';
import { page, state } from './page.js';
import { removeCards } from './queue-list.js';
import { shownCards } from './selection.js';
/** @import { ClaimAnswer } from './claims-api.js' */
/** @import { Card } from './queue-card.js' */

/** Renew this long before a lease runs out, as a share of its length. */
const RENEW_AT_SHARE = 0.5;
/** After a claim failed for want of the network or the server: well inside a lease, so a few tries fit before it ends. */
const RETRY_AFTER_FAILURE_MS = 15_000;

/** The timer that renews the leases; null while the page holds none. @type {ReturnType<typeof setTimeout> | null} */
let renewal = null;

/** Leases `cards` (a page just drawn, or cards put back by an undo) to this key. @param {Card[]} cards */
export async function claimCards(cards) {
  const generation = state.generation;
  const ids = cards.map((card) => card.item.commentId);
  if (!ids.length) return;
  /** @type {ClaimAnswer[]} */
  const answers = [];
  try {
    for (let start = 0; start < ids.length; start += MAX_CLAIM_SIZE) answers.push(await claimComments(ids.slice(start, start + MAX_CLAIM_SIZE)));
  } catch (error) {
    if (generation !== state.generation || isRefusal(error)) return;
    // A network or server failure passes: try again soon, or the leases still held would lapse unrenewed.
    scheduleRenewal(RETRY_AFTER_FAILURE_MS);
    return setClaimState(`Could not claim the comments shown, so other moderators may see them too; trying again shortly. ${failureText(error)}`, 'error');
  }
  if (generation !== state.generation) return;
  showClaims(cards, answers);
}

/** @param {Card[]} cards @param {ClaimAnswer[]} answers */
function showClaims(cards, answers) {
  const refused = new Map(answers.flatMap((answer) => answer.refused.map((refusal) => [refusal.commentId, refusal])));
  const taken = cards.filter((card) => refused.get(card.item.commentId)?.reason === 'claimed_by_other');
  const gone = cards.filter((card) => refused.has(card.item.commentId) && !taken.includes(card));
  if (taken.length || gone.length) removeCards([...taken, ...gone].filter((card) => card.element.isConnected));
  const last = answers.at(-1);
  if (!last) return;
  const notes = [];
  // No count: decisions take comments out of the list, and this line would go stale.
  if (shownCards().length) notes.push(`The comments shown are yours until ${formatTime(last.leasedUntil)}: other moderators' queues skip them while this page shows them.`);
  if (taken.length) notes.push(`${plural(taken.length, 'comment')} left the list: another moderator${whoTook(taken, refused)} is working on ${taken.length === 1 ? 'it' : 'them'}.`);
  if (gone.length) notes.push(`${plural(gone.length, 'comment')} left the list: no longer held for review.`);
  setClaimState(notes.join(' '), taken.length || gone.length ? 'error' : 'info');
  scheduleRenewal(last.leaseSeconds * 1_000 * RENEW_AT_SHARE);
}

/** " (Desk 2)" when one labelled key took them all. @param {Card[]} taken @param {Map<string, ClaimAnswer['refused'][number]>} refused */
function whoTook(taken, refused) {
  const labels = new Set(taken.map((card) => refused.get(card.item.commentId)?.claim?.label ?? null));
  const [label] = labels;
  return labels.size === 1 && label ? ` (${label})` : '';
}

/**
 * Times the renewal of every lease shown. A renewal already timed stays: it is due before the earliest lease runs out,
 * and putting it off for a claim of a few cards (an undo, more loaded) could let the others' leases lapse.
 * @param {number} delayMs
 */
function scheduleRenewal(delayMs) {
  if (renewal !== null) return;
  renewal = setTimeout(() => {
    renewal = null;
    if (state.me) void claimCards(shownCards());
  }, delayMs);
}

/**
 * Before the list starts over (other filters): ends the leases on the comments it showed, so that other moderators
 * get them back at once rather than when the leases run out. Awaited, so that it cannot end a lease the new list takes.
 */
export async function releaseShown() {
  const ids = shownCards().map((card) => card.item.commentId);
  try {
    for (let start = 0; start < ids.length; start += MAX_CLAIM_SIZE) await releaseComments(ids.slice(start, start + MAX_CLAIM_SIZE));
  } catch {
    // The leases run out by themselves.
  }
}

/**
 * Ends the leases on the comments this page shows: at sign-out (before the key is forgotten: each call reads it at
 * once) and as the tab closes. Only those: another tab signed in with the same key keeps the ones it shows.
 */
export function releaseClaims() {
  if (renewal !== null) clearTimeout(renewal);
  renewal = null;
  setClaimState('', 'info');
  if (!state.me || state.me.role === 'analyst') return;
  const ids = shownCards().map((card) => card.item.commentId);
  // Nothing to tell anyone if one fails: the leases run out by themselves.
  for (let start = 0; start < ids.length; start += MAX_CLAIM_SIZE) releaseComments(ids.slice(start, start + MAX_CLAIM_SIZE)).catch(() => undefined);
}

/**
 * A page the browser kept and shows again (back/forward cache) gave its leases back as it was hidden: take them again.
 * @param {PageTransitionEvent} event
 */
export function claimAgainIfRestored(event) {
  if (event.persisted && state.me && state.me.role !== 'analyst') void claimCards(shownCards());
}

/** @param {string} text @param {'info' | 'error'} tone */
function setClaimState(text, tone) {
  page.claimState.textContent = text;
  page.claimState.dataset.tone = tone;
}
