// @ts-check
/** Who changed the policy and when: the version line over the form, and the last few changes under it. */
import { el, formatTime } from './dom.js';
import { page, state } from './page.js';
/** @import { ChangedBy, PolicyAnswer, PolicyChange } from './policy-api.js' */

/** Only a key's id is ever recorded, never the key; the signed-in key is recognised by its id. @param {ChangedBy | null} by */
function changedByText(by) {
  if (!by) return 'an unknown writer';
  if ('cli' in by) return 'the command line';
  if (state.me && by.keyId === state.me.keyId) return 'you (this key)';
  return by.label ? `key ${by.label} (${by.keyId})` : `key ${by.keyId}`;
}

/** @param {PolicyAnswer} answer */
export function showPolicyMeta(answer) {
  page.policyMeta.textContent = answer.version === 0 || !answer.updatedAt
    ? `Version ${answer.version}: Moderato's defaults, which this publisher has not changed.`
    : `Version ${answer.version}, changed by ${changedByText(answer.updatedBy)} on ${formatTime(answer.updatedAt)}.`;
}

/** @param {PolicyChange[]} changes newest first */
export function showPolicyHistory(changes) {
  page.policyHistory.replaceChildren(...changes.map(drawChange));
  if (!changes.length) page.policyHistory.append(el('li', { className: 'muted' }, 'No changes yet: the policy is the defaults.'));
}

/** @param {string} text */
export function showPolicyHistoryFailure(text) {
  page.policyHistory.replaceChildren(el('li', { className: 'error' }, text));
}

/** @param {PolicyChange} change */
function drawChange(change) {
  return el(
    'li',
    {},
    el('p', { className: 'change-meta' }, `Version ${change.version} · `, el('time', { attributes: { datetime: change.changedAt } }, formatTime(change.changedAt)), ` · by ${changedByText(change.changedBy)}`),
    el('p', { className: 'change-summary' }, change.summary),
    ...(change.reason ? [el('p', { className: 'muted' }, `Reason: ${change.reason}`)] : []),
  );
}
