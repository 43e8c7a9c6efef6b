/**
 * Where each queue's data lives in Redis. On Redis Cluster a Lua script or MULTI may only touch keys of one hash slot,
 * and BullMQ's scripts touch many keys of a queue at once; so every key of a queue, BullMQ's and ours, carries the
 * queue's name as its hash tag (`{name}`), which puts them in one slot. Different queues (comments, deliveries,
 * re-analysis) land in different slots, so a cluster spreads them over its masters.
 */
export function queueHashTag(queueName: string): string {
  return `{${queueName}}`;
}

/** BullMQ's `prefix` option for a queue, its workers and its events: `{name}` instead of BullMQ's default `bull`. */
export function bullmqPrefix(queueName: string): string {
  return queueHashTag(queueName);
}

/** The options every Queue, Worker and QueueEvents of `queueName` is built with (besides its connection). */
export function queueKeyOptions(queueName: string): { prefix: string } {
  return { prefix: bullmqPrefix(queueName) };
}

/**
 * A key of Moderato's own beside a queue's (ingest dedupe marks, duplicate-detection registry, …), in the queue's slot:
 * `{name}:moderato:<part>:<part>…`.
 */
export function queueKey(queueName: string, ...parts: string[]): string {
  return [queueHashTag(queueName), 'moderato', ...parts].join(':');
}
