/**
 * Duplicates phase: exact copies (hash of the normalized tokens) and near-copies (MinHash over shingles with LSH
 * band keys), scoped to the same article, the same author, or copy-paste across the publisher.
 */
export type { DuplicateSettings } from './settings.js';
export { parseDuplicateSettings } from './settings.js';
export { exactKey, fingerprintText } from './fingerprint.js';
export { findDuplicate, laterNearCopies, postedAfter, scopeOf, similarity } from './find.js';
export type { CommentIdentity } from './find.js';
export { LshIndex } from './lsh-index.js';
