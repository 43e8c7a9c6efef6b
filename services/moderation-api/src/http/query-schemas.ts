import { externalId } from '@moderato/contracts';
import { MAX_REVIEW_PAGE_SIZE, REVIEW_FLAG_KINDS, REVIEW_QUEUE_SORTS, STATS_INTERVALS } from '@moderato/storage';
import { z } from 'zod';

// Express's "simple" query parser yields a string, or an array of strings for a repeated parameter. `?a[$ne]=x` stays the
// key "a[$ne]", which the strict objects below reject as unknown; an array where a string is expected is rejected too.

/** An ISO 8601 date-time with a zone, or a plain date (midnight UTC). */
const instant = z
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

const timeRange = <T extends { from?: Date; to?: Date }>(query: T): boolean => !query.from || !query.to || query.from < query.to;
const RANGE_ERROR = { path: ['to'], message: 'must be later than from' };

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
  })
  .refine(timeRange, RANGE_ERROR);

/** Hourly figures cover at most this many days: over all time they would be tens of thousands of rows. */
export const MAX_HOURLY_RANGE_DAYS = 31;
const DAY_MS = 86_400_000;

/** An hourly query names its start, and ends (at `to`, else now) within MAX_HOURLY_RANGE_DAYS of it. */
const hourlyRange = (query: { interval: string; from?: Date; to?: Date }): boolean =>
  query.interval !== 'hour' || (query.from !== undefined && (query.to ?? new Date()).getTime() - query.from.getTime() <= MAX_HOURLY_RANGE_DAYS * DAY_MS);

export const sentimentStatsQuerySchema = z
  .strictObject({
    articleId: externalId.optional(),
    from: instant.optional(),
    to: instant.optional(),
    interval: z.enum(STATS_INTERVALS, { error: `must be one of ${STATS_INTERVALS.join(', ')}` }).default('day'),
  })
  .refine(timeRange, RANGE_ERROR)
  .refine(hourlyRange, {
    path: ['from'],
    message: `must be given, and at most ${MAX_HOURLY_RANGE_DAYS} days before to (or before now), when interval is hour; use interval=day for longer ranges`,
  });

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
