// @ts-check
/** The overview view: its range form, loading the figures, and what the API found wrong with the range. */
import { rememberAddress } from './address.js';
import { ApiError, ApiUnreachableError, failureText, isRefusal } from './api.js';
import { dayOrEmpty } from './days.js';
import { utcHourFormat } from './dom.js';
import { describeFieldError, formFields, markInvalidFields } from './field-errors.js';
import { fetchOverview } from './overview-api.js';
import { drawOverview } from './overview-view.js';
import { page, state } from './page.js';
import { refuseKey } from './session-end.js';
/** @import { OverviewFilters } from './overview-api.js' */

const OVERVIEW_FIELDS = formFields('query.', [
  ['from', page.overviewStart],
  ['to', page.overviewEnd],
]);

/** @returns {OverviewFilters} */
export function overviewFiltersFromAddress() {
  const params = new URLSearchParams(location.search);
  return { from: dayOrEmpty(params.get('overviewFrom')), to: dayOrEmpty(params.get('overviewTo')) };
}

/** @param {OverviewFilters} filters */
export function showOverviewFilters(filters) {
  page.overviewStart.value = filters.from;
  page.overviewEnd.value = filters.to;
}

/** @param {SubmitEvent} event */
export function onApplyOverviewFilters(event) {
  event.preventDefault();
  state.overviewFilters = { from: page.overviewStart.value, to: page.overviewEnd.value };
  rememberAddress();
  void reloadOverview();
}

export async function reloadOverview() {
  state.overviewGeneration += 1;
  const generation = state.overviewGeneration;
  markInvalidFields(OVERVIEW_FIELDS, []);
  setOverviewState('Loading the overview…');
  page.overviewSection.setAttribute('aria-busy', 'true');
  try {
    const overview = await fetchOverview(state.overviewFilters);
    if (generation !== state.overviewGeneration) return;
    drawOverview(overview);
    setOverviewState(`Between ${formatInstant(overview.from)} and ${formatInstant(overview.to)} (UTC).`);
  } catch (error) {
    if (generation !== state.overviewGeneration) return;
    if (isRefusal(error)) return refuseKey(error);
    page.overviewResult.hidden = true;
    if (error instanceof ApiError && error.status === 400) {
      markInvalidFields(OVERVIEW_FIELDS, error.fieldErrors);
      setOverviewState([error.message, ...error.fieldErrors.map((fieldError) => describeFieldError(OVERVIEW_FIELDS, fieldError))].join(' '), 'error');
    } else {
      setOverviewState(`Could not load the overview. ${failureText(error)}`, 'error');
    }
    if (!(error instanceof ApiError || error instanceof ApiUnreachableError)) throw error;
  } finally {
    if (generation === state.overviewGeneration) page.overviewSection.removeAttribute('aria-busy');
  }
}

/** @param {string} iso */
function formatInstant(iso) {
  const time = new Date(iso);
  return Number.isNaN(time.getTime()) ? iso : utcHourFormat.format(time);
}

/** @param {string} text @param {'info' | 'error'} [tone] */
function setOverviewState(text, tone = 'info') {
  page.overviewState.textContent = text;
  page.overviewState.dataset.tone = tone;
}
