import { randomUUID } from 'node:crypto';
import type { ArticleUpsert, IncomingComment } from '@moderato/contracts';
import { signedHeaders } from '@moderato/webhooks';

/** What the ingest API answered to one signed delivery. */
export interface DeliveryAnswer {
  webhookId: string;
  status: number;
  body: unknown;
}

/** Sends as a publisher's webhook sender does: Standard Webhooks headers signed over the exact bytes sent. */
export class PublisherClient {
  constructor(
    private readonly ingestUrl: string,
    private readonly publisherId: string,
    private readonly secret: string,
  ) {}

  registerArticle(articleId: string, article: ArticleUpsert): Promise<DeliveryAnswer> {
    return this.deliver('PUT', `/v1/articles/${encodeURIComponent(articleId)}`, article);
  }

  sendComments(comments: IncomingComment[]): Promise<DeliveryAnswer> {
    return this.deliver('POST', '/v1/comments', { comments });
  }

  private async deliver(method: 'POST' | 'PUT', path: string, body: unknown): Promise<DeliveryAnswer> {
    const raw = JSON.stringify(body);
    const webhookId = `msg_${randomUUID()}`;
    const res = await fetch(new URL(path, this.ingestUrl), {
      method,
      headers: { ...signedHeaders(this.secret, webhookId, raw), 'x-moderato-publisher': this.publisherId, 'content-type': 'application/json' },
      body: raw,
    });
    const answer = { webhookId, status: res.status, body: await res.json() as unknown };
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(answer.body)}`);
    return answer;
  }
}
