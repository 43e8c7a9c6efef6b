import { EventEmitter, once } from 'node:events';
import { Agent, request, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { expect } from 'chai';
import { closeServer, listen, openRequests } from '../src/http/server.js';

/**
 * A server whose `/slow` answers wait for `release()`: `/slow` answers at once with its body, `/streamed` sends its
 * headers and first part at once and the rest on release, `/fast` answers at once. `arrived(n)` resolves once n
 * requests have reached the app.
 */
function gatedApp() {
  const arrivals = new EventEmitter();
  const released = new EventEmitter();
  let count = 0;
  let open = true;
  const whenReleased = (then: () => void): void => {
    if (open) released.once('release', then);
    else then();
  };
  const handler: RequestListener = (req, res) => {
    count += 1;
    arrivals.emit('arrival');
    if (req.url === '/slow') whenReleased(() => res.end('slow'));
    else if (req.url === '/streamed') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('first;');
      whenReleased(() => res.end('rest'));
    } else res.end('fast');
  };
  return {
    handler,
    arrived: async (n: number): Promise<void> => {
      while (count < n) await once(arrivals, 'arrival');
    },
    release: (): void => {
      open = false;
      released.emit('release');
    },
  };
}

interface Answer {
  status: number;
  connection: string | undefined;
  body: string;
  socket: Socket;
}

function get(agent: Agent, port: number, path: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent }, (res: IncomingMessage) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body, socket: req.socket! }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function connectionError(port: number): Promise<string | undefined> {
  const socket = connect(port, '127.0.0.1');
  const [error] = (await Promise.race([once(socket, 'error'), once(socket, 'connect').then(() => [undefined])])) as [NodeJS.ErrnoException | undefined];
  socket.destroy();
  return error?.code;
}

/** Each answer's status line and Connection header, from a raw HTTP/1.1 byte stream. */
function answersIn(raw: string): Array<{ status: string; connection: string | undefined }> {
  return [...raw.matchAll(/HTTP\/1\.1 (\d{3})[^\r]*\r\n([\s\S]*?)\r\n\r\n/g)].map(([, status, headers]) => ({
    status: status!,
    connection: /^connection: *(.*)$/im.exec(headers!)?.[1],
  }));
}

describe('closeServer with keep-alive clients', () => {
  const agents: Agent[] = [];
  let server: Server | undefined;
  let app: ReturnType<typeof gatedApp>;

  async function start(): Promise<number> {
    app = gatedApp();
    const started = await listen(app.handler, 0, '127.0.0.1');
    server = started.server;
    return started.port;
  }

  function keepAliveAgent(): Agent {
    const agent = new Agent({ keepAlive: true });
    agents.push(agent);
    return agent;
  }

  afterEach(async () => {
    app.release();
    if (server?.listening) await closeServer(server);
    server = undefined;
    for (const agent of agents.splice(0)) agent.destroy();
  });

  it('closes idle sockets, refuses new connections, answers requests under way with Connection: close, then resolves', async () => {
    const port = await start();
    const idle = await get(keepAliveAgent(), port, '/fast');
    expect(idle.connection).to.equal('keep-alive');
    const idleClosed = once(idle.socket, 'close');
    const busy = keepAliveAgent();
    const underWay = [get(busy, port, '/slow'), get(busy, port, '/slow')];
    await app.arrived(3);

    const closing = closeServer(server!);
    await idleClosed;
    expect(await connectionError(port)).to.equal('ECONNREFUSED');
    expect(openRequests().filter((open) => open.url === '/slow')).to.have.length(2);

    app.release();
    const answers = await Promise.all(underWay);
    expect(answers.map(({ status, connection, body }) => ({ status, connection, body }))).to.deep.equal([
      { status: 200, connection: 'close', body: 'slow' },
      { status: 200, connection: 'close', body: 'slow' },
    ]);
    // Resolving at all proves it: the keep-alive sockets are closed by the server, not left to their 65 s timeout.
    await closing;
    expect(server!.listening).to.equal(false);
    expect(openRequests().filter((open) => open.url === '/slow')).to.deep.equal([]);
  });

  it('answers a request that arrives on a busy connection during the drain, with Connection: close', async () => {
    const port = await start();
    const socket = connect(port, '127.0.0.1');
    await once(socket, 'connect');
    let raw = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => (raw += chunk));
    const closedByServer = once(socket, 'end');
    socket.write('GET /slow HTTP/1.1\r\nHost: test\r\n\r\n');
    await app.arrived(1);

    const closing = closeServer(server!);
    socket.write('GET /fast HTTP/1.1\r\nHost: test\r\n\r\n');
    await app.arrived(2);
    app.release();
    await closedByServer;
    await closing;
    socket.destroy();

    // The first answer keeps the connection for the second (HTTP/1.1 persists by default); the second closes it.
    expect(answersIn(raw)).to.deep.equal([
      { status: '200', connection: undefined },
      { status: '200', connection: 'close' },
    ]);
    expect(raw).to.contain('slow').and.to.contain('fast');
  });

  it('ends a connection after an answer whose headers went out, saying keep-alive, before the drain began', async () => {
    const port = await start();
    const underWay = get(keepAliveAgent(), port, '/streamed');
    await app.arrived(1);

    // No idle sweep within the test's time: only the drain can end this connection.
    const closing = closeServer(server!, { idleSweepMs: 600_000 });
    app.release();
    const answer = await underWay;
    expect(answer).to.deep.include({ status: 200, connection: 'keep-alive', body: 'first;rest' });
    // Resolving proves the server ended that keep-alive connection itself.
    await closing;
  });
});
