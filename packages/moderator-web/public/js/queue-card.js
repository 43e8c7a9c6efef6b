// @ts-check
/** Drawing a held comment as a card in the queue, with its facts, the place for its reasons, and its decision buttons. */
import { dateFormat, el, formatScore } from './dom.js';
import { flagChip } from './flags.js';
import { state } from './page.js';
/** @import { QueueItem } from './api.js' */

/**
 * One queue item on the page, with the parts that change after it is drawn.
 * @typedef {{ item: QueueItem, element: HTMLLIElement, text: HTMLParagraphElement, flagList: HTMLUListElement,
 *   context: HTMLElement, reason: HTMLInputElement, buttons: HTMLButtonElement[] }} Card
 */
/** What the card's Approve and Reject buttons ask for. @typedef {(card: Card, action: 'approve' | 'reject') => void} OnDecide */

/** @param {QueueItem} item */
function authorOf(item) {
  return item.authorName ?? item.authorId;
}

/** @param {QueueItem} item */
export function describe(item) {
  return `the comment by ${authorOf(item)} (${item.commentId})`;
}

/** @param {QueueItem} item @param {OnDecide} onDecide @returns {Card} */
export function drawCard(item, onDecide) {
  state.cardsDrawn += 1;
  const id = `comment-${state.cardsDrawn}`;
  const created = new Date(item.createdAt);
  const flagList = el('ul', { className: 'flags' }, ...item.flags.map((kind) => el('li', {}, flagChip(kind), ' ', el('span', { className: 'muted' }, 'loading the reasons…'))));
  const text = el('p', { className: 'comment-text' }, item.text);
  const context = el('div', { className: 'context' });
  const reason = el('input', { attributes: { id: `${id}-reason`, type: 'text', maxlength: '1000', autocomplete: 'off' } });
  const approve = el('button', { className: 'approve', attributes: { type: 'button' } }, 'Approve');
  const reject = el('button', { className: 'reject', attributes: { type: 'button' } }, 'Reject');
  const element = el(
    'li',
    { className: 'comment', attributes: { tabindex: '-1', 'aria-labelledby': `${id}-heading`, 'data-comment-id': item.commentId } },
    el(
      'header',
      { className: 'comment-meta' },
      el('h3', { attributes: { id: `${id}-heading` } }, authorOf(item), ' ', el('span', { className: 'muted' }, `(${item.authorId})`)),
      el(
        'p',
        { className: 'muted' },
        'on ', el('cite', {}, item.articleTitle ?? item.articleId), ` (${item.articleId}) · `,
        el('time', { attributes: { datetime: item.createdAt } }, Number.isNaN(created.getTime()) ? item.createdAt : dateFormat.format(created)),
        ` · comment ${item.commentId}`,
      ),
    ),
    text,
    el(
      'dl',
      { className: 'facts' },
      el('div', {}, el('dt', {}, 'Sentiment'), el('dd', {}, item.sentiment ? `${item.sentiment.label} (${formatScore(item.sentiment.score)})` : 'not measured (language not supported)')),
      el('div', {}, el('dt', {}, 'Severity'), el('dd', {}, formatScore(item.severity))),
    ),
    el('section', { className: 'why', attributes: { 'aria-labelledby': `${id}-why` } }, el('h4', { attributes: { id: `${id}-why` } }, 'Why it was held'), flagList, context),
    el(
      'div',
      { className: 'decision', attributes: { role: 'group', 'aria-label': `Decide ${describe(item)}` } },
      el('label', { attributes: { for: `${id}-reason` } }, 'Reason (optional)'),
      reason, approve, reject,
    ),
  );
  const card = { item, element, text, flagList, context, reason, buttons: [approve, reject] };
  approve.addEventListener('click', () => onDecide(card, 'approve'));
  reject.addEventListener('click', () => onDecide(card, 'reject'));
  return card;
}
