import { readFile } from 'node:fs/promises';
import { expect } from 'chai';
import type { Download, Locator, Page } from 'playwright-core';
import { CSV_COLUMNS, EXPORT_FORMATS } from '../../services/moderation-api/src/http/export-format.js';
import { createPublisherWithKeys, saveComments, type CommentSpec, type PublisherWithKeys } from '../../packages/storage/test/builders.js';
import { textReads } from '../support/moderator-browser.js';
import { chromiumPageSuite } from '../support/page-suite.js';

/** An NDJSON line as the file holds it. */
interface ExportedRow {
  commentId: string;
  cursor: string;
  [field: string]: unknown;
}

const reading = (commentId: string, createdAt: string, extra: Partial<CommentSpec> = {}): Omit<CommentSpec, 'publisherId'> => ({
  commentId,
  articleId: 'a1',
  authorId: `u-${commentId}`,
  createdAt: new Date(createdAt),
  ...extra,
});

/**
 * 1 to 3 October (UTC), with a comment just outside each end: the first and last instants of the range are in it;
 * a spam comment and a duplicate inside it are left out unless counted.
 */
const READINGS = [
  reading('e-before', '2025-09-30T23:59:59.999Z'),
  reading('e-1', '2025-10-01T00:00:00.000Z', { sentiment: { score: -0.6, label: 'negative' } }),
  reading('e-2', '2025-10-02T12:00:00.000Z', { sentiment: { score: 0.5, label: 'positive' }, flags: { toxic: 0.7 } }),
  reading('e-spam', '2025-10-02T13:00:00.000Z', { flags: { spam: 0.9 } }),
  reading('e-dup', '2025-10-03T08:00:00.000Z', { flags: { duplicate: 1 }, duplicateOf: 'e-1' }),
  reading('e-3', '2025-10-03T23:59:59.999Z', { sentiment: null }),
  reading('e-after', '2025-10-04T00:00:00.000Z'),
];

