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
  /**
   * How many batches may be out at once; 1 unless given. With 1, requests gather while a batch is out (the largest
   * batches); with more, a batch never waits for an earlier one's answer, and requests gather only within a turn of
   * the event loop, or while that many are out.
   */
  maxInFlight?: number;
}

/**
 * Group commit for any request kind: the first request of an idle batcher goes out at the end of the current turn of
 * the event loop, with any others made in that turn; requests made while `maxInFlight` batches are being served go
 * out together as soon as one of them is done. So a lone request waits for nothing, and under load each round trip
 * (and its driver and server overhead) is shared by as many requests as arrived meanwhile. A batch holds requests of
 * at most `maxWeight` in all, in the order they were made. `serve` settles each request of its batch; a batch it
 * fails without settling is failed whole, and the batcher goes on with the next.
 */
export function groupBatcher<T, R>(serve: (batch: Array<Pending<T, R>>) => Promise<void>, options: GroupBatcherOptions<T>): (item: T) => Promise<R> {
  const { maxWeight, weightOf = () => 1, maxInFlight = 1 } = options;
  let queued: Array<Pending<T, R>> = [];
  let inFlight = 0;
  let scheduled = false;

  const takeBatch = (): Array<Pending<T, R>> => {
    let weight = weightOf(queued[0]!.item);
    let count = 1;
    while (count < queued.length && weight + weightOf(queued[count]!.item) <= maxWeight) weight += weightOf(queued[count++]!.item);
    const batch = queued.slice(0, count);
    queued = queued.slice(count);
    return batch;
  };

  const send = (): void => {
    scheduled = false;
    while (queued.length > 0 && inFlight < maxInFlight) {
      const batch = takeBatch();
      inFlight += 1;
      // Settling a settled promise changes nothing: only requests `serve` left open get the error.
      void serve(batch)
        .catch((error: unknown) => batch.forEach((pending) => pending.reject(error)))
        .finally(() => {
          inFlight -= 1;
          send();
        });
    }
  };

  return (item) =>
    new Promise<R>((resolve, reject) => {
      queued.push({ item, resolve, reject });
      if (inFlight < maxInFlight && !scheduled) {
        scheduled = true;
        setImmediate(send);
      }
    });
}
