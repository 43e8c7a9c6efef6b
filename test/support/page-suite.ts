import type { Browser, Page } from 'playwright-core';
import { startModerationServer, type ModerationServer } from './moderation-server.js';
import { launchChromiumOrSkip, pageTest, signIn } from './moderator-browser.js';

export interface PageSuite {
  /** The file's moderation server (its storage, its URL); only inside tests and hooks. */
  server(): ModerationServer;
  browser(): Browser;
  /** A mocha test in a watched page of its own (see moderator-browser.ts pageTest). */
  pageTest(title: string, body: (page: Page) => Promise<void>): void;
  signIn(page: Page, key: string): Promise<void>;
}

/**
 * What every moderator-page test file sets up, called inside its describe block: Chromium (the file's tests skip
 * without it, fail under CI) and a moderation server of its own named `label`, both closed after the file.
 */
export function chromiumPageSuite(label: string): PageSuite {
  let server: ModerationServer | undefined;
  let browser: Browser | undefined;
  before(async function () {
    [browser, server] = await Promise.all([launchChromiumOrSkip(this), startModerationServer(label)]);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });
  return {
    server: () => server!,
    browser: () => browser!,
    pageTest: (title, body) => pageTest(title, () => browser!, body),
    signIn: (page, key) => signIn(page, server!.url, key),
  };
}
