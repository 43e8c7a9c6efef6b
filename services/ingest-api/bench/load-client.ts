/**
 * The ingest bench's load generator, forked by ingest.ts into a process of its own so that building, signing and
 * sending deliveries does not share an event loop with the server being measured. For each round it is sent (a
 * LoadSpec over IPC) it runs a bounded number of keep-alive clients, each sending one signed delivery after another,
 * and answers with a LoadResult. Every delivery carries comment ids never sent before (the spec's prefix), so the
 * ingest queues each comment rather than answering duplicates.
 */
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { signedHeaders } from '@moderato/webhooks';

export interface LoadSpec {
  url: string;
  publisherId: string;
  secret: string;
  /** Comments per delivery; 1 sends the single-comment form, more the `{ comments: [...] }` form. */
  batchSize: number;
  concurrency: number;
  /** The round ends at whichever bound comes first. */
  maxRequests: number;
  maxMs: number;
  /** Unique to the round: comment ids start with it. */
  idPrefix: string;
}

export interface LoadResult {
  requests: number;
  comments: number;
  /** The sum of the answers' `accepted` counts. */
  accepted: number;
  seconds: number;
  statuses: Record<string, number>;
  latenciesMs: number[];
  /** CPU time this process spent on the round (building, signing, sending, reading). */
  cpuMs: number;
}

const TEXTS = [
  'Hoping for a verifiable mechanism. That is essential for trust between both delegations after months of clashes.',
  'A measured take on the talks; I hope the ceasefire holds this time and the border crossings reopen for trade soon.',
  'The article leaves out who pays for the monitoring. Without a budget these agreements rarely survive the winter.',
  'Mediation worked in Doha because both sides needed it. I am less sure that is true now, but I would like to be wrong.',
];

function buildComment(id: string, n: number): Record<string, unknown> {
  return {
    id,
    article: { id: `bench-article-${n % 50}`, url: `https://news.example/articles/${n % 50}`, title: 'High-Stakes Dialogue in Istanbul' },
    author: { id: `reader-${n % 997}`, name: `Reader ${n % 997}` },
    text: TEXTS[n % TEXTS.length],
    createdAt: new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString(),
    language: 'en',
  };
}

function buildBody(spec: LoadSpec, index: number): string {
  if (spec.batchSize === 1) return JSON.stringify(buildComment(`${spec.idPrefix}-${index}`, index));
  const comments = Array.from({ length: spec.batchSize }, (_, k) => buildComment(`${spec.idPrefix}-${index}-${k}`, index * spec.batchSize + k));
  return JSON.stringify({ comments });
}

/** One POST; answers the status and the start of the body (enough to read `accepted`, which both servers put first). */
function post(agent: Agent, url: URL, headers: Record<string, string>, body: string): Promise<{ status: number; head: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      let head = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (head.length < 64) head += chunk.slice(0, 64);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, head }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: spec.concurrency });
  const url = new URL('/v1/comments', spec.url);
  const statuses: Record<string, number> = {};
  const latenciesMs: number[] = [];
  let started = 0;
  let accepted = 0;
  const cpu = process.cpuUsage();
  const begin = performance.now();
  const deadline = begin + spec.maxMs;
  const client = async (): Promise<void> => {
    while (started < spec.maxRequests && performance.now() < deadline) {
      const index = started++;
      const body = buildBody(spec, index);
      // Signed as a publisher's sender signs: over the exact bytes, with a fresh webhook-id (of a usual length) per delivery.
      const headers = { ...signedHeaders(spec.secret, `msg_${randomUUID()}`, body), 'x-moderato-publisher': spec.publisherId };
      const sentAt = performance.now();
      const { status, head } = await post(agent, url, headers, body);
      latenciesMs.push(performance.now() - sentAt);
      statuses[status] = (statuses[status] ?? 0) + 1;
      accepted += Number(/"accepted":(\d+)/.exec(head)?.[1] ?? 0);
    }
  };
  await Promise.all(Array.from({ length: spec.concurrency }, client));
  const seconds = (performance.now() - begin) / 1000;
  const { user, system } = process.cpuUsage(cpu);
  agent.destroy();
  return { requests: latenciesMs.length, comments: latenciesMs.length * spec.batchSize, accepted, seconds, statuses, latenciesMs, cpuMs: (user + system) / 1000 };
}

process.on('message', (spec: LoadSpec) => {
  runLoad(spec).then(
    (result) => process.send?.({ result }),
    (error: unknown) => process.send?.({ error: String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
