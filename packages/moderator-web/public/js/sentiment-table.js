// @ts-check
/** The sentiment figures as a table: counts per label and the mean score per hour or day, with a bar of the labels' shares. */
import { SENTIMENT_LABELS } from './api.js';
import { formatDay } from './days.js';
import { el, formatScore, utcDayFormat, utcHourFormat } from './dom.js';
import { page } from './page.js';
/** @import { SentimentBucket } from './api.js' */
/** @import { StatsFilters } from './filters.js' */

/** Fills the table, and hides it when there is nothing to show. @param {StatsFilters} filters the ones these buckets answer @param {SentimentBucket[]} buckets */
export function drawStatsTable(filters, buckets) {
  const hourly = filters.interval === 'hour';
  page.statsPeriod.textContent = hourly ? 'Hour (UTC)' : 'Day (UTC)';
  page.statsCaption.textContent = describeStatsFilters(filters);
  page.statsRows.replaceChildren(...buckets.map((bucket) => drawBucketRow(bucket, hourly ? utcHourFormat : utcDayFormat)));
  page.statsResult.hidden = buckets.length === 0;
}

/** The table's caption: what the figures count. @param {StatsFilters} filters */
function describeStatsFilters(filters) {
  const article = filters.articleId ? `article ${filters.articleId}` : 'all articles';
  let period = 'all time';
  if (filters.from && filters.to) period = `${formatDay(filters.from)} to ${formatDay(filters.to)}`;
  else if (filters.from) period = `since ${formatDay(filters.from)}`;
  else if (filters.to) period = `up to ${formatDay(filters.to)}`;
  return `Comments with a measured sentiment per ${filters.interval === 'hour' ? 'hour' : 'day'}: ${article}, ${period}.`;
}

/** @param {SentimentBucket} bucket @param {Intl.DateTimeFormat} format */
function drawBucketRow(bucket, format) {
  const start = new Date(bucket.start);
  const number = (/** @type {string} */ text) => el('td', { className: 'number' }, text);
  return el(
    'tr',
    {},
    el('th', { attributes: { scope: 'row' } }, el('time', { attributes: { datetime: bucket.start } }, Number.isNaN(start.getTime()) ? bucket.start : format.format(start))),
    ...SENTIMENT_LABELS.map((label) => number(String(bucket.counts?.[label] ?? 0))),
    number(String(bucket.total)),
    number(formatScore(bucket.meanScore)),
    el('td', {}, drawShares(bucket)),
  );
}

/**
 * The labels' shares of a bucket (or of an article's or author's comments) as one bar. The widths go in through the
 * CSSOM, which the page's `style-src 'self'` allows; a `style` attribute in markup it would refuse.
 * @param {Pick<SentimentBucket, 'total' | 'counts'>} bucket
 */
export function drawShares(bucket) {
  const shares = SENTIMENT_LABELS.map((label) => ({ label, share: bucket.total > 0 ? (bucket.counts?.[label] ?? 0) / bucket.total : 0 }));
  const segments = shares.map(({ label, share }) => {
    const segment = el('span', { className: `share share-${label}` });
    segment.style.setProperty('width', `${share * 100}%`);
    return segment;
  });
  const description = shares.map(({ label, share }) => `${Math.round(share * 100)}% ${label}`).join(', ');
  return el('div', { className: 'shares', attributes: { role: 'img', 'aria-label': description } }, ...segments);
}
