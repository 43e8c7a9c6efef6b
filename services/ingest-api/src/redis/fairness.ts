/**
 * Fair queueing between publishers. All comments share one BullMQ queue, and BullMQ takes jobs without a priority
 * (its wait list, FIFO) before prioritized ones (lowest number first, FIFO within a number). So a publisher's comments
 * beyond its fair share are given a priority that grows with its volume: a flood then waits behind every quieter
 * publisher's comments instead of in front of them, and is still taken whenever nothing quieter waits, so no one
 * starves. Without a backlog the order changes nothing, as every job is taken at once.
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

/**
 * The queue priority of a comment that brings its publisher's volume to `volume`: none (0) up to `fairShare`, then
 * 1 + log2(volume / fairShare), so each doubling of a flood queues it one step further back. `fairShare` 0 turns
 * fairness off.
 */
export function commentPriority(volume: number, fairShare: number): number {
  if (fairShare <= 0 || volume <= fairShare) return 0;
  return Math.min(MAX_PRIORITY, 1 + Math.floor(Math.log2(volume / fairShare)));
}

/**
 * The priorities of a delivery's fresh comments, in order, given the publisher's volume before them: each comment
 * counts, so a batch that crosses the fair share has its first comments plain and the rest prioritized.
 */
export function deliveryPriorities(volumeBefore: number, count: number, fairShare: number): number[] {
  return Array.from({ length: count }, (_, i) => commentPriority(volumeBefore + i + 1, fairShare));
}
