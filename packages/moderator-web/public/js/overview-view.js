// @ts-check
/** Drawing the overview: what came in, the decisions and how fast, the top flags, each detector's precision, each key's work. */
import { el, plural } from './dom.js';
import { flagChip } from './flags.js';
import { page } from './page.js';
/** @import { Overview } from './overview-api.js' */

/** Below this many decisions a detector's share is shown, but marked as resting on few. */
const FEW_DECISIONS = 10;

/** @param {Overview} overview */
export function drawOverview(overview) {
  const { received, decisions } = overview;
  page.overviewReceived.replaceChildren(
    figure('Comments received', String(received.total)),
    figure('Settled by the policy', `${received.byPolicy.approved} approved, ${received.byPolicy.rejected} rejected`),
    figure('Decided by hand', `${received.byHand.approved} approved, ${received.byHand.rejected} rejected`),
    figure('Still held', String(received.pending)),
    figure('Held for review now (any day)', String(overview.pendingNow)),
  );
  page.overviewDecisions.replaceChildren(
    figure('Decisions', `${decisions.total}: ${decisions.approved} approved, ${decisions.rejected} rejected`),
    figure('Time to decision, median', formatSeconds(decisions.timeToDecision.p50Seconds)),
    figure('Time to decision, 95th percentile', formatSeconds(decisions.timeToDecision.p95Seconds)),
  );
  page.overviewFlags.replaceChildren(
    ...(overview.topFlags.length
      ? overview.topFlags.map(({ kind, count }) => el('li', {}, flagChip(kind), ` ${plural(count, 'comment')}`))
      : [el('li', { className: 'muted' }, 'No flagged comments in the range.')]),
  );
  page.overviewPrecision.replaceChildren(
    ...(decisions.precision.length
      ? decisions.precision.map(({ kind, decided, rejected, rejectedShare }) =>
          el(
            'tr',
            {},
            el('th', { attributes: { scope: 'row' } }, flagChip(kind)),
            number(String(decided)),
            number(String(rejected)),
            number(decided < FEW_DECISIONS ? `${percent(rejectedShare)} (few decisions)` : percent(rejectedShare)),
          ),
        )
      : [emptyRow(4, 'Moderators decided no flagged comment in the range.')]),
  );
  page.overviewModerators.replaceChildren(
    ...(decisions.moderators.length
      ? decisions.moderators.map((moderator) =>
          el(
            'tr',
            {},
            el('th', { attributes: { scope: 'row' } }, moderator.label ? `${moderator.label} (${moderator.keyId})` : moderator.keyId),
            number(String(moderator.total)),
            number(String(moderator.approved)),
            number(String(moderator.rejected)),
          ),
        )
      : [emptyRow(4, 'No decisions in the range.')]),
  );
  page.overviewResult.hidden = false;
}

/** @param {string} term @param {string} value */
function figure(term, value) {
  return el('div', {}, el('dt', {}, term), el('dd', {}, value));
}

/** @param {string} text */
function number(text) {
  return el('td', { className: 'number' }, text);
}

/** @param {number} columns @param {string} text */
function emptyRow(columns, text) {
  return el('tr', {}, el('td', { className: 'muted', attributes: { colspan: String(columns) } }, text));
}

/** @param {number} share in [0, 1] */
function percent(share) {
  return `${Math.round(share * 100)}%`;
}

/** "45 s", "12 min 5 s", "3 h 20 min", "2 d 5 h"; "no decisions" for null. @param {number | null} seconds */
function formatSeconds(seconds) {
  if (seconds === null) return 'no decisions';
  const whole = Math.round(seconds);
  if (whole < 60) return `${whole} s`;
  if (whole < 3_600) return `${Math.floor(whole / 60)} min ${whole % 60} s`;
  if (whole < 86_400) return `${Math.floor(whole / 3_600)} h ${Math.floor((whole % 3_600) / 60)} min`;
  return `${Math.floor(whole / 86_400)} d ${Math.floor((whole % 86_400) / 3_600)} h`;
}
