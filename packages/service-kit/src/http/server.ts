import { createServer, type RequestListener, type Server } from 'node:http';
import { ConnectionDrain, type OpenRequest } from './connection-drain.js';

export interface CloseOptions {
  /** How often to close connections that fell idle after close() began (e.g. reading a body after its answer). */
  idleSweepMs?: number;
}

/** The drain of every server `listen` started and that has not closed yet, for the shutdown log when time runs out. */
const drains = new Map<Server, ConnectionDrain>();

/** Starts listening and resolves with the bound port (port 0 picks a free one, as tests do). */
export function listen(app: RequestListener, port: number, host = '0.0.0.0'): Promise<{ server: Server; port: number }> {
  const drain = new ConnectionDrain(app);
  const server = createServer(drain.listener);
  server.keepAliveTimeout = 65_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      drains.set(server, drain);
      server.once('close', () => drains.delete(server));
      const address = server.address();
      resolve({ server, port: typeof address === 'object' && address ? address.port : port });
    });
  });
}

/**
 * Stops accepting connections, closes idle keep-alive sockets, answers the requests under way (and any that still
 * arrive on their connections) with `Connection: close`, and resolves once every connection has closed.
 */
export function closeServer(server: Server, { idleSweepMs = 1_000 }: CloseOptions = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    drains.get(server)?.start();
    const sweep = setInterval(() => server.closeIdleConnections(), idleSweepMs);
    sweep.unref();
    server.close((error) => {
      clearInterval(sweep);
      if (error) reject(error);
      else resolve();
    });
  });
}

/** The requests every server started by `listen` is still answering. */
export function openRequests(): OpenRequest[] {
  return [...drains.values()].flatMap((drain) => drain.openRequests());
}
