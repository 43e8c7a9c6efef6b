// @ts-check
/** The flag kinds as moderators read them: the queue filter's boxes, and a chip per flag on a held comment. */
import { el } from './dom.js';
import { page } from './page.js';

/** @returns {HTMLInputElement[]} */
export function flagBoxes() {
  return [...page.filters.querySelectorAll('input[name="flag"]')].filter((box) => box instanceof HTMLInputElement);
}

/** Flag names as moderators read them, taken from the filter's labels so the page names each flag one way. */
export const FLAG_LABELS = new Map(flagBoxes().map((box) => [box.value, box.labels?.[0]?.textContent?.trim() || box.value]));

/** @param {string} kind */
export function flagLabel(kind) {
  return FLAG_LABELS.get(kind) ?? kind;
}

/** @param {string} kind */
export function flagChip(kind) {
  return el('span', { className: `flag ${FLAG_LABELS.has(kind) ? `flag-${kind}` : 'flag-other'}` }, flagLabel(kind));
}
