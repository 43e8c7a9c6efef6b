// @ts-check
/**
 * Where in a comment its reasons point, as offsets only: no DOM, so it runs (and is tested) under Node too. A span
 * is [start, end) in UTF-16 code units of the text as submitted, the units String.prototype.slice counts.
 */

/** @typedef {[number, number]} Span */
/**
 * A piece of the text, and the items whose spans cover all of it (none for text no span reaches).
 * @template T
 * @typedef {{ text: string, covering: T[] }} Segment
 */

/** Longest excerpt quoted, in UTF-16 units: a span can cover a whole comment written in capitals. */
export const EXCERPT_LENGTH = 80;

/**
 * The span as offsets into `text`, widened to whole code points; undefined when it is not one: not two integers,
 * reversed, empty or past either end. A span comes from the API, so it is checked rather than trusted.
 * @param {string} text
 * @param {unknown} span
 * @returns {Span | undefined}
 */
export function spanWithin(text, span) {
  if (!Array.isArray(span) || span.length !== 2) return undefined;
  let [start, end] = /** @type {unknown[]} */ (span);
  if (typeof start !== 'number' || typeof end !== 'number' || !Number.isInteger(start) || !Number.isInteger(end)) return undefined;
  if (start < 0 || end > text.length || start >= end) return undefined;
  // A cut inside a surrogate pair would leave two broken halves of one emoji on the page.
  if (isLowSurrogate(text.charCodeAt(start)) && isHighSurrogate(text.charCodeAt(start - 1))) start -= 1;
  if (isHighSurrogate(text.charCodeAt(end - 1)) && isLowSurrogate(text.charCodeAt(end))) end += 1;
  return [start, end];
}

/**
 * The text the span points at, shortened to EXCERPT_LENGTH with an ellipsis; undefined for an unusable span.
 * @param {string} text
 * @param {unknown} span
 * @returns {string | undefined}
 */
export function excerpt(text, span) {
  const within = spanWithin(text, span);
  if (!within) return undefined;
  const spanned = text.slice(within[0], within[1]);
  if (spanned.length <= EXCERPT_LENGTH) return spanned;
  const cut = isHighSurrogate(spanned.charCodeAt(EXCERPT_LENGTH - 1)) ? EXCERPT_LENGTH - 1 : EXCERPT_LENGTH;
  return `${spanned.slice(0, cut)}…`;
}

/**
 * The whole text cut at every boundary of every usable span, in order, each piece with the items whose spans
 * cover it (in the items' order). Overlapping and nested spans need no special case: no piece straddles a
 * boundary, so each is either inside a span or outside it. Unusable spans are left out.
 * @template {{ span?: unknown }} T
 * @param {string} text
 * @param {readonly T[]} items
 * @returns {Segment<T>[]}
 */
export function segmentsOf(text, items) {
  const spanned = items.flatMap((item) => {
    const within = spanWithin(text, item.span);
    return within ? [{ item, start: within[0], end: within[1] }] : [];
  });
  const cuts = [...new Set([0, text.length, ...spanned.flatMap(({ start, end }) => [start, end])])].sort((a, b) => a - b);
  /** @type {Segment<T>[]} */
  const segments = [];
  for (let k = 1; k < cuts.length; k++) {
    const start = cuts[k - 1] ?? 0;
    const end = cuts[k] ?? start;
    const covering = spanned.filter((span) => span.start <= start && end <= span.end).map(({ item }) => item);
    segments.push({ text: text.slice(start, end), covering });
  }
  return segments;
}

/** @param {number} unit */
function isHighSurrogate(unit) {
  return unit >= 0xd800 && unit <= 0xdbff;
}

/** @param {number} unit */
function isLowSurrogate(unit) {
  return unit >= 0xdc00 && unit <= 0xdfff;
}
