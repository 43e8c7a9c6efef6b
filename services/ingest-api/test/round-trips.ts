import type { Redis } from 'ioredis';

/**
 * Counts the Redis round trips made on one ioredis connection, by counting the writes to its socket: ioredis writes
 * each command it sends alone, and each pipeline or MULTI whole, in one write, and a request that waits for a reply
 * before its next command needs a write per wait. (Two commands sent without waiting in between would count twice,
 * so the count never understates.) Reconnecting replaces the socket; the tests that use this do not reconnect.
 */
export function countRoundTrips(redis: Redis): { readonly count: number; reset(): void; stop(): void } {
  const socket = redis.stream;
  const original = socket.write;
  let count = 0;
  socket.write = function write(this: typeof socket, ...args: Parameters<typeof original>) {
    count += 1;
    return original.apply(this, args);
  } as typeof original;
  return {
    get count() {
      return count;
    },
    reset: () => {
      count = 0;
    },
    stop: () => {
      socket.write = original;
    },
  };
}
