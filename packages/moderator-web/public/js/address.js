// @ts-check
/** The page address keeps the view and both views' filters, so that a reload or a bookmark keeps them. */
import { DEFAULT_INTERVAL, DEFAULT_LIMIT, DEFAULT_SORT } from './filters.js';
import { state } from './page.js';
/** @import { View } from './page.js' */

/** @returns {View} */
export function viewFromAddress() {
  return new URLSearchParams(location.search).get('view') === 'sentiment' ? 'sentiment' : 'queue';
}

export function rememberAddress() {
  const params = new URLSearchParams();
  if (state.view === 'sentiment') params.set('view', 'sentiment');
  const { flags, sort, limit } = state.filters;
  if (flags.length) params.set('flag', flags.join(','));
  if (sort !== DEFAULT_SORT) params.set('sort', sort);
  if (limit !== DEFAULT_LIMIT) params.set('limit', String(limit));
  const { articleId, from, to, interval } = state.statsFilters;
  if (articleId) params.set('articleId', articleId);
  if (from) params.set('from', from);
  if (to) params.set('to', to);
  if (interval !== DEFAULT_INTERVAL) params.set('interval', interval);
  const query = params.toString();
  history.replaceState(null, '', query ? `?${query}` : location.pathname);
}
