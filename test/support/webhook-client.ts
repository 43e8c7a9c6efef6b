import { randomUUID } from 'node:crypto';
import { signedHeaders } from '@moderato/webhooks';
import request from 'supertest';

/** Sends a body to the ingest API the way a publisher's webhook sender does: signed over the exact bytes. */
export function sendSigned(target: Parameters<typeof request>[0], options: { method?: 'post' | 'put'; path: string; publisherId: string; secret: string; body: unknown; webhookId?: string }) {
  const raw = JSON.stringify(options.body);
  const headers = signedHeaders(options.secret, options.webhookId ?? `msg_${randomUUID()}`, raw);
  const agent = request(target);
  const method = options.method ?? 'post';
  return (method === 'put' ? agent.put(options.path) : agent.post(options.path))
    .set(headers)
    .set('x-moderato-publisher', options.publisherId)
    .set('content-type', 'application/json')
    .send(raw);
}
