// @ts-check
/** The queue's filters: flag kinds, order and page size, read from the address and from the form. */
import { rememberAddress } from './address.js';
import { DEFAULT_LIMIT, DEFAULT_SORT, MAX_LIMIT, offeredOption, parseLimit } from './filters.js';
import { FLAG_LABELS, flagBoxes } from './flags.js';
import { announce, page, state } from './page.js';
import { reloadQueue } from './queue.js';
/** @import { Filters } from './filters.js' */

/** @returns {Filters} */
export function filtersFromAddress() {
  const params = new URLSearchParams(location.search);
  const known = new Set(FLAG_LABELS.keys());
  const flags = params.getAll('flag').flatMap((value) => value.split(',')).filter((kind) => known.has(kind));
  return { flags: [...new Set(flags)], sort: offeredOption(page.sort, params.get('sort'), DEFAULT_SORT), limit: parseLimit(params.get('limit')) ?? DEFAULT_LIMIT };
}

/** @param {Filters} filters */
export function showFilters(filters) {
  for (const box of flagBoxes()) box.checked = filters.flags.includes(box.value);
  page.sort.value = filters.sort;
  page.limit.value = String(filters.limit);
}

/** @param {SubmitEvent} event */
export function onApplyFilters(event) {
  event.preventDefault();
  const limit = parseLimit(page.limit.value.trim());
  page.limit.setAttribute('aria-invalid', String(limit === null));
  if (limit === null) return announce(`Per page must be a whole number from 1 to ${MAX_LIMIT}.`, 'error');
  state.filters = { flags: flagBoxes().filter((box) => box.checked).map((box) => box.value), sort: page.sort.value, limit };
  rememberAddress();
  void reloadQueue();
}
