import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { closeAgents, postWebhook, type DeliveryAttemptResult, type EgressPolicy } from '../src/index.js';

const testing: EgressPolicy = { allowPrivateNetworks: true, allowHttp: true };
const publicOnly: EgressPolicy = { allowPrivateNetworks: false, allowHttp: true };

interface ReceivedRequest {
  method: string | undefined;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A real HTTP server on 127.0.0.1 that records what reaches it, connections included. */
interface Receiver {
  url: string;
  requests: ReceivedRequest[];
  connections: number;
  close(): Promise<void>;
}

async function startReceiver(respond: (request: http.IncomingMessage, response: http.ServerResponse) => void): Promise<Receiver> {
  const receiver: Receiver = { url: '', requests: [], connections: 0, close: async () => {} };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      receiver.requests.push({ method: request.method, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      respond(request, response);
    });
  });
  server.on('connection', () => (receiver.connections += 1));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  receiver.close = async () => {
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  };
  return receiver;
}

function post(url: string, overrides: Partial<Parameters<typeof postWebhook>[0]> = {}): Promise<DeliveryAttemptResult> {
  return postWebhook({ url, headers: {}, body: '{}', timeoutMs: 2_000, policy: testing, ...overrides });
}

function expectError(result: DeliveryAttemptResult, code: string): string {
  expect(result.outcome, JSON.stringify(result)).to.equal('error');
  if (result.outcome !== 'error') return '';
  expect(result.code, result.error).to.equal(code);
  return result.error;
}

function expectResponse(result: DeliveryAttemptResult): { status: number; excerpt: string } {
  expect(result.outcome, JSON.stringify(result)).to.equal('response');
  return result.outcome === 'response' ? result : { status: 0, excerpt: '' };
}

describe('postWebhook', () => {
  const receivers: Receiver[] = [];
  async function receiver(respond: Parameters<typeof startReceiver>[0]): Promise<Receiver> {
    const started = await startReceiver(respond);
    receivers.push(started);
    return started;
  }

  after(async () => {
    closeAgents();
    await Promise.all(receivers.map((started) => started.close()));
  });

  it('POSTs the exact body as JSON with our user agent and the caller headers', async () => {
    const target = await receiver((_request, response) => response.writeHead(204).end());
    const body = JSON.stringify({ type: 'comment.flagged', text: 'Grüße 👋' });
    const result = await post(`${target.url}/hooks?x=1`, {
      body,
      headers: { 'webhook-id': 'msg_1', 'Content-Type': 'text/plain', 'User-Agent': 'spoofed' },
    });
    expect(expectResponse(result).status).to.equal(204);
    expect(result.latencyMs).to.be.a('number').and.at.least(0);
    const [received] = target.requests;
    expect(received?.method).to.equal('POST');
    expect(received?.body).to.equal(body);
    expect(received?.headers).to.include({
      'content-type': 'application/json',
      'user-agent': 'Moderato-Webhooks/1.0',
      'content-length': String(Buffer.byteLength(body)),
      'webhook-id': 'msg_1',
    });
  });

  it('reuses the keep-alive connection for the next delivery', async () => {
    const target = await receiver((_request, response) => response.end('ok'));
    expectResponse(await post(target.url));
    expectResponse(await post(target.url));
    expect(target.requests).to.have.length(2);
    expect(target.connections).to.equal(1);
  });

  it('returns the status and a capped excerpt while the receiver streams 1 MB', async () => {
    const target = await receiver((_request, response) => {
      response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(Buffer.alloc(1024 * 1024, 'x'));
    });
    const { status, excerpt } = expectResponse(await post(target.url, { maxExcerptBytes: 100 }));
    expect(status).to.equal(500);
    expect(excerpt).to.equal('x'.repeat(100));
  });

  it('keeps 1024 bytes by default and never cuts a UTF-8 character in half', async () => {
    const target = await receiver((_request, response) => response.end('é'.repeat(5_000)));
    expect(expectResponse(await post(target.url)).excerpt).to.equal('é'.repeat(512));
    expect(expectResponse(await post(target.url, { maxExcerptBytes: 101 })).excerpt).to.equal('é'.repeat(50));
  });

  it('returns a short body whole', async () => {
    const target = await receiver((_request, response) => response.end('{"received":true}'));
    expect(expectResponse(await post(target.url)).excerpt).to.equal('{"received":true}');
  });

  it('returns a 302 as it is, without following it', async () => {
    const elsewhere = await receiver((_request, response) => response.end('followed'));
    const target = await receiver((_request, response) => response.writeHead(302, { location: `${elsewhere.url}/` }).end());
    expect(expectResponse(await post(target.url)).status).to.equal(302);
    expect(elsewhere.connections).to.equal(0);
  });

  it('times out against a receiver that never answers', async () => {
    const target = await receiver(() => {});
    const result = await post(target.url, { timeoutMs: 300 });
    expectError(result, 'timeout');
    expect(result.latencyMs).to.be.within(290, 600);
  });

  it('times out when the body stalls after the status line', async () => {
    const target = await receiver((_request, response) => response.writeHead(200).write('partial'));
    const result = await post(target.url, { timeoutMs: 300 });
    expectError(result, 'timeout');
    expect(result.latencyMs).to.be.within(290, 600);
  });

  it('refuses a loopback address at connect time when private networks are not allowed', async () => {
    // Registration may have passed (DNS rebinding); the connection filter still refuses the address.
    const target = await receiver((_request, response) => response.end());
    const error = expectError(await post(target.url, { policy: publicOnly }), 'blocked');
    expect(error).to.include('127.0.0.1').and.to.include('not allowed');
    expect(target.connections).to.equal(0);
  });

  it('refuses a name that resolves to loopback at connect time', async () => {
    const target = await receiver((_request, response) => response.end());
    const port = new URL(target.url).port;
    expectError(await post(`http://localhost:${port}/`, { policy: publicOnly }), 'blocked');
    expect(target.connections).to.equal(0);
  });

  it('refuses http without connecting unless the policy allows it', async () => {
    const target = await receiver((_request, response) => response.end());
    const error = expectError(await post(target.url, { policy: { allowPrivateNetworks: true, allowHttp: false } }), 'invalid_url');
    expect(error).to.equal('the URL must use https');
    expect(target.connections).to.equal(0);
  });

  it('reports a malformed URL as invalid_url', async () => {
    expectError(await post('not a url'), 'invalid_url');
  });

  it('reports a refused connection as a network error', async () => {
    const closed = await startReceiver(() => {});
    await closed.close();
    const error = expectError(await post(closed.url), 'network');
    expect(error).to.include('ECONNREFUSED');
  });
});
