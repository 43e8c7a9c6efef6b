import { EVENT_TYPES } from '@moderato/contracts';
import { MAX_ATTEMPTS_PAGE_SIZE, MAX_FEED_PAGE_SIZE } from '@moderato/storage';
import { z } from 'zod';

const eventTypes = z
  .array(z.enum(EVENT_TYPES, { error: `must be one of ${EVENT_TYPES.join(', ')}` }))
  .max(EVENT_TYPES.length * 2)
  .transform((types) => [...new Set(types)]);

const endpointUrl = z.string({ error: 'must be the https URL of your receiver' }).min(1).max(2_048, 'must be at most 2,048 characters');
const description = z.string().trim().max(500, 'must be at most 500 characters');

export const createEndpointBodySchema = z.strictObject({
  url: endpointUrl,
  /** Leave out (or empty) for every event type, including ones added later. */
  eventTypes: eventTypes.default([]),
  description: description.optional(),
});

export const updateEndpointBodySchema = z
  .strictObject({
    url: endpointUrl.optional(),
    eventTypes: eventTypes.optional(),
    description: description.nullable().optional(),
    enabled: z.boolean({ error: 'must be true or false' }).optional(),
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), { message: 'must change at least one of url, eventTypes, description, enabled' });

export const rotateSecretBodySchema = z.strictObject({
  /** How long the previous secret still signs deliveries beside the new one. */
  graceHours: z.number({ error: 'must be a number of hours' }).min(0).max(168, 'must be at most 168 (a week)').default(24),
});

export const endpointParamsSchema = z.strictObject({
  id: z.string().regex(/^ep_[A-Za-z0-9_-]{16}$/, 'must be an endpoint id (ep_…) returned by this API'),
});

const integerIn = (min: number, max: number) =>
  z.string().regex(/^\d{1,4}$/, `must be an integer from ${min} to ${max}`).transform(Number).pipe(z.number().int().min(min, `must be an integer from ${min} to ${max}`).max(max, `must be an integer from ${min} to ${max}`));

export const attemptsQuerySchema = z.strictObject({
  limit: integerIn(1, MAX_ATTEMPTS_PAGE_SIZE).default(50),
  eventId: z.string().regex(/^evt_[A-Za-z0-9_-]{27}$/, 'must be an event id (evt_…)').optional(),
  before: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time, e.g. the `at` of the last attempt of the previous page' }).transform((text) => new Date(text)).optional(),
});

/** Repeatable (`types=a&types=b`) or comma-separated (`types=a,b`). */
const typeList = z
  .union([z.string(), z.array(z.string())], { error: 'must be one or more event types' })
  .transform((value) => [value].flat().flatMap((part) => part.split(',')).map((part) => part.trim()))
  .pipe(z.array(z.enum(EVENT_TYPES, { error: `must be one of ${EVENT_TYPES.join(', ')}` })).min(1).max(EVENT_TYPES.length * 2));

export const eventFeedQuerySchema = z.strictObject({
  after: z.string().max(64).regex(/^[A-Za-z0-9_-]+$/, 'must be a cursor returned by this API').optional(),
  types: typeList.optional(),
  limit: integerIn(1, MAX_FEED_PAGE_SIZE).default(100),
});
