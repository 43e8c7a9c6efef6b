import { existsSync } from 'node:fs';
import { expect } from 'chai';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's build: playwright-core downloads no browser, and this machine can fetch none. */
export const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/**
 * Chromium for a suite of browser tests, or the suite skipped with a hint when it is missing (failed under CI, where
 * a skipped browser test would hide a broken page).
 */
export async function launchChromiumOrSkip(context: Mocha.Context, options: { backForwardCache?: boolean } = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    if (process.env.CI) throw new Error(`${CHROMIUM} is missing: the browser tests need Debian's chromium package (.ci/run installs it).`);
    process.stderr.write(`[moderator page] skipping the browser tests: ${CHROMIUM} is missing; install it with: apt-get install -y chromium\n`);
    context.skip();
  }
  // Playwright turns Chromium's back/forward cache off by default; a test of what a restored page does needs it on.
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, ...(options.backForwardCache ? { ignoreDefaultArgs: ['--disable-back-forward-cache'] } : {}) });
}

/**
 * A page in a fresh browser context (its own sessionStorage) that collects script errors and Content-Security-Policy
 * violations, the latter as the page's own `securitypolicyviolation` events.
 */
export async function watchedPage(browser: Browser): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(5_000);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  // The browser logs every 4xx answer and aborted request as "Failed to load resource"; those are the API's answers under test.
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(`console: ${message.text()}`);
  });
  await page.exposeFunction('reportPolicyViolation', (violation: string) => problems.push(`CSP: ${violation}`));
  await page.addInitScript({
    content: `document.addEventListener('securitypolicyviolation', (event) => {
      window.reportPolicyViolation(event.effectiveDirective + ' refused ' + event.blockedURI);
    });`,
  });
  return { page, problems };
}

/** A mocha test in a page of its own, failing on any script error or CSP violation in it. */
export function pageTest(title: string, browser: () => Browser, body: (page: Page) => Promise<void>): void {
  it(title, async () => {
    const { page, problems } = await watchedPage(browser());
    try {
      await body(page);
      expect(problems, 'errors in the page').to.deep.equal([]);
    } finally {
      await page.context().close();
    }
  });
}

export async function signIn(page: Page, baseUrl: string, key: string): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Waits for the element's text to read `text` (the whole of it, or a match), and names what it read instead. */
export async function textReads(page: Page, selector: string, text: string | RegExp): Promise<void> {
  const element = page.locator(selector);
  try {
    await (typeof text === 'string' ? element.getByText(text, { exact: true }) : element.filter({ hasText: text })).waitFor();
  } catch (error) {
    throw new Error(`${selector} never read ${text}; it reads "${await element.textContent()}"`, { cause: error });
  }
}

/** Waits for the status line (the aria-live region) to read `text`. */
export async function statusReads(page: Page, text: string | RegExp): Promise<void> {
  try {
    await page.getByRole('status').filter({ hasText: text }).waitFor();
  } catch (error) {
    throw new Error(`status line never read ${text}; it reads "${await page.getByRole('status').textContent()}"`, { cause: error });
  }
}
