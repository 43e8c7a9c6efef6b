import { z } from 'zod';
import { externalId } from './comment.js';

/**
 * A publisher's policy overrides as clients send them (PUT /v1/policy, `moderato policy set`): every field
 * optional, unknown fields refused, lists deduplicated. What is left out keeps Moderato's default.
 */

export const MAX_POLICY_TERMS = 1_000;
export const MAX_TERM_LENGTH = 100;
export const MAX_BLOCKED_DOMAINS = 1_000;
/** Per list (trusted, banned) and for the pre-moderated articles. */
export const MAX_POLICY_IDS = 10_000;
/** A day: the longest a publisher may let moderators undo or change a decision. */
export const MAX_UNDO_WINDOW_MINUTES = 1_440;
/** Ten years: the longest a publisher may keep audit log entries (the shortest is a day). */
export const MAX_AUDIT_RETENTION_DAYS = 3_650;
export const BANNED_AUTHOR_ACTIONS = ['reject', 'hold'] as const;
export const AUTHOR_STANDINGS = ['trusted', 'banned', 'none'] as const;

const unique = <T>(items: T[]): T[] => [...new Set(items)];

const level = z
  .number({ error: 'must be a number from 0 to 1' })
  .min(0, 'must be a number from 0 to 1')
  .max(1, 'must be a number from 0 to 1');

const threshold = z
  .strictObject({ flag: level.optional(), reject: level.optional() })
  .refine((t) => t.flag === undefined || t.reject === undefined || t.reject >= t.flag, { path: ['reject'], message: 'must be at least flag' });

const sentimentLevel = z
  .number({ error: 'must be a number from -1 to 1' })
  .min(-1, 'must be a number from -1 to 1')
  .max(1, 'must be a number from -1 to 1');

/** A word or phrase; it must hold a letter or digit, since terms are matched as words. */
const term = z
  .string({ error: 'must be a string' })
  .trim()
  .min(1, 'must not be empty')
  .max(MAX_TERM_LENGTH, `must be at most ${MAX_TERM_LENGTH} characters`)
  .refine((value) => !/\p{Cc}/u.test(value), 'must not contain control characters')
  .refine((value) => /[\p{L}\p{N}]/u.test(value), 'must contain a letter or digit');

const termList = z
  .array(term, { error: 'must be a list of words or phrases' })
  .max(MAX_POLICY_TERMS, `must hold at most ${MAX_POLICY_TERMS.toLocaleString('en-US')} terms`)
  .transform(unique);

/** Labels of letters, digits and inner hyphens, a dot between them, ending in a top-level label that starts with a letter. */
const HOSTNAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

const hostname = z
  .string({ error: 'must be a string' })
  .trim()
  .toLowerCase()
  .regex(HOSTNAME, 'must be a domain name such as spam.example (international names in their xn-- form)');

const idList = (what: string) => z
  .array(externalId, { error: `must be a list of ${what}` })
  .max(MAX_POLICY_IDS, `must hold at most ${MAX_POLICY_IDS.toLocaleString('en-US')} ${what}`)
  .transform(unique);

const authors = z
  .strictObject({
    trusted: idList('author ids').optional(),
    banned: idList('author ids').optional(),
    bannedAction: z.enum(BANNED_AUTHOR_ACTIONS, { error: `must be one of ${BANNED_AUTHOR_ACTIONS.join(', ')}` }).optional(),
  })
  .superRefine((value, context) => {
    const trusted = new Set(value.trusted ?? []);
    const both = (value.banned ?? []).filter((id) => trusted.has(id));
    if (both.length > 0) {
      context.addIssue({ code: 'custom', path: ['banned'], message: `an author is trusted or banned, not both: ${both.slice(0, 5).map((id) => JSON.stringify(id)).join(', ')}` });
    }
  });

export const policyOverridesSchema = z.strictObject({
  spam: threshold.optional(),
  duplicate: threshold.optional(),
  toxic: threshold.optional(),
  negative: z.strictObject({ flag: sentimentLevel.optional(), hold: z.boolean({ error: 'must be true or false' }).optional() }).optional(),
  blockedDomains: z
    .array(hostname, { error: 'must be a list of domain names' })
    .max(MAX_BLOCKED_DOMAINS, `must hold at most ${MAX_BLOCKED_DOMAINS.toLocaleString('en-US')} domains`)
    .transform(unique)
    .optional(),
  bannedTerms: termList.optional(),
  suspectTerms: termList.optional(),
  preModeration: z
    .strictObject({ all: z.boolean({ error: 'must be true or false' }).optional(), articleIds: idList('article ids').optional() })
    .optional(),
  authors: authors.optional(),
  decisions: z.strictObject({ undoWindowMinutes: wholeNumber('minutes', 0, MAX_UNDO_WINDOW_MINUTES).optional() }).optional(),
  audit: z.strictObject({ retentionDays: wholeNumber('days', 1, MAX_AUDIT_RETENTION_DAYS).optional() }).optional(),
  learning: z.strictObject({ fromDecisions: z.boolean({ error: 'must be true or false' }).optional() }).optional(),
});

/** A whole number of `unit` in [min, max], every refusal saying so in the same words. */
function wholeNumber(unit: string, min: number, max: number) {
  const message = `must be a whole number of ${unit} from ${min} to ${max}`;
  return z.number({ error: message }).int(message).min(min, message).max(max, message);
}

export type PolicyOverridesInput = z.output<typeof policyOverridesSchema>;

/** The body of PUT /v1/policy. */
export const policyUpdateBodySchema = z.strictObject({ policy: policyOverridesSchema });

export const authorStandingSchema = z.enum(AUTHOR_STANDINGS, { error: `must be one of ${AUTHOR_STANDINGS.join(', ')}` });

/** The body of PUT /v1/authors/:authorId/standing. */
export const authorStandingBodySchema = z.strictObject({
  standing: authorStandingSchema,
  reason: z.string().trim().min(1, 'must not be empty').max(1_000, 'must be at most 1,000 characters').optional(),
});
