import type { InvalidComment, SendTally } from './tally.js';

/** `1200/5000 comments sent (24%): 1150 queued, 40 duplicates, 10 invalid` */
export function progressLine(tally: SendTally): string {
  const percent = tally.total === 0 ? 100 : Math.floor((tally.sent / tally.total) * 100);
  return `${tally.sent}/${tally.total} comments sent (${percent}%): ${counts(tally)}`;
}

/** The summary printed on stdout when sending ends, for whatever reason. */
export function summary(tally: SendTally, file: string): string {
  const lines = [`Sent ${tally.sent} of ${tally.total} comments from ${file} in ${tally.batches} batch(es): ${counts(tally)}.`];
  if (tally.invalid.length > 0) {
    lines.push('Invalid comments (not accepted; correct these lines and send them again):');
    lines.push(...tally.invalid.map(invalidLine));
  }
  if (tally.stopped) {
    const { lineNumber, reason } = tally.stopped;
    lines.push(`Stopped at line ${lineNumber}: ${reason}.`);
    lines.push(`The ${tally.total - tally.sent} comment(s) from line ${lineNumber} on were not sent. Sending the whole file again is safe: the comments already accepted come back as duplicates.`);
  }
  return `${lines.join('\n')}\n`;
}

function counts(tally: SendTally): string {
  return `${tally.queued} queued, ${tally.duplicates} duplicate(s), ${tally.invalid.length} invalid`;
}

/** `  line 17 (id c-17): text: must not be empty after trimming; createdAt: must be an ISO 8601 date-time …` */
function invalidLine(comment: InvalidComment): string {
  const errors = comment.errors.map(({ path, message }) => (path ? `${path}: ${message}` : message)).join('; ');
  return `  line ${comment.lineNumber}${comment.id === undefined ? '' : ` (id ${comment.id})`}: ${errors}`;
}
