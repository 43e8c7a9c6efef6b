import { expect } from 'chai';
import type { CommentView, QueueItemView, SentimentStatsView } from '../demo/api-views.js';
import { parsePrintedReport } from '../demo/parse-report.js';
import { formatAccess, formatComment, formatReport, wrap, type DemoAccess, type DemoReport } from '../demo/report.js';

/** A comment as GET /v1/comments/:id answers it, trimmed to what the report reads. */
function commentView(overrides: Partial<CommentView> = {}): CommentView {
  return {
    commentId: 'seed-1',
    articleId: 'istanbul-talks',
    articleTitle: 'High-Stakes Dialogue in Istanbul',
    authorId: 'raphael',
    authorName: 'Raphael',
    text: "Hoping for a verifiable mechanism. That's essential for trust.",
    createdAt: '2025-10-25T10:00:00.000Z',
    status: 'approved',
    flags: [],
    sentiment: { label: 'positive', score: 0.4567 },
    duplicateOf: null,
    analysis: { flags: [], language: { code: 'en', phasesSkipped: [] } },
    ...overrides,
  };
}

const spam = commentView({
  commentId: 'demo-spam',
  authorId: 'promo-bot-17',
  authorName: 'Best Deals',
  text: 'Free crypto giveaway here: bit.ly/free-btc-now',
  createdAt: '2025-10-25T16:02:00.000Z',
  status: 'pending',
  flags: ['spam'],
  sentiment: { label: 'neutral', score: -0.004 },
  analysis: {
    flags: [{ kind: 'spam', score: 1, reasons: [{ code: 'shortener', message: 'link through a URL shortener hides its destination: bit.ly' }, { code: 'crypto_lure', message: 'crypto or trading pitch: "crypto"' }] }],
    language: { code: 'en', phasesSkipped: [] },
  },
});

const spanish = commentView({
  commentId: 'demo-spanish',
  authorId: 'lector',
  authorName: null,
  text: 'Espero que estas conversaciones traigan por fin la paz.',
  status: 'pending',
  flags: ['unsupported_language'],
  sentiment: null,
  analysis: {
    flags: [{ kind: 'unsupported_language', score: 0.6, reasons: [{ code: 'language.unsupported', message: "detected language 'es'" }] }],
    language: { code: 'es', phasesSkipped: ['sentiment', 'abuse'] },
  },
});

const nearCopy = commentView({
  commentId: 'demo-near-copy',
  authorId: 'donatello',
  authorName: 'Donatello',
  status: 'pending',
  flags: ['duplicate'],
  duplicateOf: 'seed-4',
  analysis: {
    flags: [{ kind: 'duplicate', score: 0.83, reasons: [{ code: 'near_duplicate', message: 'Near-copy (similarity 0.83) of comment seed-4' }] }],
    language: { code: 'en', phasesSkipped: [] },
  },
});

function queueItem(comment: CommentView): QueueItemView {
  const { commentId, authorId, authorName, text, createdAt, flags } = comment;
  return { commentId, authorId, authorName, text, createdAt, flags, severity: 1 };
}

const stats: SentimentStatsView = {
  interval: 'day',
  timezone: 'UTC',
  articleId: 'istanbul-talks',
  buckets: [{ start: '2025-10-25T00:00:00.000Z', total: 3, counts: { negative: 0, neutral: 1, positive: 2 }, meanScore: 0.30283 }],
};

const access: DemoAccess = {
  moderationUrl: 'http://127.0.0.1:40155',
  ingestUrl: 'http://127.0.0.1:34471',
  moderatorKey: 'mod_abc_123',
  publisherId: 'daily-chronicle',
  webhookSecret: 'whsec_c2VjcmV0',
};

function report(overrides: Partial<DemoReport> = {}): DemoReport {
  const comments = [commentView(), spam, nearCopy, spanish];
  return {
    article: { id: 'istanbul-talks', title: 'High-Stakes Dialogue in Istanbul' },
    comments,
    queue: [spam, nearCopy, spanish].map(queueItem),
    sentiment: stats,
    ...overrides,
  };
}

