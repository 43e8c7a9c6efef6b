/** A request waiting in a group batcher, settled by the batch that serves it. */
export interface Pending<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

export interface GroupBatcherOptions<T> {
  /** The most a batch weighs in all; a batch always holds at least one request. */
  maxWeight: number;
  /** A request's weight; 1 unless given. */
  weightOf?: (item: T) => number;
}

/**
 * Group commit for any request kind: the first request of an idle batcher goes out at the end of the current turn of
 * the event loop, with any others made in that turn; requests made while a batch is being served go out together in
 * the next. So a lone request waits for nothing, and under load each round trip (and its driver and server overhead)
 * is shared by as many requests as arrived meanwhile. A batch holds requests of at most `maxWeight` in all, in the
 * order they were made. `serve` settles each request of its batch; a batch it fails without settling is failed
 * whole, and the batcher goes on with the next.
 */
export function groupBatcher<T, R>(serve: (batch: Array<Pending<T, R>>) => Promise<void>, options: GroupBatcherOptions<T>): (item: T) => Promise<R> {
  const { maxWeight, weightOf = () => 1 } = options;
  let queued: Array<Pending<T, R>> = [];
  let serving = false;

  const takeBatch = (): Array<Pending<T, R>> => {
    let weight = weightOf(queued[0]!.item);
    let count = 1;
    while (count < queued.length && weight + weightOf(queued[count]!.item) <= maxWeight) weight += weightOf(queued[count++]!.item);
    const batch = queued.slice(0, count);
    queued = queued.slice(count);
    return batch;
  };

  const flush = async (): Promise<void> => {
    serving = true;
    try {
      while (queued.length > 0) {
        const batch = takeBatch();
        // Settling a settled promise changes nothing: only requests `serve` left open get the error.
        await serve(batch).catch((error: unknown) => batch.forEach((pending) => pending.reject(error)));
      }
    } finally {
      serving = false;
    }
  };

  return (item) =>
    new Promise<R>((resolve, reject) => {
      queued.push({ item, resolve, reject });
      if (!serving && queued.length === 1) setImmediate(() => void flush());
    });
}
