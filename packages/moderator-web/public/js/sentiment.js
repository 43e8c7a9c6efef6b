// @ts-check
/**
 * The sentiment view: the form that chooses the figures, loading them, what the API found wrong with the form, and
 * the toggle that counts spam and duplicates in the figures and the rankings alike.
 */
import { rememberAddress } from './address.js';
import { ApiError, ApiUnreachableError, failureText, fetchSentimentStats, isRefusal } from './api.js';
import { offerExport } from './comment-export.js';
import { dayOrEmpty } from './days.js';
import { plural } from './dom.js';
import { showExcluded } from './excluded-note.js';
import { describeFieldError, formFields, markInvalidFields } from './field-errors.js';
import { DEFAULT_INTERVAL, offeredOption } from './filters.js';
import { page, state } from './page.js';
import { reloadRankings } from './rankings.js';
import { drawStatsTable } from './sentiment-table.js';
import { refuseKey } from './session-end.js';
/** @import { SentimentBucket } from './api.js' */
/** @import { StatsFilters } from './filters.js' */

/** The sentiment form's controls by the names the API gives its query parameters (`query.to`), so a 400 can point at them. */
const STATS_FIELDS = formFields('query.', [
  ['articleId', page.statsArticle],
  ['from', page.statsFrom],
  ['to', page.statsTo],
  ['interval', page.statsInterval],
]);

/** @returns {StatsFilters} */
export function statsFiltersFromAddress() {
  const params = new URLSearchParams(location.search);
  return {
    articleId: (params.get('articleId') ?? '').trim(),
    from: dayOrEmpty(params.get('from')),
    to: dayOrEmpty(params.get('to')),
    interval: offeredOption(page.statsInterval, params.get('interval'), DEFAULT_INTERVAL),
    include: params.get('include') !== null,
  };
}

/** @param {StatsFilters} filters */
export function showStatsFilters(filters) {
  page.statsArticle.value = filters.articleId;
  page.statsFrom.value = filters.from;
  page.statsTo.value = filters.to;
  page.statsInterval.value = filters.interval;
  page.statsInclude.checked = filters.include;
}

/** Both the figures over time and the rankings count what the toggle says. */
export function onIncludeToggle() {
  state.statsFilters = { ...state.statsFilters, include: page.statsInclude.checked };
  rememberAddress();
  void reloadStats();
  void reloadRankings();
}

/** The view as it opens: the figures over time, the rankings, and the export for the roles that may have it. */
export async function reloadSentimentView() {
  offerExport(state.me?.role ?? '');
  await Promise.all([reloadStats(), reloadRankings()]);
}

/**
 * No checks of its own: the API judges the filters, a range that ends before it starts included, and its message is
 * what the page shows.
 * @param {SubmitEvent} event
 */
export function onApplyStatsFilters(event) {
  event.preventDefault();
  state.statsFilters = {
    articleId: page.statsArticle.value.trim(),
    from: page.statsFrom.value,
    to: page.statsTo.value,
    interval: page.statsInterval.value,
    include: page.statsInclude.checked,
  };
  rememberAddress();
  void reloadStats();
}

export async function reloadStats() {
  state.statsGeneration += 1;
  const generation = state.statsGeneration;
  const filters = state.statsFilters;
  markInvalidFields(STATS_FIELDS, []);
  setStatsState('Loading the figures…');
  page.sentimentSection.setAttribute('aria-busy', 'true');
  try {
    const stats = await fetchSentimentStats(filters);
    if (generation !== state.statsGeneration) return;
    showStats(filters, stats.buckets);
    showExcluded(stats.excluded);
  } catch (error) {
    if (generation !== state.statsGeneration) return;
    if (isRefusal(error)) return refuseKey(error);
    showStatsFailure(error);
    if (!(error instanceof ApiError || error instanceof ApiUnreachableError)) throw error;
  } finally {
    if (generation === state.statsGeneration) page.sentimentSection.removeAttribute('aria-busy');
  }
}

/** @param {StatsFilters} filters the ones these buckets answer @param {SentimentBucket[]} buckets */
function showStats(filters, buckets) {
  drawStatsTable(filters, buckets);
  if (!buckets.length) return setStatsState('No comments with a measured sentiment match these filters.');
  const comments = buckets.reduce((sum, bucket) => sum + bucket.total, 0);
  const unit = filters.interval === 'hour' ? 'hour' : 'day';
  setStatsState(`${plural(buckets.length, unit)} with comments; ${plural(comments, 'comment')} in all.`);
}

/** Shows the API's own words; a 400 also marks the fields it names. @param {unknown} error */
function showStatsFailure(error) {
  page.statsResult.hidden = true;
  if (error instanceof ApiError && error.status === 400) {
    markInvalidFields(STATS_FIELDS, error.fieldErrors);
    return setStatsState([error.message, ...error.fieldErrors.map((fieldError) => describeFieldError(STATS_FIELDS, fieldError))].join(' '), 'error');
  }
  setStatsState(`Could not load the figures. ${failureText(error)}`, 'error');
}

/** @param {string} text @param {'info' | 'error'} [tone] */
function setStatsState(text, tone = 'info') {
  page.statsState.textContent = text;
  page.statsState.dataset.tone = tone;
}
