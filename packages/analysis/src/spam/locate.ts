import type { NormalizedText } from '../types.js';

/**
 * Maps a [start, end) range found in a derived form of the text (`display` or `folded`) back to the ORIGINAL text.
 * Normalization changes lengths (entities, NFKC, zero-width removal, collapsed repeats) but keeps the sequence of
 * whitespace-separated chunks, so a range is mapped chunk by chunk; a substring that occurs verbatim in the original
 * is mapped exactly. Returns undefined when the chunk sequences disagree (no span rather than a wrong one).
 */
export function locateInOriginal(
  text: NormalizedText,
  derived: string,
  start: number,
  end: number,
): [number, number] | undefined {
  const piece = derived.slice(start, end);
  const exact = text.original.indexOf(piece);
  if (exact >= 0 && piece.length > 0 && text.original.indexOf(piece, exact + 1) < 0) return [exact, exact + piece.length];
  const derivedChunks = chunks(derived);
  const originalChunks = chunks(text.original);
  if (derivedChunks.length !== originalChunks.length) return caseInsensitiveSearch(text.original, derived, start, piece);
  let first = -1;
  let last = -1;
  derivedChunks.forEach(([chunkStart, chunkEnd], i) => {
    if (chunkEnd > start && chunkStart < end) {
      if (first < 0) first = i;
      last = i;
    }
  });
  const from = originalChunks[first];
  const to = originalChunks[last];
  if (!from || !to) return undefined;
  // Inside a single chunk whose text is unchanged, keep the exact offsets.
  if (first === last) {
    const derivedChunk = derivedChunks[first];
    if (derivedChunk && derived.slice(derivedChunk[0], derivedChunk[1]) === text.original.slice(from[0], from[1])) {
      return [from[0] + Math.max(0, start - derivedChunk[0]), from[0] + Math.min(end, derivedChunk[1]) - derivedChunk[0]];
    }
  }
  return [from[0], to[1]];
}

const CHUNK = /\S+/g;

function chunks(value: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  CHUNK.lastIndex = 0;
  for (let m = CHUNK.exec(value); m; m = CHUNK.exec(value)) out.push([m.index, m.index + m[0].length]);
  return out;
}

/**
 * The same occurrence of `piece` in the original as in `derived` (the second link is the second link), matched without
 * regard to case. No span when lower-casing changes the original's length ("İ" becomes two code units, so offsets into
 * the lower-cased copy are not offsets into the original), or when the original holds fewer occurrences.
 */
function caseInsensitiveSearch(original: string, derived: string, start: number, piece: string): [number, number] | undefined {
  if (piece.trim() === '') return undefined;
  const lowerOriginal = original.toLowerCase();
  if (lowerOriginal.length !== original.length) return undefined;
  const needle = piece.toLowerCase();
  const earlier = occurrences(derived.slice(0, start).toLowerCase(), needle);
  let at = -1;
  for (let k = 0; k <= earlier; k++) {
    at = lowerOriginal.indexOf(needle, at + 1);
    if (at < 0) return undefined;
  }
  return [at, at + piece.length];
}

function occurrences(haystack: string, needle: string): number {
  let count = 0;
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) count++;
  return count;
}
