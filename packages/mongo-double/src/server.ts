import net from 'node:net';
import type { Document } from 'bson';
import { executeCommand } from './commands/registry.js';
import { CursorRegistry } from './cursors.js';
import { CommandError, ErrorCode } from './errors.js';
import { Store } from './store.js';
import {
  decodeRequest, encodeLegacyReply, encodeMsgReply, HEADER_SIZE, MAX_MESSAGE_SIZE, ProtocolError, type Request,
} from './wire.js';

export interface MongoDoubleServer {
  uri: string;
  host: string;
  port: number;
  /**
   * Stalls the server as a hung mongod does: connections stay open and requests are read, but none is answered until
   * `resume`, which then runs them in order. For tests of deadlines and outages.
   */
  pause(): void;
  resume(): void;
  close(): Promise<void>;
}

export interface MongoDoubleOptions {
  port?: number;
  host?: string;
  /**
   * Delay before each reply is sent (the command itself runs on arrival), as a network and a busy server add: lets
   * tests show races that an in-process double answering at once would hide.
   */
  latencyMs?: number;
}

/** Starts a server that the official driver and mongoose talk to as to a standalone mongod 7.0. */
export async function startMongoDouble(options: MongoDoubleOptions = {}): Promise<MongoDoubleServer> {
  const host = options.host ?? '127.0.0.1';
  const store = new Store();
  const cursors = new CursorRegistry();
  const sockets = new Set<net.Socket>();
  const stall = new Stall();
  let nextConnectionId = 1;

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.setNoDelay(true);
    const connectionId = nextConnectionId++;
    serveConnection(socket, (request) => respond(request, { store, cursors, connectionId }), options.latencyMs ?? 0, stall);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('mongo-double: server has no TCP address');
  const uriHost = host.includes(':') ? `[${host}]` : host;
  return {
    uri: `mongodb://${uriHost}:${address.port}/`,
    host,
    port: address.port,
    pause: () => stall.pause(),
    resume: () => stall.resume(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const socket of sockets) socket.destroy();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** Splits the byte stream into messages; a malformed message ends the connection, as mongod does. */
function serveConnection(socket: net.Socket, handle: (request: Request) => Buffer | undefined, latencyMs: number, stall: Stall): void {
  // Timers of equal delay fire in the order they were set, so delayed replies keep their order on the connection.
  const send = (reply: Buffer): void => {
    if (latencyMs > 0) setTimeout(() => socket.destroyed || socket.write(reply), latencyMs);
    else socket.write(reply);
  };
  let pending: Buffer = Buffer.alloc(0);
  const drain = (): void => {
    while (pending.length >= 4 && !stall.paused) {
      const length = pending.readInt32LE(0);
      if (length < HEADER_SIZE || length > MAX_MESSAGE_SIZE) {
        socket.destroy();
        return;
      }
      if (pending.length < length) return;
      const message = pending.subarray(0, length);
      pending = pending.subarray(length);
      try {
        const reply = handle(decodeRequest(message));
        if (reply) send(reply);
      } catch (error) {
        if (!(error instanceof ProtocolError) && !(error instanceof RangeError) && !(error instanceof Error && error.name === 'BSONError')) throw error;
        socket.destroy();
        return;
      }
    }
  };
  socket.on('data', (chunk: Buffer) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    drain();
  });
  const unsubscribe = stall.onResume(drain);
  socket.on('close', unsubscribe);
  socket.on('error', () => socket.destroy());
}

/** Whether the server is paused, and the connections waiting to go on when it resumes. */
class Stall {
  paused = false;
  readonly #waiting = new Set<() => void>();

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    for (const drain of this.#waiting) drain();
  }

  onResume(drain: () => void): () => void {
    this.#waiting.add(drain);
    return () => this.#waiting.delete(drain);
  }
}

interface ServerState {
  store: Store;
  cursors: CursorRegistry;
  connectionId: number;
}

function respond(request: Request, state: ServerState): Buffer | undefined {
  const { requestId } = request.header;
  switch (request.kind) {
    case 'msg': {
      const reply = runWithDatabase(request.command, request.command.$db, state);
      return request.moreToCome ? undefined : encodeMsgReply(requestId, reply);
    }
    case 'query': {
      const [database, target] = splitNamespace(request.collection);
      if (target !== '$cmd') {
        const error = new CommandError(ErrorCode.ProtocolError, `OP_QUERY is only supported for commands (namespace ${request.collection})`);
        return encodeLegacyReply(requestId, error.toReply());
      }
      const command = unwrapLegacyQuery(request.command);
      return encodeLegacyReply(requestId, runWithDatabase(command, database, state));
    }
    case 'unsupported':
      return encodeMsgReply(requestId, new CommandError(ErrorCode.ProtocolError, request.reason).toReply());
  }
}

function runWithDatabase(command: Document, database: unknown, state: ServerState): Document {
  if (typeof database !== 'string' || database.length === 0) {
    return new CommandError(40571, 'OP_MSG requests require a $db argument').toReply();
  }
  return executeCommand(command, { ...state, database });
}

function splitNamespace(namespace: string): [string, string] {
  const dot = namespace.indexOf('.');
  return dot < 0 ? [namespace, ''] : [namespace.slice(0, dot), namespace.slice(dot + 1)];
}

/** Legacy commands may arrive wrapped as `{ $query: {...}, $readPreference: ... }`. */
function unwrapLegacyQuery(command: Document): Document {
  const inner: unknown = command.$query ?? command.query;
  return inner !== null && typeof inner === 'object' && ('$query' in command || 'query' in command) ? (inner as Document) : command;
}
