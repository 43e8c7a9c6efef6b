import type { Server } from 'node:http';
import type { Express } from 'express';

/** Starts listening and resolves with the bound port (port 0 picks a free one, as tests do). */
export function listen(app: Express, port: number, host = '0.0.0.0'): Promise<{ server: Server; port: number }> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error?: Error) => {
      if (error) return reject(error);
      const address = server.address();
      resolve({ server, port: typeof address === 'object' && address ? address.port : port });
    });
    server.keepAliveTimeout = 65_000;
  });
}

/** Stops accepting connections and waits for in-flight requests, closing idle keep-alive sockets. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeIdleConnections();
  });
}
