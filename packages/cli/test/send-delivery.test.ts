import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { generateWebhookSecret, verifyWebhook } from '@moderato/webhooks';
import { deliverBatch, type IngestTarget, type RetryNotice } from '../src/send/delivery.js';
import { DEFAULT_RETRY_POLICY, backoffDelayMs, retryAfterMs, type RetryPolicy } from '../src/send/retry.js';

type Answer = (res: ServerResponse) => void;

interface Received {
  headers: IncomingMessage['headers'];
  body: Buffer;
}

const BODY = '{"comments":[{"id":"c-1"},{"id":"c-2"}]}';
const ACCEPTED = JSON.stringify({ accepted: 1, duplicates: 1, invalid: 0, results: [{ index: 0, id: 'c-1', status: 'queued', jobId: 'j1' }, { index: 1, id: 'c-2', status: 'duplicate', jobId: 'j2' }] });

const json = (status: number, body: string, headers: Record<string, string> = {}): Answer => (res) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(body);
};
const problem = (status: number, code: string, headers: Record<string, string> = {}): Answer => json(status, JSON.stringify({ code, title: code, detail: `because ${code}` }), headers);

/** An ingest API stand-in on a loopback port that gives the scripted answers in turn and records every request. */
async function scriptedServer(answers: Answer[]): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks) });
      const answer = answers.shift();
      if (answer) answer(res);
      else res.socket?.destroy();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/comments`, received };
}

describe('moderato send: delivering a batch', () => {
  const secret = generateWebhookSecret();
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 4, timeoutMs: 2_000 };
  let servers: Server[] = [];
  let waits: number[];
  let notices: RetryNotice[];
  const hooks = { sleep: async (ms: number) => void waits.push(ms), onRetry: (notice: RetryNotice) => void notices.push(notice), random: () => 1 };

  beforeEach(() => {
    waits = [];
    notices = [];
  });
  afterEach(() => {
    for (const server of servers) {
      server.closeAllConnections();
      server.close();
    }
    servers = [];
  });

  async function deliver(answers: Answer[], retryPolicy = policy) {
    const scripted = await scriptedServer(answers);
    servers.push(scripted.server);
    const target: IngestTarget = { commentsUrl: scripted.url, publisherId: 'daily-chronicle', secret };
    return { outcome: await deliverBatch(target, BODY, 'msg_batch-1', retryPolicy, hooks), received: scripted.received };
  }

  /** Every request carried the batch's one webhook-id and a valid signature over exactly the batch's body. */
  function expectSignedAlike(received: Received[]): void {
    for (const { headers, body } of received) {
      expect(headers['webhook-id']).to.equal('msg_batch-1');
      expect(headers['x-moderato-publisher']).to.equal('daily-chronicle');
      expect(body.toString()).to.equal(BODY);
      const headerValues = { id: headers['webhook-id'] as string, timestamp: headers['webhook-timestamp'] as string, signature: headers['webhook-signature'] as string };
      expect(verifyWebhook([secret], headerValues, body)).to.deep.include({ ok: true });
    }
  }

  it('posts the batch signed and returns the result of each comment', async () => {
    const { outcome, received } = await deliver([json(202, ACCEPTED)]);
    expect(outcome).to.deep.equal({ delivered: true, results: [{ index: 0, id: 'c-1', status: 'queued' }, { index: 1, id: 'c-2', status: 'duplicate' }] });
    expect(received).to.have.length(1);
    expectSignedAlike(received);
    expect(waits).to.deep.equal([]);
  });

  it('retries a rate-limited batch after its Retry-After, under the same webhook-id', async () => {
    const { outcome, received } = await deliver([problem(429, 'rate_limited', { 'retry-after': '7' }), json(202, ACCEPTED)]);
    expect(outcome.delivered).to.equal(true);
    expect(waits).to.deep.equal([7_000]);
    expect(notices[0]).to.deep.include({ attempt: 1, maxAttempts: 4, delayMs: 7_000 });
    expect(notices[0]?.reason).to.contain('429 rate_limited');
    expect(received).to.have.length(2);
    expectSignedAlike(received);
  });

  it('retries 503 answers and dropped connections with growing waits, under the same webhook-id', async () => {
    const { outcome, received } = await deliver([problem(503, 'redis_unavailable'), (res) => res.socket?.destroy(), json(202, ACCEPTED)]);
    expect(outcome.delivered).to.equal(true);
    expect(waits).to.deep.equal([500, 1_000]);
    expect(notices.map((notice) => notice.reason)).to.satisfy(([first, second]: string[]) => first!.startsWith('503 redis_unavailable') && second!.startsWith('network error'));
    expect(received).to.have.length(3);
    expectSignedAlike(received);
  });

  it('retries an attempt that gets no answer in time', async () => {
    const { outcome, received } = await deliver([() => {}, json(202, ACCEPTED)], { ...policy, timeoutMs: 200 });
    expect(outcome.delivered).to.equal(true);
    expect(notices[0]?.reason).to.equal('no answer within 0.2 s');
    expectSignedAlike(received);
  });

  it('gives up after the last attempt, saying why', async () => {
    const { outcome, received } = await deliver(Array.from({ length: 4 }, () => problem(503, 'mongodb_unavailable')));
    expect(outcome).to.deep.equal({ delivered: false, reason: '503 mongodb_unavailable: because mongodb_unavailable (gave up after 4 attempts)' });
    expect(received).to.have.length(4);
    expect(waits).to.have.length(3);
    expectSignedAlike(received);
  });

  it('does not retry a refusal that cannot change: a bad signature, a body too large', async () => {
    const unauthorized = await deliver([problem(401, 'invalid_signature'), json(202, ACCEPTED)]);
    expect(unauthorized.outcome).to.deep.equal({ delivered: false, reason: '401 invalid_signature: because invalid_signature' });
    expect(unauthorized.received).to.have.length(1);
    const tooLarge = await deliver([problem(413, 'payload_too_large')]);
    expect(tooLarge.outcome.delivered).to.equal(false);
    expect(!tooLarge.outcome.delivered && tooLarge.outcome.reason).to.contain('send smaller batches with --batch');
  });

  it('takes a batch refused whole because no comment in it is valid as a result per comment', async () => {
    const results = [{ index: 0, id: 'c-1', status: 'invalid', errors: [{ path: 'comments.0.text', message: 'Required' }] }, { index: 1, status: 'invalid', errors: [{ path: 'comments.1', message: 'must be an object' }] }];
    const { outcome } = await deliver([json(400, JSON.stringify({ code: 'validation_failed', errors: [], results }))]);
    expect(outcome).to.deep.equal({ delivered: true, results });
  });
});

describe('moderato send: the retry schedule', () => {
  it('doubles the wait from the base up to the ceiling, half of it random', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 500, maxDelayMs: 4_000 };
    expect([1, 2, 3, 4, 5].map((attempt) => backoffDelayMs(attempt, policy, () => 1))).to.deep.equal([500, 1_000, 2_000, 4_000, 4_000]);
    expect([1, 2, 3].map((attempt) => backoffDelayMs(attempt, policy, () => 0))).to.deep.equal([250, 500, 1_000]);
  });

  it('reads Retry-After as seconds or as a date, capped, and ignores what it cannot read', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs('12', DEFAULT_RETRY_POLICY, now)).to.equal(12_000);
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:30 GMT', DEFAULT_RETRY_POLICY, now)).to.equal(30_000);
    expect(retryAfterMs('86400', DEFAULT_RETRY_POLICY, now)).to.equal(DEFAULT_RETRY_POLICY.maxRetryAfterMs);
    expect(retryAfterMs('Wed, 31 Dec 2025 23:00:00 GMT', DEFAULT_RETRY_POLICY, now)).to.equal(0);
    expect(retryAfterMs('soon', DEFAULT_RETRY_POLICY, now)).to.equal(undefined);
    expect(retryAfterMs(null, DEFAULT_RETRY_POLICY, now)).to.equal(undefined);
  });
});
