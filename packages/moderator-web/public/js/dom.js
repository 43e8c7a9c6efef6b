// @ts-check
/**
 * Finding the page's elements, building new ones, and formatting values for them. Every string from the API goes in
 * through el(), which only ever creates text nodes.
 */

/**
 * @template {HTMLElement} T
 * @param {string} id
 * @param {{ new (): T, name: string }} type
 * @returns {T}
 */
export function byId(id, type) {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`moderator page: #${id} is missing or is not a ${type.name}`);
  return found;
}

/**
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {{ className?: string, attributes?: Record<string, string> }} options
 * @param {Array<Node | string>} children strings become text nodes, never markup
 * @returns {HTMLElementTagNameMap[K]}
 */
export function el(tag, options, ...children) {
  const element = document.createElement(tag);
  if (options.className) element.className = options.className;
  for (const [name, value] of Object.entries(options.attributes ?? {})) element.setAttribute(name, value);
  element.append(...children);
  return element;
}

export const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
/** The figures are bucketed in UTC, so their days and hours are shown in UTC. */
export const utcDayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
export const utcHourFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

/** A time the API gave (ISO 8601) in the reader's time zone; as given if it is not one. @param {string} iso */
export function formatTime(iso) {
  const time = new Date(iso);
  return Number.isNaN(time.getTime()) ? iso : dateFormat.format(time);
}

/** @param {number} score */
export function formatScore(score) {
  return score.toFixed(2).replace('-', '−');
}

/** @param {number} count @param {string} noun */
export function plural(count, noun) {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