/** The export in the sentiment view (issue 15): the API's per-comment export, saved as a file from the page. */
describe('moderator page in Chromium: the comment export', function () {
  this.timeout(30_000);
  const { server, pageTest, signIn } = chromiumPageSuite('moderator-page-export');
  const exportButton = (page: Page): Locator => page.getByRole('button', { name: 'Export comments' });
  const fromField = (page: Page): Locator => page.getByLabel('From', { exact: true });
  const toField = (page: Page): Locator => page.getByLabel('To', { exact: true });

  async function seed(): Promise<PublisherWithKeys> {
    const publisher = await createPublisherWithKeys(server().storage);
    await saveComments(server().storage, READINGS.map((spec) => ({ ...spec, publisherId: publisher.publisherId })));
    return publisher;
  }

  /** Opens the sentiment view with a key (the only view of an analyst's) and waits for its figures. */
  async function openSentiment(page: Page, key: string): Promise<void> {
    await page.goto(`${server().url}/?view=sentiment`);
    await page.getByLabel('API key').fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await textReads(page, '#stats-state', /comments? in all\.$|^No comments/);
  }

  async function chooseDays(page: Page, from: string, to: string): Promise<void> {
    await fromField(page).fill(from);
    await toField(page).fill(to);
  }

  /** Exports in `format`, and returns the file the browser saved, with its name. */
  async function exportFile(page: Page, format: string): Promise<{ name: string; text: string }> {
    await page.getByLabel('Format').selectOption(format);
    const [download] = await Promise.all([page.waitForEvent('download'), exportButton(page).click()]);
    return { name: download.suggestedFilename(), text: await downloaded(download) };
  }

  async function downloaded(download: Download): Promise<string> {
    const failure = await download.failure();
    expect(failure, 'download failure').to.equal(null);
    return readFile(await download.path(), 'utf8');
  }

  const ndjsonRows = (text: string): ExportedRow[] => text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as ExportedRow);
  /** The CSV's lines split into cells: these ids hold no comma, quote or line break. */
  const csvRows = (text: string): string[][] => text.split('\r\n').filter(Boolean).map((line) => line.split(','));

  pageTest('saves the comments of the days chosen as NDJSON or CSV, leaving spam and duplicates out unless counted', async (page) => {
    const publisher = await seed();
    await signIn(page, publisher.keys.analyst);
    await textReads(page, '#stats-state', /comments? in all\.$/);
    // The page offers exactly the formats the API writes.
    expect(await page.getByLabel('Format').locator('option').evaluateAll((options) => options.map((option) => option.getAttribute('value')))).to.deep.equal([
      ...EXPORT_FORMATS,
    ]);
    await chooseDays(page, '2025-10-01', '2025-10-03');
    await page.getByRole('button', { name: 'Show figures' }).click();
    // e-3 has no measured sentiment: the figures leave it out, the export has it with an empty sentiment.
    await textReads(page, '#stats-state', '2 days with comments; 2 comments in all.');

    const ndjson = await exportFile(page, 'ndjson');
    expect(ndjson.name).to.equal('comments-2025-10-01-2025-10-03.ndjson');
    const rows = ndjsonRows(ndjson.text);
    expect(rows.map((row) => row.commentId)).to.deep.equal(['e-1', 'e-2', 'e-3']);
    const { cursor, ...first } = rows[0]!;
    expect(cursor).to.be.a('string').and.match(/^[A-Za-z0-9_-]+$/);
    expect(first).to.deep.equal({
      commentId: 'e-1', articleId: 'a1', authorId: 'u-e-1', createdAt: '2025-10-01T00:00:00.000Z',
      sentiment: { label: 'negative', score: -0.6 }, flags: [], status: 'approved', analysisVersion: 'test-1',
    });
    expect(rows[1]).to.include({ status: 'pending' }).and.to.have.deep.property('flags', ['toxic']);
    expect(rows[2]).to.have.property('sentiment', null);
    await textReads(page, '#export-state', 'Exported 3 comments to comments-2025-10-01-2025-10-03.ndjson. Comments flagged spam or duplicate were left out.');

    await page.getByLabel('Count spam and duplicates too').check();
    await textReads(page, '#stats-state', '3 days with comments; 4 comments in all.');
    const csv = await exportFile(page, 'csv');
    expect(csv.name).to.equal('comments-2025-10-01-2025-10-03.csv');
    const [header, ...lines] = csvRows(csv.text);
    expect(header).to.deep.equal([...CSV_COLUMNS]);
    expect(lines.map(([commentId]) => commentId)).to.deep.equal(['e-1', 'e-2', 'e-spam', 'e-dup', 'e-3']);
    expect(lines[2]?.[CSV_COLUMNS.indexOf('flags')]).to.equal('spam');
    await textReads(page, '#export-state', 'Exported 5 comments to comments-2025-10-01-2025-10-03.csv.');
    expect(await page.locator('#export-state').getAttribute('data-tone')).to.equal('info');
  });

  pageTest('marks the days the export needs or the API finds wrong, and shows a refusal or a lost connection', async (page) => {
    const publisher = await seed();
    const downloads: string[] = [];
    page.on('download', (download) => downloads.push(download.suggestedFilename()));
    await openSentiment(page, publisher.keys.admin);

    await exportButton(page).click();
    await textReads(page, '#export-state', 'Choose the From and To days to export (at most 366 days).');
    expect(await fromField(page).getAttribute('aria-invalid')).to.equal('true');
    expect(await toField(page).getAttribute('aria-invalid')).to.equal('true');

    await chooseDays(page, '2025-10-05', '2025-10-01');
    await exportButton(page).click();
    await textReads(page, '#export-state', /To must be later than from\.$/);
    expect(await page.locator('#export-state').getAttribute('data-tone')).to.equal('error');
    expect(await toField(page).getAttribute('aria-invalid')).to.equal('true');
    expect(await fromField(page).getAttribute('aria-invalid')).to.equal('false');

    await chooseDays(page, '2024-01-01', '2025-10-01');
    await exportButton(page).click();
    await textReads(page, '#export-state', /From must be at most 366 days before to/);
    expect(await fromField(page).getAttribute('aria-invalid')).to.equal('true');
    expect(await toField(page).getAttribute('aria-invalid')).to.equal('false');

    // The key's role changed since the page offered the export: the API's own 403, as it answers a moderator's key.
    const refusal = await fetch(`${server().url}/v1/export/comments?format=csv`, { headers: { authorization: `Bearer ${publisher.keys.moderator}` } });
    expect(refusal.status).to.equal(403);
    const { detail } = (await refusal.json()) as { detail: string };
    await page.route('**/v1/export/comments?*', async (route) =>
      route.fulfill({ response: await route.fetch({ headers: { ...route.request().headers(), authorization: `Bearer ${publisher.keys.moderator}` } }) }),
    );
    await chooseDays(page, '2025-10-01', '2025-10-03');
    await exportButton(page).click();
    await textReads(page, '#export-state', `Could not export the comments. ${detail}`);
    // A refusal of this one call does not end the session.
    expect(await page.getByRole('button', { name: 'Sign out' }).isVisible()).to.equal(true);

    await page.unroute('**/v1/export/comments?*');
    await page.route('**/v1/export/comments?*', (route) => route.abort('internetdisconnected'));
    await exportButton(page).click();
    await textReads(page, '#export-state', 'Could not export the comments. The moderation API could not be reached; check your connection.');
    expect(await exportButton(page).isEnabled()).to.equal(true);
    expect(downloads).to.deep.equal([]);
  });

  pageTest('is not offered to moderator keys, which the API refuses, even in a tab an analyst used', async (page) => {
    const publisher = await seed();
    await openSentiment(page, publisher.keys.analyst);
    await exportButton(page).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();

    const exportCalls: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/v1/export/comments') exportCalls.push(request.url());
    });
    await openSentiment(page, publisher.keys.moderator);
    await page.getByRole('heading', { name: 'Sentiment of comments' }).waitFor();
    expect(await page.locator('#export').isVisible()).to.equal(false);
    expect(await exportButton(page).count()).to.equal(0);
    expect(exportCalls).to.deep.equal([]);
  });
});
