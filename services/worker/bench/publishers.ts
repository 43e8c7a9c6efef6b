/**
 * Publishers for the fairness bench: provisioned as the CLI does, sending signed deliveries to the ingest API over
 * HTTP the way a publisher's webhook sender does (the official `standardwebhooks` library signs them).
 */
import { randomUUID } from 'node:crypto';
import { provisionPublisher } from '@moderato/cli';
import type { IncomingComment } from '@moderato/contracts';
import type { Storage } from '@moderato/storage';
import { Webhook } from 'standardwebhooks';
import { seededRandom } from '../../../packages/analysis/bench/comments.js';
import { commentText } from './corpus.js';

export interface Publisher {
  publisherId: string;
  signer: Webhook;
  random: () => number;
}

/** A queued comment: its job and when its delivery was answered 202 (ms since the epoch, as BullMQ's finishedOn). */
export interface Queued {
  jobId: string;
  acceptedAt: number;
}

let sequence = 0;

/** The loud publisher, then `quiet` quiet ones, each with its webhook secret (sealed when `storage` has the key). */
export async function provision(storage: Storage, quiet: number): Promise<Publisher[]> {
  const names = ['loud-publisher', ...Array.from({ length: quiet }, (_, i) => `quiet-publisher-${i + 1}`)];
  return Promise.all(names.map(async (name, i) => {
    const { publisherId, secret } = await provisionPublisher(storage, name);
    return { publisherId, signer: new Webhook(secret), random: seededRandom(20261211 + i) };
  }));
}

/** Batches of `batch` comments, `perSecond` comments a second, each batch sent when due (at once if running late). */
export async function flood(url: string, publisher: Publisher, plan: { batch: number; perSecond: number; started: number; endsAt: number }): Promise<Queued[]> {
  const queued: Queued[] = [];
  const intervalMs = (1000 * plan.batch) / plan.perSecond;
  for (let due = plan.started; due < plan.endsAt; due += intervalMs) {
    await sleep(due - Date.now());
    queued.push(...(await deliver(url, publisher, Array.from({ length: plan.batch }, () => comment(publisher)))));
  }
  return queued;
}

/** One comment every 0.5–1 s until `endsAt`, starting at a random moment of the first second. */
export async function sendQuietly(url: string, publisher: Publisher, endsAt: number): Promise<Queued[]> {
  const queued: Queued[] = [];
  await sleep(publisher.random() * 1000);
  while (Date.now() < endsAt) {
    queued.push(...(await deliver(url, publisher, [comment(publisher)])));
    await sleep(500 + publisher.random() * 500);
  }
  return queued;
}

/** POSTs the comments as one signed delivery; answers the queued ones' jobs and when the 202 came. */
async function deliver(url: string, publisher: Publisher, comments: IncomingComment[]): Promise<Queued[]> {
  const raw = JSON.stringify({ comments });
  const webhookId = `msg_${randomUUID()}`;
  const now = new Date();
  const res = await fetch(`${url}/v1/comments`, {
    method: 'POST',
    body: raw,
    headers: {
      'content-type': 'application/json',
      'x-moderato-publisher': publisher.publisherId,
      'webhook-id': webhookId,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': publisher.signer.sign(webhookId, now, raw),
    },
  });
  const acceptedAt = Date.now();
  if (res.status !== 202) throw new Error(`${publisher.publisherId}: the ingest answered ${res.status}: ${await res.text()}`);
  const body = (await res.json()) as { results: Array<{ status: string; jobId?: string }> };
  return body.results.flatMap((result) => (result.status === 'queued' && result.jobId ? [{ jobId: result.jobId, acceptedAt }] : []));
}

function comment(publisher: Publisher): IncomingComment {
  sequence += 1;
  return {
    id: `${publisher.publisherId}-${sequence}`,
    article: { id: `article-${sequence % 50}`, title: 'A bench article' },
    author: { id: `reader-${sequence % 997}` },
    text: commentText(publisher.random),
    createdAt: new Date().toISOString(),
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
