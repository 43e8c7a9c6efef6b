import type { IncomingComment } from '@moderato/contracts';
import type { CommentView } from './api-views.js';
import { flaggedComments, loadSeed, seedArticle, seedComments } from './comments.js';
import type { ModerationClient } from './moderation-client.js';
import type { DeliveryAnswer, PublisherClient } from './publisher-client.js';
import type { DemoReport } from './report.js';
import type { Terminal } from './terminal.js';

/** How long the analysis of one delivery may take before the demo gives up (it takes well under a second). */
const ANALYSIS_TIMEOUT_MS = 60_000;

/**
 * The publisher's side, then the moderator's: registers the seed article, sends its six reader comments and then
 * four that each show a flag, as signed deliveries, waits for each delivery to be analyzed, and reads back what the
 * moderation API says. The seed goes first and is analyzed before the rest, so the near-copy finds its original stored.
 */
export async function runScenario(publisher: PublisherClient, moderation: ModerationClient, terminal: Terminal): Promise<DemoReport> {
  const seed = loadSeed();
  const article = seedArticle(seed);
  const registered = await publisher.registerArticle(article.id, article.upsert);
  terminal.line(`→ PUT  /v1/articles/${article.id}  ${registered.status}  signed, webhook-id ${registered.webhookId}`);
  const deliveries: Array<[string, IncomingComment[]]> = [
    ["the seed's six reader comments", seedComments(seed)],
    ['four comments that show the flags (spam, near-copy, abuse, another language)', flaggedComments(seed)],
  ];
  const ids: string[] = [];
  for (const [what, comments] of deliveries) {
    const answer = await publisher.sendComments(comments);
    terminal.line(`→ POST /v1/comments  ${answer.status} ${summarize(answer, comments.length)}  ${what}, signed, webhook-id ${answer.webhookId}`);
    await moderation.waitForComments(comments.map((comment) => comment.id), (done, total) => terminal.progress(`   waiting for the analysis: ${done}/${total} analyzed`), ANALYSIS_TIMEOUT_MS);
    ids.push(...comments.map((comment) => comment.id));
  }
  terminal.line();
  return {
    article: { id: article.id, title: article.upsert.title },
    comments: await currentViews(moderation, ids),
    queue: await moderation.queue(article.id),
    sentiment: await moderation.sentiment(article.id),
  };
}

/** `(6 queued)`; throws when the ingest API did not queue every comment, since the demo would then wait in vain. */
function summarize(answer: DeliveryAnswer, sent: number): string {
  const results = (answer.body as { results?: Array<{ status: string }> }).results ?? [];
  const queued = results.filter((result) => result.status === 'queued').length;
  if (queued !== sent) throw new Error(`the ingest API queued ${queued} of ${sent} comments: ${JSON.stringify(answer.body)}`);
  return `(${queued} queued)`;
}

/** Read again once everything is analyzed, so each comment shows its final state. */
async function currentViews(moderation: ModerationClient, ids: string[]): Promise<CommentView[]> {
  const views = await Promise.all(ids.map((id) => moderation.comment(id)));
  return views.map((view, index) => {
    if (!view) throw new Error(`comment ${ids[index]} disappeared from the moderation API`);
    return view;
  });
}
