import { CLAIM_LEASE_SECONDS, createApiKey } from '@moderato/storage';
import { expect } from 'chai';
import type { Browser, Locator, Page, Request } from 'playwright-core';
import { at, createPublisherWithKeys, saveComments, type PublisherWithKeys } from '../../packages/storage/test/builders.js';
import { launchChromiumOrSkip, pageTest as pageTestIn, statusReads, textReads } from '../support/moderator-browser.js';
import { chromiumPageSuite } from '../support/page-suite.js';

/** A comment the API lists, with the key id of whoever leases it (null: nobody) and until when. */
type Listed = [commentId: string, keyId: string | null, until: string | null];

/**
 * The page's leases over time: it renews them while it shows the comments, and gives them back as the tab closes or
 * leaves. Time is the page's clock (Playwright's), run on by hand rather than waited for.
 */
describe('moderator page in Chromium: claims over time', function () {
  this.timeout(30_000);
  const { server, pageTest, signIn } = chromiumPageSuite('moderator-page-claims');
  const LEASE_MS = CLAIM_LEASE_SECONDS * 1_000;
  const card = (page: Page, commentId: string): Locator => page.locator(`#queue-items > li[data-comment-id="${commentId}"]`);

  async function seed(commentIds: string[]): Promise<PublisherWithKeys & { desk2: { key: string; keyId: string } }> {
    const publisher = await createPublisherWithKeys(server().storage);
    await saveComments(server().storage, commentIds.map((commentId, n) => ({ commentId, flags: { toxic: 0.7 }, createdAt: at(n), publisherId: publisher.publisherId })));
    const desk2 = await createApiKey(server().storage, { publisherId: publisher.publisherId, role: 'moderator', label: 'Desk 2' });
    return { ...publisher, desk2 };
  }

  /** Every held comment as another key's queue lists it with `includeClaimed`, or (without) only those it may take. */
  async function apiQueue(key: string, includeClaimed = false): Promise<Listed[]> {
    const res = await fetch(`${server().url}/v1/queue${includeClaimed ? '?includeClaimed=true' : ''}`, { headers: { authorization: `Bearer ${key}` } });
    expect(res.status).to.equal(200);
    const body = (await res.json()) as { items: Array<{ commentId: string; claim: { keyId: string; until: string } | null }> };
    return body.items.map((item) => [item.commentId, item.claim?.keyId ?? null, item.claim?.until ?? null]);
  }

  /** Waits (5 s at most) for a key's queue to list `count` comments: the page releases without a word to the test. */
  async function queueUntil(key: string, count: number): Promise<void> {
    for (let tries = 0; tries < 50 && (await apiQueue(key)).length !== count; tries++) await new Promise((resolve) => setTimeout(resolve, 100));
  }

  const isClaim = (request: Request): boolean => request.method() === 'POST' && new URL(request.url()).pathname === '/v1/queue/claim';

  const claimedIds = (request: Request): string[] => (request.postDataJSON() as { commentIds: string[] }).commentIds;

  /** The ids of every claim the page sends from now on, in order. */
  function claimsSent(page: Page): string[][] {
    const sent: string[][] = [];
    page.on('request', (request) => {
      if (isClaim(request)) sent.push(claimedIds(request));
    });
    return sent;
  }

  /**
   * Counts the page's writes of its claim line (the same words again included) in `claimLineWrites`: a write means the
   * page has read a claim's answer and timed its next renewal, so the test may run the clock on.
   */
  async function countClaimLineWrites(page: Page): Promise<void> {
    await page.evaluate(`window.claimLineWrites = 0;
      new MutationObserver(() => window.claimLineWrites++).observe(document.getElementById('claim-state'), { childList: true });`);
  }
  const claimLineWritten = (page: Page, writes: number): Promise<unknown> =>
    // A function, not a string: the page's Content-Security-Policy forbids eval.
    page.waitForFunction((least) => (globalThis as unknown as { claimLineWrites: number }).claimLineWrites >= least, writes);

  /** Awaits one of Playwright's waits, saying what the page never did when it times out. */
  async function pageDoes<T>(wait: Promise<T>, what: string): Promise<T> {
    try {
      return await wait;
    } catch (error) {
      throw new Error(`the page never ${what}`, { cause: error });
    }
  }

  /**
   * Signs in with the page's clock stopped, so that it moves only as the test runs it on (and the leases' times count
   * from the page's claim); resolves once the page has claimed what it shows.
   */
  async function signInOnTestClock(page: Page, key: string, shown: number): Promise<void> {
    const now = Date.now();
    await page.clock.install({ time: now });
    await page.clock.pauseAt(now + 1_000);
    await signIn(page, key);
    await textReads(page, '#queue-state', `${shown} held comments shown.`);
    await textReads(page, '#claim-state', /^The comments shown are yours until /);
  }

  /** Rejects a comment and undoes that at once: the undo puts it back on the page, which claims it again. */
  async function rejectAndUndo(page: Page, commentId: string): Promise<void> {
    await card(page, commentId).getByRole('button', { name: 'Reject' }).click();
    await statusReads(page, `Rejected the comment by A Reader (${commentId}).`);
    const claimed = page.waitForResponse((response) => isClaim(response.request()));
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await statusReads(page, `Undid the rejection of the comment by A Reader (${commentId}): it is pending again.`);
    expect((await claimed).status()).to.equal(200);
  }

  pageTest('renews the leases on what it shows before they run out, again and again', async (page) => {
    const publisher = await seed(['r-1', 'r-2', 'r-3']);
    const sent = claimsSent(page);
    await signInOnTestClock(page, publisher.keys.moderator, 3);
    expect(sent).to.deep.equal([['r-1', 'r-2', 'r-3']]);
    let leases = await apiQueue(publisher.desk2.key, true);
    expect(leases.map(([commentId, keyId]) => [commentId, keyId])).to.deep.equal(['r-1', 'r-2', 'r-3'].map((id) => [id, publisher.keyIds.moderator]));

    await countClaimLineWrites(page);
    for (let renewal = 1; renewal <= 2; renewal++) {
      // A second short of a lease's length after the page read its last claim's answer (its clock stood still since).
      await page.clock.runFor(LEASE_MS - 1_000);
      await pageDoes(claimLineWritten(page, renewal), `renewed its leases (renewal ${renewal}) within ${LEASE_MS - 1_000} ms of claiming them`);
      expect(sent, `renewal ${renewal}`).to.have.length(1 + renewal);
      expect(sent.at(-1)).to.deep.equal(['r-1', 'r-2', 'r-3']);
      const renewed = await apiQueue(publisher.desk2.key, true);
      for (const [index, [commentId, keyId, until]] of renewed.entries()) {
        expect(keyId, commentId).to.equal(publisher.keyIds.moderator);
        expect(Date.parse(until!), commentId).to.be.greaterThan(Date.parse(leases[index]![2]!));
      }
      leases = renewed;
    }
    // All the while, the other desk's queue skips them.
    expect(await apiQueue(publisher.desk2.key)).to.deep.equal([]);
  });

  pageTest('keeps to its renewal time when an undo claims one comment again in between', async (page) => {
    const publisher = await seed(['u-1', 'u-2', 'u-3']);
    const sent = claimsSent(page);
    await signInOnTestClock(page, publisher.keys.moderator, 3);
    // Undos at 100 s and 240 s claim u-1 alone; the leases of u-2 and u-3 (taken at 0 s) still need renewing before 300 s.
    await page.clock.runFor(100_000);
    await rejectAndUndo(page, 'u-1');
    // The renewal due at 150 s, answered before the next decision so that the two cannot cross.
    const renewed = page.waitForResponse((response) => isClaim(response.request()) && claimedIds(response.request()).length === 3);
    await page.clock.runFor(140_000);
    await pageDoes(renewed, 'renewed all three leases by 240 s');
    await rejectAndUndo(page, 'u-1');
    await page.clock.runFor(LEASE_MS - 241_000);
    expect(sent).to.deep.equal([['u-1', 'u-2', 'u-3'], ['u-1'], ['u-1', 'u-2', 'u-3'], ['u-1']]);
    expect(await apiQueue(publisher.desk2.key)).to.deep.equal([]);
  });

  pageTest('tries a failed renewal again shortly, before the leases run out', async (page) => {
    const publisher = await seed(['f-1', 'f-2']);
    const sent = claimsSent(page);
    await signInOnTestClock(page, publisher.keys.moderator, 2);
    await page.route('**/v1/queue/claim', (route) => route.abort('internetdisconnected'));
    await page.clock.runFor(LEASE_MS / 2);
    await textReads(page, '#claim-state', /^Could not claim the comments shown, so other moderators may see them too; trying again shortly\./);
    await page.unroute('**/v1/queue/claim');
    const renewed = page.waitForResponse((response) => isClaim(response.request()));
    await page.clock.runFor(20_000);
    expect((await pageDoes(renewed, 'tried the failed renewal again within 20 s')).status()).to.equal(200);
    await textReads(page, '#claim-state', /^The comments shown are yours until /);
    expect(sent).to.deep.equal([['f-1', 'f-2'], ['f-1', 'f-2'], ['f-1', 'f-2']]);
    expect(await apiQueue(publisher.desk2.key)).to.deep.equal([]);
  });

  pageTest('frees its comments for other moderators at once when the tab closes', async (page) => {
    const publisher = await seed(['t-1', 't-2']);
    await signIn(page, publisher.keys.moderator);
    await textReads(page, '#claim-state', /^The comments shown are yours until /);
    expect(await apiQueue(publisher.desk2.key)).to.deep.equal([]);

    await page.close();
    await queueUntil(publisher.desk2.key, 2);
    expect(await apiQueue(publisher.desk2.key)).to.deep.equal([['t-1', null, null], ['t-2', null, null]]);
  });

  pageTest('frees only the comments it showed when the tab closes: another tab with the same key keeps its own', async (page) => {
    const publisher = await createPublisherWithKeys(server().storage);
    await saveComments(server().storage, [
      { commentId: 'x-toxic-1', flags: { toxic: 0.7 }, createdAt: at(0), publisherId: publisher.publisherId },
      { commentId: 'x-toxic-2', flags: { toxic: 0.7 }, createdAt: at(1), publisherId: publisher.publisherId },
      { commentId: 'x-spam-1', flags: { spam: 0.8 }, createdAt: at(2), publisherId: publisher.publisherId },
    ]);
    const desk2 = await createApiKey(server().storage, { publisherId: publisher.publisherId, role: 'moderator', label: 'Desk 2' });
    const spamTab = await page.context().newPage();
    for (const [tab, flag, shown] of [[page, 'toxic', 2], [spamTab, 'spam', 1]] as const) {
      await tab.goto(`${server().url}/?flag=${flag}`);
      await tab.getByLabel('API key').fill(publisher.keys.moderator);
      await tab.getByRole('button', { name: 'Sign in' }).click();
      await textReads(tab, '#queue-state', `${shown} held ${shown === 1 ? 'comment' : 'comments'} shown.`);
      await textReads(tab, '#claim-state', /^The comments shown are yours until /);
    }
    expect(await apiQueue(desk2.key)).to.deep.equal([]);

    await page.close();
    await queueUntil(desk2.key, 2);
    expect(await apiQueue(desk2.key)).to.deep.equal([['x-toxic-1', null, null], ['x-toxic-2', null, null]]);
    expect((await apiQueue(desk2.key, true)).find(([commentId]) => commentId === 'x-spam-1')?.[1]).to.equal(publisher.keyIds.moderator);
  });

  pageTest('frees its comments when the tab goes to another address, and claims them again on the way back', async (page) => {
    const publisher = await seed(['n-1', 'n-2']);
    await signIn(page, publisher.keys.moderator);
    await textReads(page, '#claim-state', /^The comments shown are yours until /);
    expect(await apiQueue(publisher.desk2.key)).to.deep.equal([]);

    await page.goto('about:blank');
    await queueUntil(publisher.desk2.key, 2);
    expect(await apiQueue(publisher.desk2.key)).to.deep.equal([['n-1', null, null], ['n-2', null, null]]);
    // The key outlives the address in this tab's session: back on the page, it shows and claims the comments again.
    await page.goBack();
    await textReads(page, '#claim-state', /^The comments shown are yours until /);
    expect(await apiQueue(publisher.desk2.key)).to.deep.equal([]);
  });

  describe('with the back/forward cache on', () => {
    let cachingBrowser: Browser | undefined;
    before(async function () {
      cachingBrowser = await launchChromiumOrSkip(this, { backForwardCache: true });
    });
    after(async () => {
      await cachingBrowser?.close();
    });

    pageTestIn('claims its comments again when the browser shows the kept page again', () => cachingBrowser!, async (page) => {
      const publisher = await seed(['b-1', 'b-2']);
      await signIn(page, publisher.keys.moderator);
      await textReads(page, '#claim-state', /^The comments shown are yours until /);
      // Marks this document: only the kept page, not a new load, still carries it on the way back.
      await page.evaluate('window.keptPage = true');
      const sent = claimsSent(page);

      await page.goto(`${server().url}/openapi.json`);
      await queueUntil(publisher.desk2.key, 2);
      expect(await apiQueue(publisher.desk2.key)).to.deep.equal([['b-1', null, null], ['b-2', null, null]]);
      // A page restored from the cache fires no load event, only pageshow: wait for the navigation to commit.
      const claimed = page.waitForResponse((response) => isClaim(response.request()));
      await page.goBack({ waitUntil: 'commit' });
      expect((await pageDoes(claimed, 'claimed its comments again once restored')).status()).to.equal(200);
      expect(await page.evaluate('window.keptPage'), 'the page came back from the back/forward cache').to.equal(true);
      expect(sent).to.deep.equal([['b-1', 'b-2']]);
      expect(await apiQueue(publisher.desk2.key)).to.deep.equal([]);
      expect((await apiQueue(publisher.desk2.key, true)).map(([commentId, keyId]) => [commentId, keyId])).to.deep.equal([['b-1', publisher.keyIds.moderator], ['b-2', publisher.keyIds.moderator]]);
    });
  });
});
