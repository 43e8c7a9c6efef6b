// @ts-check
/** What each view's filters hold, what they start as, and the page size the API accepts. */

/** @typedef {{ flags: string[], sort: string, limit: number }} Filters */
/**
 * The sentiment form. `from` and `to` are days (yyyy-mm-dd) or empty; `to` includes its day.
 * @typedef {{ articleId: string, from: string, to: string, interval: string }} StatsFilters
 */

export const DEFAULT_SORT = 'oldest';
export const DEFAULT_LIMIT = 25;
export const MAX_LIMIT = 100;
export const DEFAULT_INTERVAL = 'day';

/** @param {string | null} value @returns {number | null} */
export function parseLimit(value) {
  if (value === null || !/^\d{1,3}$/.test(value)) return null;
  const limit = Number(value);
  return limit >= 1 && limit <= MAX_LIMIT ? limit : null;
}
