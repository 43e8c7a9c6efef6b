// @ts-check
/** The rankings as two tables, articles and authors: counts per label, the shares, the mean score and a bar of the shares. */
import { SENTIMENT_LABELS } from './api.js';
import { el, formatScore, utcHourFormat } from './dom.js';
import { page } from './page.js';
import { drawShares } from './sentiment-table.js';
/** @import { GroupFigures, Rankings } from './rankings-api.js' */

/** How each order reads in a caption. */
const ORDER_TEXT = { negative: 'most negative first', positive: 'most positive first', comments: 'most comments first' };

/** Fills both tables, and hides a table with no rows. @param {Rankings} rankings @param {string} sort */
export function drawRankings(rankings, sort) {
  const range = `between ${formatInstant(rankings.from)} and ${formatInstant(rankings.to)} (UTC)`;
  const order = ORDER_TEXT[/** @type {keyof typeof ORDER_TEXT} */ (sort)] ?? sort;
  page.articleCaption.textContent = `Articles, ${order}: comments ${range}.`;
  page.authorCaption.textContent = `Authors, ${order}: comments ${range}.`;
  page.articleRows.replaceChildren(...rankings.articles.map(drawGroupRow));
  page.authorRows.replaceChildren(...rankings.authors.map(drawGroupRow));
  page.articleResult.hidden = rankings.articles.length === 0;
  page.authorResult.hidden = rankings.authors.length === 0;
}

export function hideRankings() {
  page.articleRows.replaceChildren();
  page.authorRows.replaceChildren();
  page.articleResult.hidden = true;
  page.authorResult.hidden = true;
}

/** @param {string} iso */
function formatInstant(iso) {
  const time = new Date(iso);
  return Number.isNaN(time.getTime()) ? iso : utcHourFormat.format(time);
}

/** @param {number} share in [0, 1] */
function percent(share) {
  return `${Math.round(share * 100)}%`;
}

/** @param {GroupFigures} figures */
function drawGroupRow(figures) {
  const number = (/** @type {string} */ text) => el('td', { className: 'number' }, text);
  return el(
    'tr',
    {},
    el('th', { attributes: { scope: 'row' } }, figures.key),
    ...SENTIMENT_LABELS.map((label) => number(String(figures.counts?.[label] ?? 0))),
    number(String(figures.total)),
    number(percent(figures.negativeShare)),
    number(percent(figures.positiveShare)),
    number(formatScore(figures.meanScore)),
    el('td', {}, drawShares(figures)),
  );
}
