import type { CommentStatus, CommentView, FlagView, QueueItemView, SentimentStatsView } from './api-views.js';

/** Everything the report shows, exactly as the moderation API answered it. */
export interface DemoReport {
  article: { id: string; title: string };
  comments: CommentView[];
  queue: QueueItemView[];
  sentiment: SentimentStatsView;
}

/** How to reach what the demo started: printed last, one labelled line each, so people (and the demo's test) can read them. */
export interface DemoAccess {
  moderationUrl: string;
  ingestUrl: string;
  moderatorKey: string;
  publisherId: string;
  webhookSecret: string;
}

const TEXT_WIDTH = 96;
export const INDENT = '    ';
/** Each comment's fields are `label` padded to this width, then the value. */
export const LABEL_WIDTH = 11;
export const COMMENT_LABELS = ['status', 'sentiment', 'flags', 'copy of'] as const;

const STATUS_MEANING: Record<CommentStatus, string> = {
  approved: 'published',
  pending: 'held for a moderator',
  rejected: 'refused by the policy',
};

/** The comments with their analysis, the review queue and the sentiment figures, as plain text. */
export function formatReport(report: DemoReport): string {
  return [
    heading(`Comments on "${report.article.title}" (${report.article.id})`),
    ...report.comments.map(formatComment),
    heading(`Review queue: ${countOf(report.queue.length, 'comment')} held for a moderator, oldest first`),
    formatQueue(report.queue),
    '',
    heading(`Sentiment of the article's comments, per ${report.sentiment.interval} (${report.sentiment.timezone})`),
    formatSentiment(report.sentiment),
    '',
  ].join('\n');
}

export function formatAccess(access: DemoAccess): string {
  return [
    heading('Try it'),
    `Moderator page:  ${new URL('/', access.moderationUrl).href}`,
    `Moderator key:   ${access.moderatorKey}`,
    `Moderation API:  ${access.moderationUrl}`,
    `Ingest API:      ${access.ingestUrl}`,
    `Publisher:       ${access.publisherId}`,
    `Webhook secret:  ${access.webhookSecret}`,
    '',
    'Open the page and sign in with the moderator key to approve or reject what is held.',
    '',
  ].join('\n');
}

function heading(title: string): string {
  return `── ${title} ${'─'.repeat(Math.max(3, TEXT_WIDTH - title.length - 4))}\n`;
}

export function formatComment(comment: CommentView): string {
  const lines = [
    `${comment.commentId} · ${comment.authorName ?? comment.authorId} · ${formatTime(comment.createdAt)}`,
    ...wrap(`"${comment.text}"`, TEXT_WIDTH - INDENT.length).map((line) => INDENT + line),
    labelled('status', `${comment.status} (${STATUS_MEANING[comment.status]})`),
    labelled('sentiment', formatSentimentOf(comment)),
    labelled('flags', comment.analysis.flags.length ? comment.analysis.flags.map((flag) => `${flag.kind} ${flag.score.toFixed(2)}`).join(', ') : 'none'),
    ...comment.analysis.flags.flatMap(formatReasons),
  ];
  if (comment.duplicateOf) lines.push(labelled('copy of', comment.duplicateOf));
  return `${lines.join('\n')}\n`;
}

function formatSentimentOf(comment: CommentView): string {
  if (comment.sentiment) return `${comment.sentiment.label} ${signed(comment.sentiment.score)}`;
  const { code, phasesSkipped } = comment.analysis.language;
  return phasesSkipped.includes('sentiment') ? `not scored (language "${code}": the sentiment model reads English only)` : 'not scored';
}

/** Each reason under the flags line, with its flag and code: `spam — link through a URL shortener … (shortener)`. */
function formatReasons(flag: FlagView): string[] {
  const pad = INDENT + ' '.repeat(LABEL_WIDTH + 2);
  return flag.reasons.map((reason) => `${pad}${flag.kind} — ${reason.message} (${reason.code})`);
}

function formatQueue(queue: QueueItemView[]): string {
  if (queue.length === 0) return `${INDENT}(empty: nothing is held)`;
  const idWidth = Math.max(...queue.map((item) => item.commentId.length));
  const flagsWidth = Math.max(...queue.map((item) => item.flags.join(',').length));
  return queue
    .map((item) => {
      const author = item.authorName ?? item.authorId;
      return `${INDENT}${item.commentId.padEnd(idWidth)}  ${item.flags.join(',').padEnd(flagsWidth)}  ${author}: "${truncate(item.text, 48)}"`;
    })
    .join('\n');
}

function formatSentiment(stats: SentimentStatsView): string {
  if (stats.buckets.length === 0) return `${INDENT}(no comment with a sentiment yet)`;
  const header = `${INDENT}${'start'.padEnd(12)}${'comments'.padStart(9)}${'negative'.padStart(10)}${'neutral'.padStart(9)}${'positive'.padStart(10)}${'mean score'.padStart(12)}`;
  const rows = stats.buckets.map((bucket) =>
    [
      INDENT + bucket.start.slice(0, stats.interval === 'hour' ? 16 : 10).replace('T', ' ').padEnd(12),
      String(bucket.total).padStart(9),
      String(bucket.counts.negative).padStart(10),
      String(bucket.counts.neutral).padStart(9),
      String(bucket.counts.positive).padStart(10),
      signed(bucket.meanScore).padStart(12),
    ].join(''),
  );
  const note = `${INDENT}Readers' sentiment: comments flagged spam or duplicate, and those the model does not read (other languages), are not counted.`;
  return [header, ...rows, note].join('\n');
}

function labelled(label: (typeof COMMENT_LABELS)[number], value: string): string {
  return `${INDENT}${label.padEnd(LABEL_WIDTH)}${value}`;
}

/** `+0.42`, `-0.90`: the sign always shown, so negative and positive read alike; what rounds to zero is `+0.00`. */
function signed(value: number): string {
  const rounded = Number(value.toFixed(2));
  return `${rounded >= 0 ? '+' : '-'}${Math.abs(rounded).toFixed(2)}`;
}

/** `2025-10-25 10:00 UTC` from an ISO date-time. */
function formatTime(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function countOf(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function truncate(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}

/** Greedy word wrap; a word longer than the width gets a line of its own. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}
