import { COMMENT_LABELS, INDENT, LABEL_WIDTH } from './report.js';

/**
 * Reads back what `formatReport` and `formatAccess` printed, for scripts and the demo's own tests: each comment's
 * status, flags and sentiment, the review queue, the sentiment rows and the labelled access lines. It reads the
 * printed text only, so a test can hold the printout against the API.
 */

export interface PrintedComment {
  commentId: string;
  status: string;
  /** Flag kinds in printed order; empty for `none`. */
  flags: string[];
  /** `positive +0.46`, or the `not scored (…)` explanation. */
  sentiment: string;
  copyOf: string | null;
}

export interface PrintedQueueItem {
  commentId: string;
  flags: string[];
}

export interface PrintedSentimentRow {
  start: string;
  total: number;
  negative: number;
  neutral: number;
  positive: number;
  meanScore: number;
}

export interface PrintedReport {
  comments: PrintedComment[];
  queue: PrintedQueueItem[];
  sentiment: PrintedSentimentRow[];
  /** The `Label:  value` lines of the access block, by label (`Moderator key`, `Moderation API`, …). */
  access: Record<string, string>;
}

const COMMENT_HEADER = /^(\S+) · .+ · \d{4}-\d\d-\d\d \d\d:\d\d UTC$/;
// A label padded to its column: wrapped comment text never holds two spaces in a row, so it cannot pass for a field.
const FIELD = new RegExp(`^${INDENT}(${COMMENT_LABELS.map((label) => label.padEnd(LABEL_WIDTH)).join('|')})(.+)$`);
const QUEUE_ITEM = /^ {4}(\S+)\s+(\S+)\s+\S.*$/;
const SENTIMENT_ROW = /^ {4}(\d{4}-\d\d-\d\d(?: \d\d:\d\d)?)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+([+-]\d+\.\d\d)$/;
const ACCESS_LINE = /^([A-Z][A-Za-z ]+):\s+(\S+)$/;

type Section = 'comments' | 'queue' | 'sentiment' | 'access' | 'other';

export function parsePrintedReport(text: string): PrintedReport {
  const report: PrintedReport = { comments: [], queue: [], sentiment: [], access: {} };
  let section: Section = 'other';
  for (const line of text.split('\n')) {
    if (line.startsWith('── ')) {
      section = sectionOf(line);
      continue;
    }
    readLine(report, section, line);
  }
  return report;
}

function sectionOf(heading: string): Section {
  if (heading.startsWith('── Comments on ')) return 'comments';
  if (heading.startsWith('── Review queue')) return 'queue';
  if (heading.startsWith('── Sentiment')) return 'sentiment';
  if (heading.startsWith('── Try it')) return 'access';
  return 'other';
}

function readLine(report: PrintedReport, section: Section, line: string): void {
  switch (section) {
    case 'comments':
      return readCommentLine(report.comments, line);
    case 'queue': {
      const match = QUEUE_ITEM.exec(line);
      if (match && !line.includes('(empty')) report.queue.push({ commentId: match[1]!, flags: match[2]!.split(',') });
      return;
    }
    case 'sentiment': {
      const match = SENTIMENT_ROW.exec(line);
      if (match) report.sentiment.push(sentimentRow(match));
      return;
    }
    case 'access': {
      const match = ACCESS_LINE.exec(line);
      if (match) report.access[match[1]!] = match[2]!;
      return;
    }
    case 'other':
      return;
  }
}

function readCommentLine(comments: PrintedComment[], line: string): void {
  const header = COMMENT_HEADER.exec(line);
  if (header) {
    comments.push({ commentId: header[1]!, status: '', flags: [], sentiment: '', copyOf: null });
    return;
  }
  const field = FIELD.exec(line);
  const current = comments.at(-1);
  if (!field || !current) return;
  const label = field[1]!.trimEnd();
  const value = field[2]!;
  if (label === 'status') current.status = value.split(' ')[0]!;
  else if (label === 'sentiment') current.sentiment = value;
  else if (label === 'flags') current.flags = value === 'none' ? [] : value.split(', ').map((flag) => flag.split(' ')[0]!);
  else current.copyOf = value;
}

function sentimentRow(match: RegExpExecArray): PrintedSentimentRow {
  const [, start, total, negative, neutral, positive, meanScore] = match;
  return { start: start!, total: Number(total), negative: Number(negative), neutral: Number(neutral), positive: Number(positive), meanScore: Number(meanScore) };
}
