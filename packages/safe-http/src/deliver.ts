import http from 'node:http';
import https from 'node:https';
import { StringDecoder } from 'node:string_decoder';
import { agentFor } from './agents.js';
import { parseEndpointUrl } from './endpoint.js';
import type { EgressPolicy } from './policy.js';

export const USER_AGENT = 'Moderato-Webhooks/1.0';
export const DEFAULT_MAX_EXCERPT_BYTES = 1024;

export interface WebhookRequest {
  url: string;
  /** Signature and id headers; content-type, user-agent and content-length are always set here. */
  headers: Record<string, string>;
  body: string;
  /** Bound on the whole attempt: waiting for a socket, connecting, and reading the response excerpt. */
  timeoutMs: number;
  policy: EgressPolicy;
  /** How much of the response body to keep; the rest is never read. Default 1024. */
  maxExcerptBytes?: number;
}

export type DeliveryErrorCode = 'timeout' | 'blocked' | 'network' | 'invalid_url';

export type DeliveryAttemptResult =
  | { outcome: 'response'; status: number; latencyMs: number; excerpt: string }
  | { outcome: 'error'; error: string; code: DeliveryErrorCode; latencyMs: number };

type AttemptOutcome =
  | { outcome: 'response'; status: number; excerpt: string }
  | { outcome: 'error'; error: string; code: DeliveryErrorCode };

/** request-filtering-agent's refusal: "DNS lookup <address>(...) is not allowed. Because, ...". */
const FILTER_REFUSAL = /^DNS lookup .* is not allowed\./;

const OWN_HEADERS = ['content-type', 'user-agent', 'content-length'];

/**
 * One webhook delivery attempt: a POST that never follows redirects (a 3xx is just the answer), through the
 * policy's filtering agent, bounded by timeoutMs from start to the last excerpt byte. Never throws.
 */
export async function postWebhook(request: WebhookRequest): Promise<DeliveryAttemptResult> {
  const startedAt = performance.now();
  const target = parseEndpointUrl(request.url, request.policy);
  const outcome: AttemptOutcome = target.ok
    ? await attempt(target.url, request)
    : { outcome: 'error', code: 'invalid_url', error: target.reason };
  return { ...outcome, latencyMs: Math.round(performance.now() - startedAt) };
}

function attempt(url: URL, request: WebhookRequest): Promise<AttemptOutcome> {
  return new Promise((resolve) => {
    const body = Buffer.from(request.body, 'utf8');
    const transport = url.protocol === 'https:' ? https : http;
    const outgoing = transport.request(url, {
      method: 'POST',
      agent: agentFor(url, request.policy),
      headers: requestHeaders(request.headers, body.length),
    });
    let settled = false;
    const settle = (outcome: AttemptOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve(outcome);
    };
    const deadline = setTimeout(() => {
      settle({ outcome: 'error', code: 'timeout', error: `no complete response within ${request.timeoutMs} ms` });
      // Destroying the request destroys its socket and any response in flight.
      outgoing.destroy();
    }, request.timeoutMs);
    outgoing.on('error', (error) => settle(failureOf(error)));
    outgoing.on('response', (response) => {
      void readExcerpt(response, request.maxExcerptBytes ?? DEFAULT_MAX_EXCERPT_BYTES).then((excerpt) =>
        settle({ outcome: 'response', status: response.statusCode ?? 0, excerpt }),
      );
    });
    outgoing.end(body);
  });
}

/** The caller's headers, minus any spelling of the ones this module owns, plus those. */
function requestHeaders(headers: Record<string, string>, bodyLength: number): Record<string, string> {
  const passed = Object.entries(headers).filter(([name]) => !OWN_HEADERS.includes(name.toLowerCase()));
  return {
    ...Object.fromEntries(passed),
    'content-type': 'application/json',
    'user-agent': USER_AGENT,
    'content-length': String(bodyLength),
  };
}

/**
 * Up to maxBytes of the body as UTF-8. Once the cap is passed the response is destroyed rather than drained, so a
 * receiver streaming megabytes costs one chunk; a character cut at the cap is dropped rather than garbled. A body
 * that breaks off early yields what arrived: the status is the answer that counts.
 */
function readExcerpt(response: http.IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve) => {
    const decoder = new StringDecoder('utf8');
    let excerpt = '';
    let remaining = maxBytes;
    const finish = (text: string) => {
      response.removeAllListeners('data');
      resolve(text);
    };
    response.on('data', (chunk: Buffer) => {
      if (chunk.length > remaining) {
        excerpt += decoder.write(chunk.subarray(0, remaining));
        finish(excerpt);
        response.destroy();
        return;
      }
      excerpt += decoder.write(chunk);
      remaining -= chunk.length;
    });
    response.on('end', () => finish(excerpt + decoder.end()));
    response.on('close', () => finish(excerpt));
    response.on('error', () => finish(excerpt));
  });
}

function failureOf(error: Error): AttemptOutcome {
  if (FILTER_REFUSAL.test(error.message)) return { outcome: 'error', code: 'blocked', error: error.message };
  return { outcome: 'error', code: 'network', error: messageOf(error) };
}

/** Node reports a failure on every address of a name (IPv4 and IPv6) as an AggregateError with an empty message. */
function messageOf(error: Error): string {
  if (error.message) return error.message;
  if (error instanceof AggregateError) return error.errors.map((inner: unknown) => (inner instanceof Error ? inner.message : String(inner))).join('; ');
  return (error as NodeJS.ErrnoException).code ?? 'request failed';
}
