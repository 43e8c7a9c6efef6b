import { z } from 'zod';

/** Ids are the publisher's own: opaque strings, but bounded and free of control characters. */
export const externalId = z
  .string()
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
  title: z.string().max(1_000).optional(),
});

export const authorSchema = z.strictObject({
  id: externalId,
  name: z.string().max(256).optional(),
});

/** One reader comment as a publisher sends it. Unknown fields are rejected so typos never pass silently. */
export const incomingCommentSchema = z.strictObject({
  id: externalId,
  article: articleRefSchema,
  author: authorSchema,
  text: z
    .string()
    .transform((text) => text.trim())
    .pipe(z.string().min(1, 'must not be empty after trimming').max(MAX_TEXT_LENGTH, `must be at most ${MAX_TEXT_LENGTH} characters after trimming`)),
  createdAt: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time with a time zone, e.g. 2025-10-25T09:30:00Z' }),
  parentId: externalId.optional(),
  language: z
    .string()
    .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a BCP 47 language tag such as en or pt-BR')
    .optional(),
  ip: z.union([z.ipv4(), z.ipv6()], { error: 'must be an IPv4 or IPv6 address' }).optional(),
  userAgent: z.string().max(1_000).optional(),
});

export type IncomingComment = z.output<typeof incomingCommentSchema>;

export const articleUpsertSchema = z.strictObject({
  title: z.string().trim().min(1, 'must not be empty').max(1_000),
  body: z.string().max(200_000, 'must be at most 200,000 characters'),
  url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2048).optional(),
});

export type ArticleUpsert = z.output<typeof articleUpsertSchema>;
