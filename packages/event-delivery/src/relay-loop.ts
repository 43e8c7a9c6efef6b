import { relayPendingEvents, type RelayDependencies, type RelayResult } from './relay.js';

export interface RelayLoop {
  /** Sweep now (events were just recorded); a kick during a sweep makes one more sweep follow it. */
  kick(): void;
  /** Stops sweeping and waits for a sweep under way. */
  stop(): Promise<void>;
}

export interface RelayLoopOptions {
  /** The sweep that catches what no kick announced (a writer that died before it could): every this many ms. */
  intervalMs: number;
  onSweep?: (result: RelayResult) => void;
  onError?: (error: unknown) => void;
}

/** Runs the relay one sweep at a time: at every interval, on kicks, and again at once while sweeps find a full batch. */
export function startRelayLoop(deps: RelayDependencies, options: RelayLoopOptions): RelayLoop {
  const batchSize = deps.batchSize ?? 200;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;

  const sweepUntilDrained = async (): Promise<void> => {
    do {
      again = false;
      try {
        const result = await relayPendingEvents({ ...deps, batchSize });
        options.onSweep?.(result);
        // A full batch means more may be waiting: go on without waiting for a kick or the interval.
        if (result.comments >= batchSize) again = true;
      } catch (error) {
        options.onError?.(error);
      }
    } while (again && !stopped);
  };

  const kick = (): void => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = sweepUntilDrained().finally(() => {
      running = null;
    });
  };

  const timer = setInterval(kick, options.intervalMs);
  timer.unref();
  kick();
  return {
    kick,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
