import { normalize } from '../src/normalize/index.js';
import { fingerprintText, type DuplicateSettings } from '../src/duplicates/index.js';
import type { DuplicateCandidate } from '../src/types.js';

/** Settings shaped like the shipped ones, fixed here so the tests do not move when the model is re-tuned. */
export function settingsFixture(overrides: Partial<DuplicateSettings> = {}): DuplicateSettings {
  return {
    version: 'duplicates-test',
    shingle: { unit: 'char', size: 3 },
    method: 'oph',
    numHashes: 192,
    bands: 32,
    rows: 6,
    seed: 12345,
    minTokens: 5,
    threshold: 0.57,
    ...overrides,
  };
}

const SUBJECTS = ['The council', 'My neighbour', 'This reporter', 'The mayor', 'Our school board', 'The new stadium',
  'That bakery', 'The bus company', 'Local police', 'The hospital'];
const VERBS = ['should have listened to', 'clearly ignored', 'keeps praising', 'finally answered', 'never explained',
  'quietly changed', 'openly criticised', 'forgot about'];
const OBJECTS = ['the residents on Elm Street', 'the parents at the meeting', 'the cyclists downtown',
  'the workers at the plant', 'the readers of this paper', 'the farmers market vendors', 'the tenants upstairs'];
const ENDINGS = ['before the vote last week', 'and nobody seems surprised', 'which is a real shame honestly',
  'even after all the protests', 'so I am cancelling my subscription', 'while the rent keeps rising'];

/** The i-th comment of a family of varied, realistic ~15-word comments (deterministic). */
export function commentText(i: number): string {
  const at = <T>(list: readonly T[], k: number): T => list[k % list.length] as T;
  return `${at(SUBJECTS, i)} ${at(VERBS, i * 7 + 3)} ${at(OBJECTS, i * 5 + 1)} ${at(ENDINGS, i * 3 + 2)}.`;
}

export function fingerprintOf(text: string, settings: DuplicateSettings = settingsFixture()) {
  return fingerprintText(normalize(text), settings);
}

export function candidate(
  text: string,
  fields: Partial<Omit<DuplicateCandidate, 'fingerprint'>> = {},
  settings: DuplicateSettings = settingsFixture(),
): DuplicateCandidate {
  return {
    commentId: fields.commentId ?? 'c-1',
    authorId: fields.authorId ?? 'author-1',
    articleId: fields.articleId ?? 'article-1',
    fingerprint: fingerprintOf(text, settings),
    ...(fields.createdAt ? { createdAt: fields.createdAt } : {}),
  };
}

const ONSETS = ['b', 'c', 'd', 'f', 'g', 'h', 'j', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'w', 'z', 'st', 'tr'];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ou', 'ea'];
const CODAS = ['', 'n', 'r', 's', 't', 'l', 'm', 'ck', 'nd', 'st'];

/** A comment of `words` pseudo-words (from ~1,400 syllables) by a seeded generator: unrelated to any other seed. */
export function randomComment(seed: number, words = 20): string {
  let state = Math.imul(seed, 2654435761) + 1;
  const next = (n: number): number => {
    state = (Math.imul(state ^ (state >>> 15), 2246822519) + 0x6d2b79f5) | 0;
    return ((state ^ (state >>> 13)) >>> 0) % n;
  };
  const syllable = (): string => `${ONSETS[next(ONSETS.length)]}${VOWELS[next(VOWELS.length)]}${CODAS[next(CODAS.length)]}`;
  return Array.from({ length: words }, () => Array.from({ length: 1 + next(3) }, syllable).join('')).join(' ');
}
