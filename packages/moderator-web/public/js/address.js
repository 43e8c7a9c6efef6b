// @ts-check
/** The page address keeps the view and the views' filters, so that a reload or a bookmark keeps them. */
import { DEFAULT_INTERVAL, DEFAULT_LIMIT, DEFAULT_RANK_LIMIT, DEFAULT_RANK_SORT, DEFAULT_SORT } from './filters.js';
import { isView, state } from './page.js';
/** @import { View } from './page.js' */

/** The view the address names; the session opens another if the key's role may not use it. @returns {View} */
export function viewFromAddress() {
  const view = new URLSearchParams(location.search).get('view');
  return isView(view) ? view : 'queue';
}

export function rememberAddress() {
  const params = new URLSearchParams();
  if (state.view !== 'queue') params.set('view', state.view);
  const { flags, sort, limit } = state.filters;
  if (flags.length) params.set('flag', flags.join(','));
  if (sort !== DEFAULT_SORT) params.set('sort', sort);
  if (limit !== DEFAULT_LIMIT) params.set('limit', String(limit));
  const { articleId, from, to, interval } = state.statsFilters;
  if (articleId) params.set('articleId', articleId);
  if (from) params.set('from', from);
  if (to) params.set('to', to);
  if (interval !== DEFAULT_INTERVAL) params.set('interval', interval);
  if (state.statsFilters.include) params.set('include', 'spam,duplicate');
  const rank = state.rankFilters;
  if (rank.from) params.set('rankFrom', rank.from);
  if (rank.to) params.set('rankTo', rank.to);
  if (rank.sort !== DEFAULT_RANK_SORT) params.set('rank', rank.sort);
  if (rank.limit !== DEFAULT_RANK_LIMIT) params.set('rows', String(rank.limit));
  if (state.overviewFilters.from) params.set('overviewFrom', state.overviewFilters.from);
  if (state.overviewFilters.to) params.set('overviewTo', state.overviewFilters.to);
  const query = params.toString();
  history.replaceState(null, '', query ? `?${query}` : location.pathname);
}
