import { hashSequence, hashString } from './hash.js';

export type ShingleSpec = { unit: 'word' | 'char'; size: number };

/** Reused across calls so fingerprinting allocates nothing per shingle; grown on demand. */
let buffer = new Uint32Array(1024);
let tokenHashes = new Uint32Array(256);

/**
 * Hashes of the text's shingles, in a shared buffer valid until the next call: returns how many were written.
 * Word shingles are k consecutive tokens; char shingles are n consecutive characters of the tokens joined by
 * single spaces (so a typo touches n shingles instead of whole words). A text shorter than one shingle yields
 * one shingle of all of it.
 */
export function shingleHashes(tokens: readonly string[], spec: ShingleSpec): { hashes: Uint32Array; count: number } {
  return spec.unit === 'word' ? wordShingles(tokens, spec.size) : charShingles(tokens.join(' '), spec.size);
}

function wordShingles(tokens: readonly string[], size: number): { hashes: Uint32Array; count: number } {
  if (tokens.length > tokenHashes.length) tokenHashes = new Uint32Array(tokens.length * 2);
  for (let i = 0; i < tokens.length; i++) tokenHashes[i] = hashString(tokens[i] ?? '');
  const width = Math.min(size, tokens.length);
  const count = tokens.length === 0 ? 0 : tokens.length - width + 1;
  ensureBuffer(count);
  for (let i = 0; i < count; i++) buffer[i] = hashSequence(tokenHashes, i, width, 0x5eed);
  return { hashes: buffer, count };
}

function charShingles(text: string, size: number): { hashes: Uint32Array; count: number } {
  const width = Math.min(size, text.length);
  const count = text.length === 0 ? 0 : text.length - width + 1;
  ensureBuffer(count);
  for (let i = 0; i < count; i++) {
    let h = 0x811c9dc5;
    for (let j = i; j < i + width; j++) h = Math.imul(h ^ text.charCodeAt(j), 0x01000193);
    buffer[i] = h >>> 0;
  }
  return { hashes: buffer, count };
}

function ensureBuffer(count: number): void {
  if (count > buffer.length) buffer = new Uint32Array(count * 2);
}
