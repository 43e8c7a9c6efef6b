import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** A request the server is still answering, as a shutdown cut short names it. */
export interface OpenRequest {
  method: string;
  url: string;
  ageMs: number;
}

interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  startedAt: number;
  /**
   * How this exchange ends its connection once draining: by the `Connection: close` header it will carry, or by
   * ending the socket after it is sent (when its headers went out before the drain began, saying keep-alive).
   */
  closes?: 'by-header' | 'after-finish';
}

/**
 * Lets a closing HTTP server finish although its clients keep connections alive. Node's `server.close()` stops
 * accepting and closes idle connections, but answers requests under way with `Connection: keep-alive` and goes on
 * serving whatever the client sends next on those connections, so a busy keep-alive client holds the server open
 * until the shutdown deadline cuts its requests.
 *
 * Once draining, the last exchange on each connection closes it. A request that still arrives on a connection (sent
 * behind one under way) takes that role over, so it is answered too; only a request behind an answer already sent
 * with `Connection: close` is not handed to the app, as it could not be answered: nothing is done for it.
 */
export class ConnectionDrain {
  /** The exchanges under way on each open connection, in the order their answers will be written. */
  private readonly exchanges = new Map<Socket, Exchange[]>();
  private draining = false;

  constructor(private readonly handle: RequestListener) {}

  /** The server's request listener: the app's, with the bookkeeping the drain needs around it. */
  readonly listener: RequestListener = (req, res) => {
    if (this.draining && !this.handOver(req.socket)) return;
    const exchange: Exchange = { req, res, startedAt: Date.now() };
    this.track(exchange);
    if (this.draining) this.closeAfter(exchange);
    this.handle(req, res);
  };

  /** From now on every connection closes after its last answer. */
  start(): void {
    this.draining = true;
    for (const onSocket of this.exchanges.values()) {
      const last = onSocket.at(-1);
      if (last && !last.closes) this.closeAfter(last);
    }
  }

  openRequests(now = Date.now()): OpenRequest[] {
    return [...this.exchanges.values()].flat().map(({ req, startedAt }) => ({ method: req.method ?? '', url: req.url ?? '', ageMs: now - startedAt }));
  }

  private track(exchange: Exchange): void {
    const socket = exchange.req.socket;
    let onSocket = this.exchanges.get(socket);
    if (!onSocket) {
      onSocket = [];
      this.exchanges.set(socket, onSocket);
      socket.once('close', () => this.exchanges.delete(socket));
    }
    onSocket.push(exchange);
    const settle = (): void => {
      const index = onSocket.indexOf(exchange);
      if (index >= 0) onSocket.splice(index, 1);
    };
    exchange.res.once('close', settle);
    exchange.res.once('finish', () => {
      settle();
      // Node has written the answer to the socket by now; end sends it before the FIN.
      if (exchange.closes === 'after-finish') socket.end(() => socket.destroy());
    });
  }

  private closeAfter(exchange: Exchange): void {
    if (exchange.res.headersSent) {
      exchange.closes = 'after-finish';
    } else {
      exchange.res.setHeader('connection', 'close');
      exchange.closes = 'by-header';
    }
  }

  /** Whether a request arriving on `socket` while draining can be answered; if so, the close moves onto it. */
  private handOver(socket: Socket): boolean {
    if (!socket.writable) return false;
    const previous = this.exchanges.get(socket)?.at(-1);
    if (!previous) return true;
    // Node closes the connection after that answer whatever we do (the client asked to, or it went out saying so).
    if (!previous.res.shouldKeepAlive || (previous.closes === 'by-header' && previous.res.headersSent)) return false;
    if (previous.closes === 'by-header') previous.res.removeHeader('connection');
    previous.closes = undefined;
    return true;
  }
}
