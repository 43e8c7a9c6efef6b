/**
 * Fair queueing between publishers. All comments share one BullMQ queue, and BullMQ takes jobs without a priority
 * (its wait list, FIFO) before prioritized ones (lowest number first, FIFO within a number). So a publisher's comments
 * beyond its fair share are given a priority that grows with its volume: a flood then waits behind every quieter
 * publisher's comments instead of in front of them, and is still taken whenever nothing quieter waits, so no one
 * starves. Without a backlog the order changes nothing, as every job is taken at once. The delivery script sets each
 * comment's priority (COMMENT_PRIORITY in scripts.ts), in Redis, where the publisher's volume is kept.
 */

/** The volume's time constant: a publisher's volume is about the comments it sent in the last minute. */
export const VOLUME_WINDOW_MS = 60_000;

/**
 * Comments a minute a publisher may send before its comments queue behind quieter publishers'. Low, because it is
 * also the burst a publisher that was silent gets in plain jobs, ahead of everyone arriving after it; above it the
 * log2 steps still order publishers by volume, so a low share costs a moderately busy publisher nothing but its
 * place behind quieter ones while a backlog lasts.
 */
export const DEFAULT_FAIR_COMMENTS_PER_MINUTE = 60;

/** BullMQ's largest priority (PRIORITY_LIMIT). */
export const MAX_PRIORITY = 2 ** 21;
