import type { AbuseCategory } from '../../types.js';
import { ALLOW, INSULTS, MILD_PROFANITY, PROFANITY, SLURS, SUFFIXES } from './words.js';

export { DIRECTED_INSULTS, IDENTITY_ATTACKS, THREATS } from './phrases.js';

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
const ALLOWED: ReadonlySet<string> = new Set(ALLOW);
const ALL_FORMS: readonly string[] = [...LEXICON.keys()];
const DOUBLED = /([a-z])\1/g;

/** Looks a folded token up: exact form, repeats collapsed ("fuuck"), or masked with asterisks ("f*ck", "sh**"). */
export function lookupToken(token: string): LexiconEntry | undefined {
  if (ALLOWED.has(token)) return undefined;
  const exact = LEXICON.get(token);
  if (exact) return exact;
  if (token.includes('*')) return lookupMasked(token);
  if (hasDoubledLetter(token)) {
    const single = token.replace(DOUBLED, '$1');
    if (!ALLOWED.has(single)) return LEXICON.get(single);
  }
  return undefined;
}

function hasDoubledLetter(token: string): boolean {
  for (let i = 1; i < token.length; i++) if (token.charCodeAt(i) === token.charCodeAt(i - 1)) return true;
  return false;
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
