import { existsSync } from 'node:fs';
import { revokeApiKey } from '@moderato/storage';
import { expect } from 'chai';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { at, saveComments, type CommentSpec } from '../../packages/storage/test/builders.js';
import { createPublisherWithKeys, startModerationServer, type ModerationServer, type PublisherKeys } from '../support/moderation-server.js';

/** Debian's build: playwright-core downloads no browser, and this machine can fetch none. */
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const XSS_TEXT = '<img src=x onerror="window.__xss=1">';
/** Well-formed, but no such key exists. */
const UNKNOWN_KEY = `mod_AAAAAAAAAAAAAAAA_${'A'.repeat(43)}`;

interface DecisionView {
  status: string;
  decision: { action: string; reason: string | null; decidedBy: string } | null;
}

/** What a moderator sees and does in the page, driven through a real Chromium against the real moderation API. */
describe('moderator page in Chromium', function () {
  this.timeout(30_000);
  let server: ModerationServer | undefined;
  let browser: Browser | undefined;

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      if (process.env.CI) throw new Error(`${CHROMIUM} is missing: the browser tests need Debian's chromium package (.ci/run installs it).`);
      process.stderr.write(`[moderator page] skipping the browser tests: ${CHROMIUM} is missing; install it with: apt-get install -y chromium\n`);
      this.skip();
    }
    [server, browser] = await Promise.all([startModerationServer('moderator-page'), chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })]);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Each test in a fresh browser context (its own sessionStorage), failing on any script error or CSP refusal in the page. */
  function pageTest(title: string, body: (page: Page) => Promise<void>): void {
    it(title, async () => {
      const context = await browser!.newContext();
      const problems: string[] = [];
      try {
        const page = await context.newPage();
        page.setDefaultTimeout(5_000);
        page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
        // The browser logs every 4xx answer and aborted request as "Failed to load resource"; those are the API's answers under test.
        page.on('console', (message) => {
          if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(`console: ${message.text()}`);
        });
        await body(page);
        expect(problems, 'errors in the page').to.deep.equal([]);
      } finally {
        await context.close();
      }
    });
  }

  async function seed(specs: Array<Omit<CommentSpec, 'publisherId'>>): Promise<PublisherKeys> {
    const publisher = await createPublisherWithKeys(server!.storage);
    await saveComments(server!.storage, specs.map((spec) => ({ ...spec, publisherId: publisher.publisherId })));
    return publisher;
  }

  async function signIn(page: Page, key: string): Promise<void> {
    await page.goto(`${server!.url}/`);
    await page.getByLabel('API key').fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  /** Waits for the status line (the aria-live region) to read `text`. */
  async function statusReads(page: Page, text: string | RegExp): Promise<void> {
    try {
      await page.getByRole('status').filter({ hasText: text }).waitFor();
    } catch (error) {
      throw new Error(`status line never read ${text}; it reads "${await page.getByRole('status').textContent()}"`, { cause: error });
    }
  }

  /** Waits for the queue's state line to read `text`, then returns the comment ids listed, in order. */
  async function queueAfter(page: Page, text: string): Promise<string[]> {
    const state = page.locator('#queue-state');
    try {
      await state.getByText(text, { exact: true }).waitFor();
    } catch (error) {
      throw new Error(`queue state never read "${text}"; it reads "${await state.textContent()}"`, { cause: error });
    }
    return page.locator('#queue-items > li').evaluateAll((items) => items.map((item) => item.getAttribute('data-comment-id')));
  }

  const card = (page: Page, commentId: string): Locator => page.locator(`#queue-items > li[data-comment-id="${commentId}"]`);
  const storedKey = (page: Page) => page.evaluate('sessionStorage.getItem("moderato.apiKey")');

  /** The comment as the API reports it, read outside the page. */
  async function apiDetail(commentId: string, key: string): Promise<DecisionView> {
    const res = await fetch(`${server!.url}/v1/comments/${encodeURIComponent(commentId)}`, { headers: { authorization: `Bearer ${key}` } });
    expect(res.status).to.equal(200);
    return (await res.json()) as DecisionView;
  }

  pageTest('refuses a wrong key with the API’s message and keeps nothing', async (page) => {
    await signIn(page, UNKNOWN_KEY);
    await statusReads(page, 'Sign-in refused. The API key is unknown or revoked.');
    expect(await page.getByLabel('API key').isVisible()).to.equal(true);
    expect(await page.locator('#queue').isVisible()).to.equal(false);
    expect(await storedKey(page)).to.equal(null);
  });

  pageTest('tells an analyst key that moderating needs another role', async (page) => {
    const publisher = await seed([{ commentId: 'held', flags: { spam: 0.8 } }]);
    await signIn(page, publisher.keys.analyst);
    await statusReads(page, "Sign-in refused. This endpoint needs a key with role moderator or admin; this key's role is analyst.");
    expect(await page.getByLabel('API key').isVisible()).to.equal(true);
    expect(await storedKey(page)).to.equal(null);
  });

  pageTest('shows a moderator the held comments with what was measured and why each was held', async (page) => {
    const publisher = await seed([
      { commentId: 'original', authorId: 'u-1', text: 'Subscribe at cheap.example', createdAt: at(-20) },
      { commentId: 'earlier-abuse', authorId: 'u-2', flags: { toxic: 0.99 }, status: 'rejected', createdAt: at(-10) },
      {
        commentId: 'spam-1', authorId: 'u-3', text: 'Subscribe at cheap.example', flags: { spam: 0.62, duplicate: 1 }, duplicateOf: 'original',
        sentiment: { score: 0.41, label: 'positive' }, createdAt: at(0),
      },
      { commentId: 'abuse-1', authorId: 'u-2', text: 'You are all idiots', flags: { toxic: 0.91, negative: 0.7 }, sentiment: { score: -0.83, label: 'negative' }, createdAt: at(1) },
    ]);
    const queueRequest = page.waitForRequest(/\/v1\/queue\?/);
    await signIn(page, publisher.keys.moderator);
    expect((await queueRequest).headers().authorization).to.equal(`Bearer ${publisher.keys.moderator}`);
    await statusReads(page, 'Signed in.');
    expect(await queueAfter(page, '2 held comments shown.')).to.deep.equal(['spam-1', 'abuse-1']);

    const spam = card(page, 'spam-1');
    await spam.getByText('spam signal scored 0.62').waitFor();
    expect(await spam.locator('.comment-text').textContent()).to.equal('Subscribe at cheap.example');
    const spamCard = await spam.innerText();
    for (const shown of ['A Reader', '(u-3)', 'An article', 'positive (0.41)', 'Spam', 'score 0.62', 'Duplicate']) expect(spamCard).to.contain(shown);
    expect(spamCard).to.match(/Severity\s+1\.00/);
    expect(spamCard).to.contain('Copy of comment original by u-1:');
    expect(await spam.locator('.context q').textContent()).to.equal('Subscribe at cheap.example');
    expect(spamCard).to.contain('No other comments from this author here.');
    expect(await spam.locator('time').getAttribute('datetime')).to.equal(at(0).toISOString());

    const abuse = card(page, 'abuse-1');
    await abuse.getByText('toxic signal scored 0.91').waitFor();
    const abuseCard = await abuse.innerText();
    for (const shown of ['Abusive', 'Very negative', 'negative signal scored 0.7', 'negative (−0.83)']) expect(abuseCard).to.contain(shown);
    expect(abuseCard).to.contain("This author's other comments here: 0 approved, 1 rejected, 0 held.");

    // The key is this tab's alone: in sessionStorage, not in localStorage or a cookie.
    expect(await storedKey(page)).to.equal(publisher.keys.moderator);
    expect(await page.evaluate('localStorage.length')).to.equal(0);
    expect(await page.context().cookies()).to.deep.equal([]);
    await page.reload();
    expect(await queueAfter(page, '2 held comments shown.')).to.deep.equal(['spam-1', 'abuse-1']);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await statusReads(page, 'Signed out.');
    expect(await storedKey(page)).to.equal(null);
    expect(await page.locator('#queue-items > li').count()).to.equal(0);
    await page.reload();
    expect(await page.getByLabel('API key').isVisible()).to.equal(true);
  });

  pageTest('shows markup in a comment as text and runs none of it', async (page) => {
    const publisher = await seed([{ commentId: 'xss', text: XSS_TEXT, flags: { spam: 0.5 } }]);
    await signIn(page, publisher.keys.moderator);
    await queueAfter(page, '1 held comment shown.');
    await card(page, 'xss').getByText('spam signal scored 0.5').waitFor();
    expect(await card(page, 'xss').locator('.comment-text').textContent()).to.equal(XSS_TEXT);
    expect(await page.locator('#queue-items img').count()).to.equal(0);
    expect(await page.evaluate('typeof window.__xss')).to.equal('undefined');
  });

  pageTest('narrows the list to the flag kinds checked, and says when none match', async (page) => {
    const publisher = await seed([
      { commentId: 'spam', flags: { spam: 0.7 }, createdAt: at(0) },
      { commentId: 'abuse', flags: { toxic: 0.9 }, createdAt: at(1) },
      { commentId: 'copy', flags: { duplicate: 1, spam: 0.6 }, createdAt: at(2) },
    ]);
    await signIn(page, publisher.keys.moderator);
    expect(await queueAfter(page, '3 held comments shown.')).to.deep.equal(['spam', 'abuse', 'copy']);

    await page.getByLabel('Abusive').check();
    await page.getByRole('button', { name: 'Apply filters' }).click();
    expect(await queueAfter(page, '1 held comment shown.')).to.deep.equal(['abuse']);
    expect(new URL(page.url()).searchParams.get('flag')).to.equal('toxic');

    await page.getByLabel('Duplicate').check();
    await page.getByRole('button', { name: 'Apply filters' }).click();
    expect(await queueAfter(page, '2 held comments shown.')).to.deep.equal(['abuse', 'copy']);

    await page.getByLabel('Abusive').uncheck();
    await page.getByLabel('Duplicate').uncheck();
    await page.getByLabel('Unsupported language').check();
    await page.getByRole('button', { name: 'Apply filters' }).click();
    expect(await queueAfter(page, 'No held comments have these flags.')).to.deep.equal([]);
  });

  pageTest('approves a comment: it leaves the list and the API records the moderator’s key and reason', async (page) => {
    const publisher = await seed([
      { commentId: 'approve-me', flags: { negative: 0.6 }, createdAt: at(0) },
      { commentId: 'keep', flags: { spam: 0.6 }, createdAt: at(1) },
    ]);
    await signIn(page, publisher.keys.moderator);
    await queueAfter(page, '2 held comments shown.');
    await card(page, 'approve-me').getByLabel('Reason (optional)').fill('harsh but on topic');
    await card(page, 'approve-me').getByRole('button', { name: 'Approve' }).click();
    await statusReads(page, 'Approved the comment by A Reader (approve-me).');
    expect(await queueAfter(page, '1 held comment shown.')).to.deep.equal(['keep']);

    const detail = await apiDetail('approve-me', publisher.keys.moderator);
    expect(detail.status).to.equal('approved');
    expect(detail.decision).to.include({ action: 'approve', reason: 'harsh but on topic', decidedBy: publisher.keyIds.moderator });
  });

  pageTest('says so when another moderator decided first, and drops the item', async (page) => {
    const publisher = await seed([
      { commentId: 'contested', flags: { toxic: 0.8 }, createdAt: at(0) },
      { commentId: 'other', flags: { spam: 0.8 }, createdAt: at(1) },
    ]);
    await signIn(page, publisher.keys.moderator);
    await queueAfter(page, '2 held comments shown.');
    const first = await fetch(`${server!.url}/v1/comments/contested/decision`, {
      method: 'POST',
      headers: { authorization: `Bearer ${publisher.keys.admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'reject' }),
    });
    expect(first.status).to.equal(200);

    await card(page, 'contested').getByRole('button', { name: 'Approve' }).click();
    await statusReads(page, 'Comment "contested" was already decided (reject) by another moderator. It has left the queue.');
    expect(await queueAfter(page, '1 held comment shown.')).to.deep.equal(['other']);
    expect((await apiDetail('contested', publisher.keys.moderator)).decision).to.include({ action: 'reject', decidedBy: publisher.keyIds.admin });
  });

  pageTest('pages through the queue with Load more', async (page) => {
    const publisher = await seed(['p-1', 'p-2', 'p-3', 'p-4', 'p-5'].map((commentId, n) => ({ commentId, flags: { spam: 0.5 }, createdAt: at(n) })));
    await signIn(page, publisher.keys.moderator);
    await queueAfter(page, '5 held comments shown.');
    await page.getByLabel('Per page').fill('2');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    expect(await queueAfter(page, '2 held comments shown; more are waiting.')).to.deep.equal(['p-1', 'p-2']);

    const loadMore = page.getByRole('button', { name: 'Load more' });
    await loadMore.click();
    expect(await queueAfter(page, '4 held comments shown; more are waiting.')).to.deep.equal(['p-1', 'p-2', 'p-3', 'p-4']);
    await loadMore.click();
    expect(await queueAfter(page, '5 held comments shown.')).to.deep.equal(['p-1', 'p-2', 'p-3', 'p-4', 'p-5']);
    expect(await loadMore.isVisible()).to.equal(false);
  });

  pageTest('keeps the item when the API cannot be reached, and decides it once it can', async (page) => {
    const publisher = await seed([{ commentId: 'flaky', flags: { spam: 0.7 } }]);
    await signIn(page, publisher.keys.moderator);
    await queueAfter(page, '1 held comment shown.');
    await page.route('**/v1/comments/*/decision', (route) => route.abort('internetdisconnected'));
    const reject = card(page, 'flaky').getByRole('button', { name: 'Reject' });
    await reject.click();
    await statusReads(page, 'Could not reach the moderation API: the comment by A Reader (flaky) was not decided. Try again.');
    expect(await queueAfter(page, '1 held comment shown.')).to.deep.equal(['flaky']);
    expect(await reject.isEnabled()).to.equal(true);
    expect((await apiDetail('flaky', publisher.keys.moderator)).status).to.equal('pending');

    await page.unroute('**/v1/comments/*/decision');
    await reject.click();
    await statusReads(page, 'Rejected the comment by A Reader (flaky).');
    expect(await queueAfter(page, 'No comments are waiting for review.')).to.deep.equal([]);
  });

  pageTest('returns to sign-in with the API’s message when the key is revoked mid-session', async (page) => {
    const publisher = await seed([{ commentId: 'late', flags: { spam: 0.7 } }]);
    await signIn(page, publisher.keys.moderator);
    await queueAfter(page, '1 held comment shown.');
    await revokeApiKey(server!.storage, publisher.keyIds.moderator);
    await card(page, 'late').getByRole('button', { name: 'Approve' }).click();
    await statusReads(page, 'You were signed out. The API key is unknown or revoked.');
    expect(await page.getByLabel('API key').isVisible()).to.equal(true);
    expect(await storedKey(page)).to.equal(null);
    expect((await apiDetail('late', publisher.keys.admin)).status).to.equal('pending');
  });
});
