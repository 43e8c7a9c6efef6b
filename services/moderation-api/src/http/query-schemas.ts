import { externalId } from '@moderato/contracts';
import { GROUPED_STATS_SORTS, MAX_GROUPED_STATS_LIMIT, MAX_REVIEW_PAGE_SIZE, REVIEW_FLAG_KINDS, REVIEW_QUEUE_SORTS, STATS_EXCLUDABLE_FLAGS, STATS_INTERVALS } from '@moderato/storage';
import { z } from 'zod';

// Express's "simple" query parser yields a string, or an array of strings for a repeated parameter. `?a[$ne]=x` stays the
// key "a[$ne]", which the strict objects below reject as unknown; an array where a string is expected is rejected too.

/** An ISO 8601 date-time with a zone, or a plain date (midnight UTC). */
export const instant = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()], { error: 'must be an ISO 8601 date-time with a zone (2025-10-25T09:30:00Z) or a date (2025-10-25)' })
  .transform((value) => new Date(value))
  .refine((date) => !Number.isNaN(date.getTime()), 'is not a valid date');

/** Repeatable (`flag=spam&flag=toxic`) or comma-separated (`flag=spam,toxic`); items with ANY of the flags match. */
const flagList = z
  .union([z.string(), z.array(z.string())], { error: 'must be one or more flag kinds' })
  .transform((value) => [value].flat().flatMap((part) => part.split(',')).map((part) => part.trim()))
  .pipe(z.array(z.enum(REVIEW_FLAG_KINDS, { error: `must be one of ${REVIEW_FLAG_KINDS.join(', ')}` })).min(1).max(REVIEW_FLAG_KINDS.length * 4));

const pageSize = z
  .string()
  .regex(/^\d{1,3}$/, `must be an integer from 1 to ${MAX_REVIEW_PAGE_SIZE}`)
  .transform(Number)
  .pipe(z.number().int().min(1, `must be an integer from 1 to ${MAX_REVIEW_PAGE_SIZE}`).max(MAX_REVIEW_PAGE_SIZE, `must be an integer from 1 to ${MAX_REVIEW_PAGE_SIZE}`));

export const timeRange = <T extends { from?: Date; to?: Date }>(query: T): boolean => !query.from || !query.to || query.from < query.to;
export const RANGE_ERROR = { path: ['to'], message: 'must be later than from' };

export const reviewQueueQuerySchema = z
  .strictObject({
    flag: flagList.optional(),
    articleId: externalId.optional(),
    authorId: externalId.optional(),
    from: instant.optional(),
    to: instant.optional(),
    sort: z.enum(REVIEW_QUEUE_SORTS, { error: `must be one of ${REVIEW_QUEUE_SORTS.join(', ')}` }).default('oldest'),
    limit: pageSize.default(25),
    cursor: z.string().max(2_048).regex(/^[A-Za-z0-9_-]+$/, 'must be a cursor returned by this API').optional(),
    includeClaimed: z
      .enum(['true', 'false'], { error: 'must be true or false' })
      .default('false')
      .transform((value) => value === 'true')
      .meta({ description: 'true: also list items another key has leased (POST /v1/queue/claim); by default they are skipped while the lease runs.' }),
  })
  .refine(timeRange, RANGE_ERROR);

/** Hourly figures cover at most this many days: over all time they would be tens of thousands of rows. */
export const MAX_HOURLY_RANGE_DAYS = 31;
const DAY_MS = 86_400_000;

/** An hourly query names its start, and ends (at `to`, else now) within MAX_HOURLY_RANGE_DAYS of it. */
const hourlyRange = (query: { interval: string; from?: Date; to?: Date }): boolean =>
  query.interval !== 'hour' || (query.from !== undefined && (query.to ?? new Date()).getTime() - query.from.getTime() <= MAX_HOURLY_RANGE_DAYS * DAY_MS);

/** `include=spam,duplicate` (or repeated): count comments with these flags, which the figures otherwise leave out. */
export const includeFlags = z
  .union([z.string(), z.array(z.string())], { error: `must be one or more of ${STATS_EXCLUDABLE_FLAGS.join(', ')}` })
  .transform((value) => [...new Set([value].flat().flatMap((part) => part.split(',')).map((part) => part.trim()))])
  .pipe(z.array(z.enum(STATS_EXCLUDABLE_FLAGS, { error: `must be one or more of ${STATS_EXCLUDABLE_FLAGS.join(', ')}` })).min(1).max(STATS_EXCLUDABLE_FLAGS.length))
  .meta({ description: `Flag kinds to count anyway: by default comments flagged ${STATS_EXCLUDABLE_FLAGS.join(' or ')} (whatever their status) are left out. Repeatable or comma-separated.` });

export const sentimentStatsQuerySchema = z
  .strictObject({
    articleId: externalId.optional(),
    from: instant.optional(),
    to: instant.optional(),
    interval: z.enum(STATS_INTERVALS, { error: `must be one of ${STATS_INTERVALS.join(', ')}` }).default('day'),
    include: includeFlags.optional(),
  })
  .refine(timeRange, RANGE_ERROR)
  .refine(hourlyRange, {
    path: ['from'],
    message: `must be given, and at most ${MAX_HOURLY_RANGE_DAYS} days before to (or before now), when interval is hour; use interval=day for longer ranges`,
  });

