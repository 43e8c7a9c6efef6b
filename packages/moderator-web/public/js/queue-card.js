// @ts-check
/**
 * Drawing a held comment as a card in the queue, with its box for selecting it, its facts, the place for its reasons,
 * its decision buttons, and buttons for its author's standing with the publisher.
 */
import { dateFormat, el, formatScore } from './dom.js';
import { flagChip } from './flags.js';
import { state } from './page.js';
/** @import { QueueItem } from './api.js' */
/** @import { Standing } from './policy-api.js' */

/**
 * One queue item on the page, with the parts that change after it is drawn.
 * @typedef {{ item: QueueItem, element: HTMLLIElement, text: HTMLParagraphElement, flagList: HTMLUListElement,
 *   context: HTMLElement, reason: HTMLInputElement, buttons: HTMLButtonElement[], standingButtons: HTMLButtonElement[],
 *   standing: HTMLElement, select: HTMLInputElement }} Card
 */
/** What the card's Approve and Reject buttons ask for. @typedef {(card: Card, action: 'approve' | 'reject') => void} OnDecide */
/** What its Trust, Ban and Clear buttons ask for. @typedef {(card: Card, standing: Standing) => void} OnStanding */
/** A click on its selection box (a shift-click selects a range). @typedef {(card: Card, event: MouseEvent) => void} OnSelectClick */

/** Each drawn card by its list item, for the keys and the selection, which start from the list. @type {WeakMap<Element, Card>} */
const cards = new WeakMap();

/** @param {Element | null} element a card's list item @returns {Card | undefined} */
export function cardOf(element) {
  return element ? cards.get(element) : undefined;
}

/** The standing buttons: what each sets. */
const STANDING_BUTTONS = /** @type {const} */ ([['Trust', 'trusted'], ['Ban', 'banned'], ['Clear', 'none']]);

/** @param {QueueItem} item */
function authorOf(item) {
  return item.authorName ?? item.authorId;
}

/** "A Reader (u-3)": the name may be anyone's, the id is the publisher's own. @param {Pick<QueueItem, 'authorId' | 'authorName'>} item */
export function describeAuthor(item) {
  return item.authorName ? `${item.authorName} (${item.authorId})` : item.authorId;
}

/** @param {QueueItem} item */
export function describe(item) {
  return `the comment by ${authorOf(item)} (${item.commentId})`;
}

/** @param {QueueItem} item @param {OnDecide} onDecide @param {OnStanding} onStanding @param {OnSelectClick} onSelectClick @returns {Card} */
export function drawCard(item, onDecide, onStanding, onSelectClick) {
  state.cardsDrawn += 1;
  const id = `comment-${state.cardsDrawn}`;
  const created = new Date(item.createdAt);
  const flagList = el('ul', { className: 'flags' }, ...item.flags.map((kind) => el('li', {}, flagChip(kind), ' ', el('span', { className: 'muted' }, 'loading the reasons…'))));
  const text = el('p', { className: 'comment-text' }, item.text);
  const context = el('div', { className: 'context' });
  const reason = el('input', { attributes: { id: `${id}-reason`, type: 'text', maxlength: '1000', autocomplete: 'off' } });
  const approve = el('button', { className: 'approve', attributes: { type: 'button', 'aria-keyshortcuts': 'a' } }, 'Approve');
  const reject = el('button', { className: 'reject', attributes: { type: 'button', 'aria-keyshortcuts': 'r' } }, 'Reject');
  const select = el('input', { className: 'select', attributes: { type: 'checkbox', 'aria-label': `Select ${describe(item)}`, 'aria-keyshortcuts': 'x' } });
  const standingButtons = STANDING_BUTTONS.map(([label]) => el('button', { className: 'quiet', attributes: { type: 'button' } }, label));
  const standing = el('span', { className: 'muted standing-now' });
  const element = el(
    'li',
    { className: 'comment', attributes: { tabindex: '-1', 'aria-labelledby': `${id}-heading`, 'data-comment-id': item.commentId, 'data-author-id': item.authorId } },
    el(
      'header',
      { className: 'comment-meta' },
      select,
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
    // The author's standing is the publisher's policy, not this comment's: it decides how their next comments are treated.
    el(
      'div',
      { className: 'standing', attributes: { role: 'group', 'aria-label': `Standing of ${describeAuthor(item)}` } },
      el('span', {}, `Author ${item.authorId}:`), ...standingButtons, standing,
    ),
  );
  const card = { item, element, text, flagList, context, reason, buttons: [approve, reject], standingButtons, standing, select };
  cards.set(element, card);
  select.addEventListener('click', (event) => onSelectClick(card, event));
  approve.addEventListener('click', () => onDecide(card, 'approve'));
  reject.addEventListener('click', () => onDecide(card, 'reject'));
  STANDING_BUTTONS.forEach(([, value], n) => standingButtons[n]?.addEventListener('click', () => onStanding(card, value)));
  return card;
}
