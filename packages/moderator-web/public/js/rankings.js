// @ts-check
/**
 * The sentiment view's rankings: the articles and the authors with the most negative (or positive, or most)
 * comments over a range of days, from the form under the figures over time.
 */
import { rememberAddress } from './address.js';
import { ApiError, ApiUnreachableError, failureText, isRefusal } from './api.js';
import { dayOrEmpty } from './days.js';
import { plural } from './dom.js';
import { showExcluded } from './excluded-note.js';
import { describeFieldError, formFields, markInvalidFields } from './field-errors.js';
import { DEFAULT_RANK_LIMIT, DEFAULT_RANK_SORT, MAX_RANK_LIMIT, offeredOption, parseLimit } from './filters.js';
import { page, state } from './page.js';
import { fetchRankings } from './rankings-api.js';
import { drawRankings, hideRankings } from './rankings-table.js';
import { refuseKey } from './session-end.js';
/** @import { RankFilters } from './filters.js' */

/** The form's controls by the names the API gives its query parameters, so a 400 can point at them. */
const RANK_FIELDS = formFields('query.', [
  ['from', page.rankFrom],
  ['to', page.rankTo],
  ['sort', page.rankSort],
  ['limit', page.rankLimit],
]);

/** @returns {RankFilters} */
export function rankFiltersFromAddress() {
  const params = new URLSearchParams(location.search);
  return {
    from: dayOrEmpty(params.get('rankFrom')),
    to: dayOrEmpty(params.get('rankTo')),
    sort: offeredOption(page.rankSort, params.get('rank'), DEFAULT_RANK_SORT),
    limit: parseLimit(params.get('rows'), MAX_RANK_LIMIT) ?? DEFAULT_RANK_LIMIT,
  };
}

/** @param {RankFilters} filters */
export function showRankFilters(filters) {
  page.rankFrom.value = filters.from;
  page.rankTo.value = filters.to;
  page.rankSort.value = filters.sort;
  page.rankLimit.value = String(filters.limit);
}

/** @param {SubmitEvent} event */
export function onApplyRankFilters(event) {
  event.preventDefault();
  const limit = parseLimit(page.rankLimit.value.trim(), MAX_RANK_LIMIT);
  markInvalidFields(RANK_FIELDS, limit === null ? [{ path: 'query.limit', message: '' }] : []);
  if (limit === null) return setRankState(`Rows must be a whole number from 1 to ${MAX_RANK_LIMIT}.`, 'error');
  state.rankFilters = { from: page.rankFrom.value, to: page.rankTo.value, sort: page.rankSort.value, limit };
  rememberAddress();
  void reloadRankings();
}

export async function reloadRankings() {
  state.rankGeneration += 1;
  const generation = state.rankGeneration;
  const filters = state.rankFilters;
  markInvalidFields(RANK_FIELDS, []);
  setRankState('Loading the rankings…');
  page.rankForm.setAttribute('aria-busy', 'true');
  try {
    const rankings = await fetchRankings(filters, state.statsFilters.include);
    if (generation !== state.rankGeneration) return;
    drawRankings(rankings, filters.sort);
    showExcluded(rankings.excluded);
    setRankState(
      rankings.articles.length
        ? `${plural(rankings.articles.length, 'article')} and ${plural(rankings.authors.length, 'author')} with comments in the range.`
        : 'No comments with a measured sentiment in this range.',
    );
  } catch (error) {
    if (generation !== state.rankGeneration) return;
    if (isRefusal(error)) return refuseKey(error);
    showRankFailure(error);
    if (!(error instanceof ApiError || error instanceof ApiUnreachableError)) throw error;
  } finally {
    if (generation === state.rankGeneration) page.rankForm.removeAttribute('aria-busy');
  }
}

/** Shows the API's own words; a 400 also marks the fields it names. @param {unknown} error */
function showRankFailure(error) {
  hideRankings();
  if (error instanceof ApiError && error.status === 400) {
    markInvalidFields(RANK_FIELDS, error.fieldErrors);
    return setRankState([error.message, ...error.fieldErrors.map((fieldError) => describeFieldError(RANK_FIELDS, fieldError))].join(' '), 'error');
  }
  setRankState(`Could not load the rankings. ${failureText(error)}`, 'error');
}

/** @param {string} text @param {'info' | 'error'} [tone] */
function setRankState(text, tone = 'info') {
  page.rankState.textContent = text;
  page.rankState.dataset.tone = tone;
}
