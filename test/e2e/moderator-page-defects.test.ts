import { createAnalyzer, loadModels } from '@moderato/analysis';
import { saveAnalyzedComment } from '@moderato/storage';
import { expect } from 'chai';
import type { Locator, Page } from 'playwright-core';
import { at, buildAnalyzedComment, createPublisherWithKeys, saveComments, type CommentSpec, type PublisherWithKeys } from '../../packages/storage/test/builders.js';
import { statusReads, textReads } from '../support/moderator-browser.js';
import { chromiumPageSuite } from '../support/page-suite.js';

/** The page as a new user found it (issue 14): each test shows one of the defects they reported is gone. */
describe('moderator page in Chromium: what a new user saw', function () {
  this.timeout(30_000);
  const { server, pageTest, signIn } = chromiumPageSuite('moderator-page-defects');
  const card = (page: Page, commentId: string): Locator => page.locator(`#queue-items > li[data-comment-id="${commentId}"]`);
  const viewButton = (page: Page, name: string): Locator => page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name, exact: true });

  async function seed(specs: Array<Omit<CommentSpec, 'publisherId'>>): Promise<PublisherWithKeys> {
    const publisher = await createPublisherWithKeys(server().storage);
    await saveComments(server().storage, specs.map((spec) => ({ ...spec, publisherId: publisher.publisherId })));
    return publisher;
  }

  pageTest('clears the line about a decision when the moderator switches to the sentiment figures', async (page) => {
    const publisher = await seed([
      // Toxic, not spam: the sentiment figures leave spam out, and this test needs them to have comments.
      { commentId: 'decide-me', flags: { toxic: 0.7 }, createdAt: at(0) },
      { commentId: 'stays', flags: { toxic: 0.6 }, createdAt: at(1) },
    ]);
    await signIn(page, publisher.keys.moderator);
    await textReads(page, '#queue-state', '2 held comments shown.');
    await card(page, 'decide-me').getByRole('button', { name: 'Reject' }).click();
    await statusReads(page, 'Rejected the comment by A Reader (decide-me).');

    await viewButton(page, 'Sentiment').click();
    await textReads(page, '#stats-state', /comments in all/);
    expect(await page.getByRole('status').textContent()).to.equal('');
    await viewButton(page, 'Review queue').click();
    await textReads(page, '#queue-state', '1 held comment shown.');
    expect(await page.getByRole('status').textContent()).to.equal('');
  });

  pageTest('names the insult once in its reason, quoting the words again only when the author wrote them otherwise', async (page) => {
    const analyzer = createAnalyzer(loadModels());
    const analyze = (commentId: string, text: string) =>
      analyzer.analyze({ commentId, authorId: 'u-9', articleId: 'article-1', text }, { policy: analyzer.defaultPolicy, duplicateCandidates: [] });
    const lower = 'Only an idiot would write this article.';
    const upper = 'Only an IDIOT would write this article.';
    const publisher = await seed([
      { commentId: 'lower', text: lower, analysis: analyze('lower', lower), createdAt: at(0) },
      { commentId: 'upper', text: upper, analysis: analyze('upper', upper), createdAt: at(1) },
    ]);
    await signIn(page, publisher.keys.moderator);
    await textReads(page, '#queue-state', '2 held comments shown.');
    const toxicReasons = (commentId: string): Locator => card(page, commentId).locator('.flags > li').filter({ hasText: 'Abusive' }).locator('.reasons > li');

    await toxicReasons('lower').first().waitFor();
    expect(await toxicReasons('lower').allTextContents()).to.deep.equal(['insult: "idiot"']);
    expect(await toxicReasons('lower').locator('q').count()).to.equal(0);
    // The words are still marked in the comment itself.
    expect(await card(page, 'lower').locator('.comment-text mark').allTextContents()).to.deep.equal(['idiot']);

    await toxicReasons('upper').first().waitFor();
    expect(await toxicReasons('upper').allTextContents()).to.deep.equal(['insult: "idiot" — IDIOT']);
  });

  pageTest('names the author of the comment a duplicate copies, with their id', async (page) => {
    const publisher = await createPublisherWithKeys(server().storage);
    const text = 'Subscribe at cheap.example for the full story';
    const original = buildAnalyzedComment({ publisherId: publisher.publisherId, commentId: 'original', authorId: 'u-first', text, createdAt: at(0) });
    await saveAnalyzedComment(server().storage, { ...original, authorName: 'First Poster' });
    await saveComments(server().storage, [
      { publisherId: publisher.publisherId, commentId: 'copy', authorId: 'u-copier', text, flags: { duplicate: 1 }, duplicateOf: 'original', createdAt: at(1) },
    ]);
    await signIn(page, publisher.keys.moderator);
    await textReads(page, '#queue-state', '1 held comment shown.');
    await textReads(page, `#queue-items > li[data-comment-id="copy"] .context`, /^Copy of comment/);
    expect(await card(page, 'copy').locator('.context p').first().textContent()).to.equal(`Copy of comment original by First Poster (u-first): ${text}`);
  });

  pageTest('shows its own icon, and sends a browser asking for /favicon.ico to it rather than to a 404', async (page) => {
    const failed: string[] = [];
    page.on('response', (response) => {
      if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
    });
    await page.goto(`${server().url}/`);
    await page.getByLabel('API key').waitFor();
    // The icon as the page names it, loaded as an image (so under the page's img-src) and decoded: a real picture.
    // (Strings, as the other browser tests write them: these tests are type-checked without the DOM's types.)
    const icon = await page.evaluate(`(async () => {
      const link = document.querySelector('link[rel="icon"]');
      if (!(link instanceof HTMLLinkElement)) return null;
      const image = new Image();
      image.src = link.href;
      await image.decode();
      const answer = await fetch(link.href);
      return { path: new URL(link.href).pathname, width: image.naturalWidth, type: answer.headers.get('content-type') };
    })()`);
    expect(icon).to.deep.equal({ path: '/favicon.svg', width: 32, type: 'image/svg+xml; charset=utf-8' });

    const fallback = await page.evaluate(`(async () => {
      const answer = await fetch('/favicon.ico');
      return { status: answer.status, path: new URL(answer.url).pathname, type: answer.headers.get('content-type') };
    })()`);
    expect(fallback).to.deep.equal({ status: 200, path: '/favicon.svg', type: 'image/svg+xml; charset=utf-8' });
    expect(failed, 'requests the server refused').to.deep.equal([]);
  });
});
