// @ts-check
/** The per-article and per-author sentiment figures: GET /v1/stats/articles and /v1/stats/authors. */
import { callApi, excludedIn, STATS_EXCLUDABLE, unreadableAnswer } from './api.js';
import { dayAfter } from './days.js';
/** @import { SentimentBucket } from './api.js' */
/** @import { RankFilters } from './filters.js' */

/**
 * One article's or author's figures over the range: `key` is its id.
 * @typedef {Pick<SentimentBucket, 'total' | 'counts' | 'meanScore'> & { key: string, negativeShare: number, positiveShare: number }} GroupFigures
 */
/**
 * Both rankings, with the range the API applied (its defaults when the form named no days) and what it left out.
 * @typedef {{ from: string, to: string, excluded: string[], articles: GroupFigures[], authors: GroupFigures[] }} Rankings
 */

/** @param {RankFilters} filters @param {boolean} include count spam and duplicates @returns {Promise<Rankings>} */
export async function fetchRankings(filters, include) {
  const query = new URLSearchParams({ sort: filters.sort, limit: String(filters.limit) });
  if (filters.from) query.set('from', filters.from);
  // The API's `to` is exclusive; the form's includes its day.
  if (filters.to) query.set('to', dayAfter(filters.to));
  if (include) query.set('include', STATS_EXCLUDABLE.join(','));
  const [articles, authors] = await Promise.all([callApi(`v1/stats/articles?${query}`), callApi(`v1/stats/authors?${query}`)]);
  const articleRows = groupRows(articles, 'articles', 'articleId');
  const authorRows = groupRows(authors, 'authors', 'authorId');
  const { from, to } = /** @type {Record<string, unknown>} */ (articles);
  if (typeof from !== 'string' || typeof to !== 'string') throw unreadableAnswer();
  return { from, to, excluded: excludedIn(/** @type {object} */ (articles)), articles: articleRows, authors: authorRows };
}

/** @param {unknown} body @param {'articles' | 'authors'} list @param {'articleId' | 'authorId'} idField @returns {GroupFigures[]} */
function groupRows(body, list, idField) {
  if (typeof body !== 'object' || body === null || !(list in body)) throw unreadableAnswer();
  const rows = /** @type {Record<string, unknown>} */ (body)[list];
  if (!Array.isArray(rows)) throw unreadableAnswer();
  return rows.map((row) => {
    if (typeof row !== 'object' || row === null || typeof row[idField] !== 'string' || typeof row.total !== 'number') throw unreadableAnswer();
    return { ...row, key: row[idField] };
  });
}
