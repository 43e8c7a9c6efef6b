// @ts-check
/** What each view's filters hold, what they start as, and the page size the API accepts. */

/** @typedef {{ flags: string[], sort: string, limit: number }} Filters */
/**
 * The sentiment form. `from` and `to` are days (yyyy-mm-dd) or empty; `to` includes its day. `include`: count the
 * comments flagged spam or duplicate, which the figures (over time and ranked) otherwise leave out.
 * @typedef {{ articleId: string, from: string, to: string, interval: string, include: boolean }} StatsFilters
 */
/**
 * The articles' and authors' rankings: days as in StatsFilters (both empty: the API's last 7 days), the order and how many rows.
 * @typedef {{ from: string, to: string, sort: string, limit: number }} RankFilters
 */

export const DEFAULT_SORT = 'oldest';
export const DEFAULT_LIMIT = 25;
export const MAX_LIMIT = 100;
export const DEFAULT_INTERVAL = 'day';
export const DEFAULT_RANK_SORT = 'negative';
export const DEFAULT_RANK_LIMIT = 20;
export const MAX_RANK_LIMIT = 100;

/** @param {string | null} value @param {number} [max] @returns {number | null} */
export function parseLimit(value, max = MAX_LIMIT) {
  if (value === null || !/^\d{1,3}$/.test(value)) return null;
  const limit = Number(value);
  return limit >= 1 && limit <= max ? limit : null;
}

/**
 * `value` (read from the address, which may say anything) when `select` offers it, else `fallback`.
 * @param {HTMLSelectElement} select @param {string | null} value @param {string} fallback @returns {string}
 */
export function offeredOption(select, value, fallback) {
  return value !== null && [...select.options].some((option) => option.value === value) ? value : fallback;
}
