import { setTimeout as sleep } from 'node:timers/promises';
import type { CommentView, QueueItemView, SentimentStatsView } from './api-views.js';

const POLL_INTERVAL_MS = 100;

/** Reads what a moderator sees, through the public moderation API with a moderator key. */
export class ModerationClient {
  constructor(
    private readonly moderationUrl: string,
    private readonly apiKey: string,
  ) {}

  /** The comment with its analysis, or undefined while it is not stored yet (404). */
  async comment(commentId: string): Promise<CommentView | undefined> {
    const res = await this.get(`/v1/comments/${encodeURIComponent(commentId)}`, [404]);
    if (res.status !== 404) return (await res.json()) as CommentView;
    await res.body?.cancel();
    return undefined;
  }

  /** Every comment of the article held for review, oldest first (all pages). */
  async queue(articleId: string): Promise<QueueItemView[]> {
    const items: QueueItemView[] = [];
    let cursor: string | undefined;
    do {
      const query = new URLSearchParams({ articleId, sort: 'oldest', limit: '100', ...(cursor ? { cursor } : {}) });
      const page = (await (await this.get(`/v1/queue?${query}`)).json()) as { items: QueueItemView[]; nextCursor?: string | null };
      items.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return items;
  }

  async sentiment(articleId: string): Promise<SentimentStatsView> {
    const query = new URLSearchParams({ articleId, interval: 'day' });
    return (await (await this.get(`/v1/stats/sentiment?${query}`)).json()) as SentimentStatsView;
  }

  /**
   * Polls until every comment is stored with its analysis, calling `onProgress` whenever one more is; gives up after
   * `timeoutMs` naming the ones still missing. Returns them in the order asked.
   */
  async waitForComments(commentIds: string[], onProgress: (done: number, total: number) => void, timeoutMs: number): Promise<CommentView[]> {
    const found = new Map<string, CommentView>();
    const deadline = Date.now() + timeoutMs;
    onProgress(0, commentIds.length);
    for (;;) {
      for (const id of commentIds.filter((candidate) => !found.has(candidate))) {
        const view = await this.comment(id);
        if (!view) continue;
        found.set(id, view);
        onProgress(found.size, commentIds.length);
      }
      if (found.size === commentIds.length) return commentIds.map((id) => found.get(id)!);
      if (Date.now() > deadline) {
        throw new Error(`the analysis did not finish within ${timeoutMs / 1000} s; still missing: ${commentIds.filter((id) => !found.has(id)).join(', ')}`);
      }
      await sleep(POLL_INTERVAL_MS);
    }
  }

  private async get(path: string, acceptedErrors: number[] = []): Promise<Response> {
    const res = await fetch(new URL(path, this.moderationUrl), { headers: { authorization: `Bearer ${this.apiKey}` } });
    if (!res.ok && !acceptedErrors.includes(res.status)) {
      throw new Error(`GET ${path} answered ${res.status}: ${await res.text()}`);
    }
    return res;
  }
}
