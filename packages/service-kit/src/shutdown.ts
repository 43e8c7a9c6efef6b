import type { Logger } from 'pino';
import type { OpenRequest } from './http/connection-drain.js';
import { openRequests } from './http/server.js';

/** How many of the requests a timed-out shutdown cuts are named in its log line. */
const CUT_REQUESTS_LOGGED = 20;

/**
 * Runs `stop` once on SIGTERM or SIGINT, then exits. A second signal, or a stop that outlasts
 * `timeoutMs`, exits at once so an orchestrator is never left waiting.
 */
export function onShutdownSignal(logger: Logger, stop: () => Promise<void>, timeoutMs = 30_000): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn({ signal, ...requestsCut() }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error({ timeoutMs, ...requestsCut() }, 'shutdown timed out: exiting with requests unanswered');
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    stop().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', handler);
  process.once('SIGINT', handler);
}

/** What exiting now cuts: the requests still being answered, the oldest named. */
function requestsCut(): { cutRequests: number; requests: OpenRequest[] } {
  const open = openRequests().sort((a, b) => b.ageMs - a.ageMs);
  return { cutRequests: open.length, requests: open.slice(0, CUT_REQUESTS_LOGGED) };
}