describe('demo report', () => {
  it('prints a comment with its status, sentiment, flags and each reason under them', () => {
    expect(formatComment(spam).split('\n')).to.deep.equal([
      'demo-spam · Best Deals · 2025-10-25 16:02 UTC',
      '    "Free crypto giveaway here: bit.ly/free-btc-now"',
      '    status     pending (held for a moderator)',
      '    sentiment  neutral +0.00',
      '    flags      spam 1.00',
      '                 spam — link through a URL shortener hides its destination: bit.ly (shortener)',
      '                 spam — crypto or trading pitch: "crypto" (crypto_lure)',
      '',
    ]);
  });

  it('says "none" for an approved comment without flags, and signs its sentiment', () => {
    const lines = formatComment(commentView()).split('\n');
    expect(lines).to.include('    status     approved (published)');
    expect(lines).to.include('    sentiment  positive +0.46');
    expect(lines).to.include('    flags      none');
  });

  it('explains why a comment in another language has no sentiment, and names the author by id when it has no name', () => {
    const text = formatComment(spanish);
    expect(text).to.match(/^demo-spanish · lector · /);
    expect(text).to.contain('    sentiment  not scored (language "es": the sentiment model reads English only)');
  });

  it('names the original of a near-copy', () => {
    expect(formatComment(nearCopy).split('\n')).to.include('    copy of    seed-4');
  });

  it('lists the review queue one comment a line with its flags, and says when it is empty', () => {
    const text = formatReport(report());
    expect(text).to.contain('── Review queue: 3 comments held for a moderator, oldest first');
    expect(text).to.match(/^ {4}demo-spam {7}spam {18}Best Deals: "Free crypto giveaway here: bit.ly\/free-btc-now"$/m);
    expect(text).to.match(/^ {4}demo-spanish {4}unsupported_language {2}lector: "Espero que estas conversaciones traigan por fin…"$/m);
    expect(formatReport(report({ queue: [] }))).to.contain('Review queue: 0 comments held for a moderator').and.contain('(empty: nothing is held)');
  });

  it('prints the sentiment figures per bucket with the mean score rounded and signed', () => {
    const text = formatReport(report());
    expect(text).to.contain('── Sentiment of the article\'s comments, per day (UTC)');
    expect(text).to.match(/^ {4}2025-10-25 +3 +0 +1 +2 +\+0\.30$/m);
    expect(formatReport(report({ sentiment: { ...stats, buckets: [] } }))).to.contain('(no comment with a sentiment yet)');
  });

  it('prints each way in on its own labelled line, the page at the moderation API\'s root', () => {
    const lines = formatAccess(access).split('\n');
    expect(lines).to.include.members([
      'Moderator page:  http://127.0.0.1:40155/',
      'Moderator key:   mod_abc_123',
      'Moderation API:  http://127.0.0.1:40155',
      'Ingest API:      http://127.0.0.1:34471',
      'Publisher:       daily-chronicle',
      'Webhook secret:  whsec_c2VjcmV0',
    ]);
  });

  it('reads back from the printout exactly what it printed', () => {
    const printed = parsePrintedReport(`${formatReport(report())}\n${formatAccess(access)}`);
    expect(printed.comments).to.deep.equal([
      { commentId: 'seed-1', status: 'approved', flags: [], sentiment: 'positive +0.46', copyOf: null },
      { commentId: 'demo-spam', status: 'pending', flags: ['spam'], sentiment: 'neutral +0.00', copyOf: null },
      { commentId: 'demo-near-copy', status: 'pending', flags: ['duplicate'], sentiment: 'positive +0.46', copyOf: 'seed-4' },
      { commentId: 'demo-spanish', status: 'pending', flags: ['unsupported_language'], sentiment: 'not scored (language "es": the sentiment model reads English only)', copyOf: null },
    ]);
    expect(printed.queue).to.deep.equal([
      { commentId: 'demo-spam', flags: ['spam'] },
      { commentId: 'demo-near-copy', flags: ['duplicate'] },
      { commentId: 'demo-spanish', flags: ['unsupported_language'] },
    ]);
    expect(printed.sentiment).to.deep.equal([{ start: '2025-10-25', total: 3, negative: 0, neutral: 1, positive: 2, meanScore: 0.3 }]);
    expect(printed.access).to.include({ 'Moderator key': 'mod_abc_123', 'Moderation API': 'http://127.0.0.1:40155', 'Moderator page': 'http://127.0.0.1:40155/' });
  });

  it('never reads wrapped comment text as a field, even a line that starts with a label\'s word', () => {
    const tricky = commentView({ text: `${'a'.repeat(88)} status quo is rejected and flags none` });
    const text = formatComment(tricky);
    expect(text.split('\n')).to.include('    status quo is rejected and flags none"');
    expect(parsePrintedReport(`── Comments on "x" (x) ──\n${text}`).comments).to.deep.equal([
      { commentId: 'seed-1', status: 'approved', flags: [], sentiment: 'positive +0.46', copyOf: null },
    ]);
  });

  it('wraps text at word boundaries and gives a word longer than the width a line of its own', () => {
    expect(wrap('one two three four', 9)).to.deep.equal(['one two', 'three', 'four']);
    expect(wrap('a https://example.com/very/long b', 10)).to.deep.equal(['a', 'https://example.com/very/long', 'b']);
    expect(wrap('  ', 10)).to.deep.equal([]);
  });
});
