const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * Wait before the next attempt after the n-th failed one (index n - 1), Svix-like: 5 s, 5 min, 30 min, 2 h, 5 h,
 * 10 h, 10 h. The schedule deliberately spans more than 24 hours (about 27.6 h over 8 attempts), so an endpoint
 * that is down for a whole day, e.g. over a weekend deploy freeze, still receives its events.
 */
export const DELIVERY_SCHEDULE_MS: readonly number[] = [
  5 * SECOND,
  5 * MINUTE,
  30 * MINUTE,
  2 * HOUR,
  5 * HOUR,
  10 * HOUR,
  10 * HOUR,
];

/** The first try plus one retry per schedule step. */
export const DELIVERY_ATTEMPTS = DELIVERY_SCHEDULE_MS.length + 1;

/** Spread of each wait, so endpoints that failed together are not retried in lockstep. */
const JITTER = 0.1;

/**
 * Milliseconds to wait after the attemptsMade-th failed attempt (1-based); past the table the last step repeats.
 * `schedule` replaces the production table (tests, and deployments that want another one).
 */
export function deliveryBackoffMs(attemptsMade: number, schedule: readonly number[] = DELIVERY_SCHEDULE_MS, random: () => number = Math.random): number {
  if (schedule.length === 0) throw new RangeError('a retry schedule needs at least one step');
  const index = Math.min(Math.max(Math.floor(attemptsMade) || 1, 1), schedule.length) - 1;
  const step = schedule[index]!;
  return Math.round(step * (1 + JITTER * (2 * random() - 1)));
}
