// @ts-check
/** The reasons: the queue lists flag kinds only, each comment's detail has the reasons and the words they point at. */
import { ApiError, ApiUnreachableError, failureText, fetchCommentDetail, isRefusal } from './api.js';
import { el, formatScore } from './dom.js';
import { flagChip } from './flags.js';
import { markedText } from './marked-text.js';
import { describeAuthor } from './queue-card.js';
import { refuseKey } from './session-end.js';
import { excerpt } from './spans.js';
/** @import { CommentDetail, Flag, Reason } from './api.js' */
/** @import { Card } from './queue-card.js' */

/** Detail requests (they carry the flag reasons) in flight at once while a page of the queue fills in. */
const DETAIL_REQUESTS_IN_FLIGHT = 4;

/** @param {Card[]} cards */
export async function fillInDetails(cards) {
  const waiting = [...cards];
  const worker = async () => {
    for (let card = waiting.shift(); card; card = waiting.shift()) await fillInDetail(card);
  };
  await Promise.all(Array.from({ length: DETAIL_REQUESTS_IN_FLIGHT }, worker));
}

/** @param {Card} card */
async function fillInDetail(card) {
  if (!card.element.isConnected) return;
  try {
    const detail = await fetchCommentDetail(card.item.commentId);
    if (card.element.isConnected) showDetail(card, detail);
  } catch (error) {
    if (!card.element.isConnected) return;
    if (isRefusal(error)) return refuseKey(error);
    card.flagList.replaceChildren(...card.item.flags.map((kind) => el('li', {}, flagChip(kind))));
    card.context.replaceChildren(el('p', { className: 'error' }, `Could not load the reasons. ${failureText(error)}`));
    if (!(error instanceof ApiError || error instanceof ApiUnreachableError)) throw error;
  }
}

/** @param {Card} card @param {CommentDetail} detail */
function showDetail(card, detail) {
  const flags = detail.analysis?.flags ?? [];
  card.text.replaceChildren(...markedText(detail.text, flags));
  card.flagList.replaceChildren(...flags.map((flag) => drawFlag(flag, detail.text)));
  if (!flags.length) card.flagList.append(el('li', { className: 'muted' }, 'The analysis recorded no flag for this comment.'));
  card.context.replaceChildren(...contextLines(detail));
}

/** @param {Flag} flag @param {string} text the comment's, which the reasons' spans point into */
function drawFlag(flag, text) {
  const reasons = flag.reasons.length ? flag.reasons.map((reason) => drawReason(reason, text)) : [el('li', { className: 'muted' }, 'No reason recorded.')];
  return el('li', {}, flagChip(flag.kind), ' ', el('span', { className: 'muted' }, `score ${formatScore(flag.score)}`), el('ul', { className: 'reasons' }, ...reasons));
}

/**
 * The reason, quoting the words it points at as the author wrote them (its message names them as the analysis read
 * them: lower-cased, look-alike letters folded). When the message already quotes them as written, a second quote
 * would only repeat it.
 * @param {Reason} reason
 * @param {string} text
 */
function drawReason(reason, text) {
  const quoted = excerpt(text, reason.span);
  if (quoted === undefined || reason.message.includes(`"${quoted}"`)) return el('li', {}, reason.message);
  return el('li', {}, reason.message, ' — ', el('q', { className: 'excerpt' }, quoted));
}

/**
 * What else bears on the decision: the comment this one copies, the author's record, a decision made meanwhile.
 * @param {CommentDetail} detail
 * @returns {HTMLElement[]}
 */
function contextLines(detail) {
  const lines = [];
  if (detail.duplicate) {
    lines.push(el('p', {}, `Copy of comment ${detail.duplicate.commentId} by ${describeAuthor(detail.duplicate)}: `, el('q', {}, detail.duplicate.text)));
  } else if (detail.duplicateOf) {
    lines.push(el('p', {}, `Copy of comment ${detail.duplicateOf}, which is no longer stored.`));
  }
  const counts = detail.authorHistory?.counts;
  if (counts) {
    const others = counts.approved + counts.rejected + counts.pending;
    lines.push(el('p', {}, others ? `This author's other comments here: ${counts.approved} approved, ${counts.rejected} rejected, ${counts.pending} held.` : 'No other comments from this author here.'));
  }
  if (detail.decision) lines.push(el('p', { className: 'error' }, `Already decided (${detail.decision.action}) since the list was loaded.`));
  return lines;
}
