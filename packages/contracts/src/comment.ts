import { z } from 'zod';

/**
 * A lone surrogate (half of a UTF-16 pair, as a JSON `\\ud800` escape can carry) has no UTF-8 form: Redis, MongoDB and
 * hashing would each turn it into U+FFFD, so two different ids would become one. Such text is refused, not repaired.
 */
const LONE_SURROGATE = /\p{Cs}/u;

/** A string that is well-formed Unicode (String.prototype.isWellFormed), with the message every field shares. */
export function unicodeString(): z.ZodString {
  return z.string().refine((text) => !LONE_SURROGATE.test(text), 'must be well-formed Unicode (it holds a lone surrogate)');
}

/** Text that is only control, format or space characters reads as nothing to a moderator. */
const NOTHING_VISIBLE = /^[\p{Cc}\p{Cf}\p{Z}\s]*$/u;

/** Ids are the publisher's own: opaque strings, but bounded and free of control characters. */
export const externalId = unicodeString()
  .min(1, 'must not be empty')
  .max(256, 'must be at most 256 characters')
  .refine((id) => !hasControlCharacter(id), 'must not contain control characters');

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

export const MAX_TEXT_LENGTH = 10_000;
export const MAX_BATCH_SIZE = 500;

export const articleRefSchema = z.strictObject({
  id: externalId,
  url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2048).optional(),
  title: unicodeString().max(1_000).optional(),
});

export const authorSchema = z.strictObject({
  id: externalId,
  name: unicodeString().max(256).optional(),
});

/** One reader comment as a publisher sends it. Unknown fields are rejected so typos never pass silently. */
export const incomingCommentSchema = z.strictObject({
  id: externalId,
  article: articleRefSchema,
  author: authorSchema,
  text: unicodeString()
    .transform((text) => text.trim())
    .pipe(
      z.string()
        .min(1, 'must not be empty after trimming')
        .max(MAX_TEXT_LENGTH, `must be at most ${MAX_TEXT_LENGTH} characters after trimming`)
        .refine((text) => !NOTHING_VISIBLE.test(text), 'must contain visible characters, not only control or invisible ones'),
    ),
  createdAt: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time with a time zone, e.g. 2025-10-25T09:30:00Z' }),
  parentId: externalId.optional(),
  language: z
    .string()
    .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a BCP 47 language tag such as en or pt-BR')
    .optional(),
  ip: z.union([z.ipv4(), z.ipv6()], { error: 'must be an IPv4 or IPv6 address' }).optional(),
  userAgent: unicodeString().max(1_000).optional(),
});

export type IncomingComment = z.output<typeof incomingCommentSchema>;

export const articleUpsertSchema = z.strictObject({
  title: unicodeString().trim().min(1, 'must not be empty').max(1_000),
  body: unicodeString().max(200_000, 'must be at most 200,000 characters'),
  url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2048).optional(),
});

export type ArticleUpsert = z.output<typeof articleUpsertSchema>;