/** The range per-article and per-author figures cover when `from` and `to` are not given: the last 7 days. */
export const DEFAULT_GROUPED_RANGE_DAYS = 7;
/** They cover at most this many days. */
export const MAX_GROUPED_RANGE_DAYS = 366;

const groupedLimit = z
  .string()
  .regex(/^\d{1,3}$/, `must be an integer from 1 to ${MAX_GROUPED_STATS_LIMIT}`)
  .transform(Number)
  .pipe(z.number().int().min(1, `must be an integer from 1 to ${MAX_GROUPED_STATS_LIMIT}`).max(MAX_GROUPED_STATS_LIMIT, `must be an integer from 1 to ${MAX_GROUPED_STATS_LIMIT}`));

/** `to` defaults to now and `from` to DEFAULT_GROUPED_RANGE_DAYS before `to`. */
export function withDefaultRange<T extends { from?: Date; to?: Date }>(query: T): T & { from: Date; to: Date } {
  const to = query.to ?? new Date();
  return { ...query, to, from: query.from ?? new Date(to.getTime() - DEFAULT_GROUPED_RANGE_DAYS * DAY_MS) };
}

export const withinGroupedRange = (query: { from: Date; to: Date }): boolean => query.to.getTime() - query.from.getTime() <= MAX_GROUPED_RANGE_DAYS * DAY_MS;

/** GET /v1/stats/articles and /v1/stats/authors. */
export const groupedStatsQuerySchema = z
  .strictObject({
    from: instant.optional().meta({ description: `Inclusive; default ${DEFAULT_GROUPED_RANGE_DAYS} days before \`to\`.` }),
    to: instant.optional().meta({ description: 'Exclusive; default now.' }),
    sort: z
      .enum(GROUPED_STATS_SORTS, { error: `must be one of ${GROUPED_STATS_SORTS.join(', ')}` })
      .default('negative')
      .meta({ description: 'negative: highest share of negative comments first; positive: highest share positive first (ties: more comments first); comments: most comments first.' }),
    limit: groupedLimit.default(20).meta({ description: `How many rows, 1 to ${MAX_GROUPED_STATS_LIMIT}; default 20.` }),
    include: includeFlags.optional(),
  })
  .refine(timeRange, RANGE_ERROR)
  .transform(withDefaultRange)
  .refine(withinGroupedRange, { path: ['from'], message: `must be at most ${MAX_GROUPED_RANGE_DAYS} days before to (or before now)` });

export const commentParamsSchema = z.strictObject({ id: externalId });

const decisionAction = z.enum(['approve', 'reject'], { error: 'must be "approve" or "reject"' });
const decisionReason = z.string().trim().min(1, 'must not be empty').max(1_000, 'must be at most 1,000 characters');

/** The body of POST /v1/comments/:id/decision, and of PUT (a change of the decision). */
export const decisionBodySchema = z.strictObject({
  action: decisionAction,
  reason: decisionReason.optional(),
});

/** How many comments one POST /v1/decisions decides at most: each is its own write, so a call stays short. */
export const MAX_BULK_DECISIONS = 100;

/** Ids a list holds more than once, so a 400 can name them. */
function repeatedIds(ids: readonly string[]): string[] {
  const seen = new Set<string>();
  return [...new Set(ids.filter((id) => seen.has(id) || !seen.add(id)))];
}

export const bulkDecisionBodySchema = z.strictObject({
  commentIds: z
    .array(externalId, { error: 'must be a list of comment ids' })
    .min(1, 'must hold at least one comment id')
    .max(MAX_BULK_DECISIONS, `must hold at most ${MAX_BULK_DECISIONS} comment ids`)
    .superRefine((ids, context) => {
      const repeated = repeatedIds(ids);
      if (repeated.length > 0) context.addIssue({ code: 'custom', message: `must not repeat an id: ${repeated.slice(0, 5).map((id) => JSON.stringify(id)).join(', ')}` });
    }),
  action: decisionAction,
  reason: decisionReason.optional(),
});

const DECIDED_AT_ERROR = 'must be the decidedAt of the decision you saw, as an ETag: "2025-10-25T09:30:00.000Z"';

/**
 * `If-Match` on PUT and DELETE /v1/comments/:id/decision: the `decidedAt` of the decision the caller saw (quoted, or
 * bare), so a revision never applies to a decision someone else made since.
 */
export const decisionIfMatchSchema = z
  .string({ error: DECIDED_AT_ERROR })
  .trim()
  .transform((value) => value.replace(/^"(.*)"$/, '$1'))
  .pipe(z.iso.datetime({ offset: true, error: DECIDED_AT_ERROR }))
  .transform((value) => new Date(value));

export const failedJobsQuerySchema = z.strictObject({
  limit: z
    .string()
    .regex(/^\d{1,3}$/, 'must be an integer from 1 to 200')
    .transform(Number)
    .pipe(z.number().int().min(1, 'must be an integer from 1 to 200').max(200, 'must be an integer from 1 to 200'))
    .default(50),
});

/** BullMQ job ids: ours are `c_<hash>`; BullMQ's own are decimal. */
export const jobParamsSchema = z.strictObject({ jobId: z.string().regex(/^[A-Za-z0-9_:-]{1,128}$/, 'is not a job id') });
