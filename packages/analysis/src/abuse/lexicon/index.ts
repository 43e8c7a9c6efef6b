import type { AbuseCategory } from '../../types.js';
import { ALLOW, INSULTS, MILD_PROFANITY, PROFANITY, SLURS, SUFFIXES } from './words.js';

export {
  DIRECTED_INSULT_ANCHORS, DIRECTED_INSULTS, IDENTITY_ATTACK_ANCHORS, IDENTITY_ATTACKS, THREAT_ANCHORS, THREATS,
} from './phrases.js';

export interface LexiconEntry {
  category: AbuseCategory;
  /** How sure a single match makes us that the category is present, in [0, 1]. */
  severity: number;
  /** The listed form it came from (for messages). */
  listed: string;
}

function expand(list: readonly string[]): string[] {
  return list.flatMap((item) => (item.endsWith('+') ? SUFFIXES.map((suffix) => item.slice(0, -1) + suffix) : [item]));
}

function build(): Map<string, LexiconEntry> {
  const words = new Map<string, LexiconEntry>();
  const add = (list: readonly string[], category: AbuseCategory, severity: number): void => {
    for (const form of expand(list)) if (!words.has(form)) words.set(form, { category, severity, listed: form });
  };
  // Order matters: a form listed as a slur stays a slur even if it also looks like an insult.
  add(SLURS, 'identity_attack', 0.9);
  add(PROFANITY, 'profanity', 0.8);
  add(INSULTS, 'insult', 0.7);
  add(MILD_PROFANITY, 'profanity', 0.35);
  for (const allowed of ALLOW) words.delete(allowed);
  return words;
}

export const LEXICON: ReadonlyMap<string, LexiconEntry> = build();
const ALL_FORMS: readonly string[] = [...LEXICON.keys()];
/** Listed forms → their entry, allowed words → null: the answer for a token found here is final. */
export const LISTED_TOKENS: ReadonlyMap<string, LexiconEntry | null> = new Map<string, LexiconEntry | null>([
  ...LEXICON,
  ...ALLOW.map((word) => [word, null] as const),
]);

/** Looks a folded token up: exact form, repeats collapsed ("fuuck"), or masked with asterisks ("f*ck", "sh**"). */
export function lookupToken(token: string): LexiconEntry | undefined {
  const listed = LISTED_TOKENS.get(token);
  return listed !== undefined ? (listed ?? undefined) : lookupVariant(token, hasDoubledLetter(token));
}

/**
 * A token that is not in LISTED_TOKENS: masked, or with doubled letters collapsed. `doubled`: whether two equal
 * characters follow each other in it (callers that scan the token anyway pass what they found).
 */
export function lookupVariant(token: string, doubled: boolean): LexiconEntry | undefined {
  if (token.includes('*')) return lookupMasked(token);
  // Allowed words were taken out of LEXICON, so a collapsed form that is allowed finds nothing here either.
  if (!doubled || !FORM_HASHES.has(collapsedHash(token))) return undefined;
  return LEXICON.get(collapseDoubledLetters(token));
}

/** Hashes of the listed forms: most collapsed tokens are ruled out without building the collapsed string. */
const FORM_HASHES: ReadonlySet<number> = new Set(ALL_FORMS.map((form) => hashChars(form)));

function hashChars(value: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < value.length; i++) h = Math.imul(h ^ value.charCodeAt(i), 16777619);
  return h;
}

/** hashChars(collapseDoubledLetters(token)), without building the string. */
function collapsedHash(token: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < token.length; ) {
    const code = token.charCodeAt(i);
    h = Math.imul(h ^ code, 16777619);
    i += code >= 97 && code <= 122 && token.charCodeAt(i + 1) === code ? 2 : 1;
  }
  return h;
}

function hasDoubledLetter(token: string): boolean {
  for (let i = 1; i < token.length; i++) if (token.charCodeAt(i) === token.charCodeAt(i - 1)) return true;
  return false;
}

/** `token.replace(/([a-z])\1/g, '$1')`: each pair of equal a-z letters, scanning left to right, becomes one. */
function collapseDoubledLetters(token: string): string {
  let out = '';
  let copied = 0;
  for (let i = 0; i + 1 < token.length; ) {
    const code = token.charCodeAt(i);
    if (code >= 97 && code <= 122 && token.charCodeAt(i + 1) === code) {
      out += token.slice(copied, i + 1);
      i += 2;
      copied = i;
    } else i++;
  }
  return copied === 0 ? token : out + token.slice(copied);
}

const maskedCache = new Map<string, LexiconEntry | null>();

function lookupMasked(token: string): LexiconEntry | undefined {
  const cached = maskedCache.get(token);
  if (cached !== undefined) return cached ?? undefined;
  const letters = token.replace(/\*/g, '').length;
  let found: LexiconEntry | undefined;
  // Needs at least two visible letters and one mask; a mask stands for one or more letters.
  if (letters >= 2) {
    const pattern = new RegExp(`^${token.replace(/\*+/g, (run) => `[a-z]{1,${run.length + 1}}`)}$`);
    const form = ALL_FORMS.find((candidate) => candidate.length >= 3 && pattern.test(candidate));
    found = form === undefined ? undefined : LEXICON.get(form);
  }
  if (maskedCache.size < 5_000) maskedCache.set(token, found ?? null);
  return found;
}
