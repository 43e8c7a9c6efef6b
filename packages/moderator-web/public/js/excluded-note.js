// @ts-check
/** The line in the sentiment view that says which comments its figures leave out, as the API's answers say. */
import { page } from './page.js';

/** The flag kinds as the note names them. */
const KIND_TEXT = { spam: 'spam', duplicate: 'duplicate' };

/** @param {string[]} excluded the flag kinds an answer says it left out */
export function showExcluded(excluded) {
  const kinds = excluded.map((kind) => KIND_TEXT[/** @type {keyof typeof KIND_TEXT} */ (kind)] ?? kind);
  page.statsExcluded.textContent = kinds.length
    ? `Comments flagged ${kinds.join(' or ')} are left out of every figure here: they are not the readers' sentiment.`
    : 'Every comment with a measured sentiment is counted here, spam and duplicates included.';
}
