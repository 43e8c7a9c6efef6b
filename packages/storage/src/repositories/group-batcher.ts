/** A request waiting in a group batcher, settled by the batch that serves it. */
export interface Pending<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for any request kind: the first request of an idle batcher goes out at the end of the current turn of
 * the event loop, with any others made in that turn; requests made while a batch is being served go out together in
 * the next. So a lone request waits for nothing, and under load each round trip (and its driver and server overhead)
 * is shared by as many requests as arrived meanwhile. `serve` settles each request of its batch; a batch it fails
 * without settling is failed whole, and the batcher goes on with the next.
 */
export function groupBatcher<T, R>(serve: (batch: Array<Pending<T, R>>) => Promise<void>, maxPerBatch: number): (item: T) => Promise<R> {
  let queued: Array<Pending<T, R>> = [];
  let serving = false;

  const flush = async (): Promise<void> => {
    serving = true;
    try {
      while (queued.length > 0) {
        const batch = queued.slice(0, maxPerBatch);
        queued = queued.slice(batch.length);
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
