// @ts-check
/** A comment's text with the words its reasons point at marked, so moderators see what the analysis held against it. */
import { el } from './dom.js';
import { flagLabel } from './flags.js';
import { segmentsOf } from './spans.js';
/** @import { Flag } from './api.js' */

/**
 * The text as text nodes, each piece that reasons point at in a <mark> naming them (a title for the pointer, a
 * description for screen readers). The comment is its author's to write, so no piece is ever parsed as markup.
 * @param {string} text
 * @param {Flag[]} flags
 * @returns {Array<Node | string>}
 */
export function markedText(text, flags) {
  const reasons = flags.flatMap((flag) => flag.reasons.map((reason) => ({ span: reason.span, why: `${flagLabel(flag.kind)}: ${reason.message}` })));
  return segmentsOf(text, reasons).map(({ text: piece, covering }) => {
    if (!covering.length) return piece;
    const why = covering.map((reason) => reason.why);
    // Where spans overlap (a word inside a flagged phrase) the mark is stronger, so the word stands out.
    return el('mark', { className: covering.length > 1 ? 'overlap' : '', attributes: { title: why.join('\n'), 'aria-description': why.join('; ') } }, piece);
  });
}
