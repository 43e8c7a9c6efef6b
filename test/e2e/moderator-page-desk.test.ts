import { createApiKey, setPublisherPolicy } from '@moderato/storage';
import { expect } from 'chai';
import type { Locator, Page } from 'playwright-core';
import { at, createPublisherWithKeys, saveComments, type CommentSpec, type PublisherWithKeys } from '../../packages/storage/test/builders.js';
import { statusReads, textReads } from '../support/moderator-browser.js';
import { chromiumPageSuite } from '../support/page-suite.js';

interface DecisionView {
  status: string;
  decision: { action: string; decidedBy: string; decidedAt: string } | null;
}

/** The moderator's desk (issue 14): deciding a selection at once, undoing, and working the queue from the keyboard. */
describe('moderator page in Chromium: the desk', function () {
  this.timeout(30_000);
  const { server, pageTest, signIn } = chromiumPageSuite('moderator-page-desk');
  const card = (page: Page, commentId: string): Locator => page.locator(`#queue-items > li[data-comment-id="${commentId}"]`);
  const box = (page: Page, commentId: string): Locator => card(page, commentId).getByRole('checkbox', { name: `Select the comment by A Reader (${commentId})` });

  async function seed(commentIds: string[], extra: Partial<Omit<CommentSpec, 'publisherId'>> = {}): Promise<PublisherWithKeys> {
    const publisher = await createPublisherWithKeys(server().storage);
    await saveComments(server().storage, commentIds.map((commentId, n) => ({ commentId, flags: { toxic: 0.7 }, createdAt: at(n), ...extra, publisherId: publisher.publisherId })));
    return publisher;
  }

  /** Waits for the queue's state line to read `text`, then returns the comment ids listed, in order. */
  async function queueAfter(page: Page, text: string): Promise<string[]> {
    await textReads(page, '#queue-state', text);
    return page.locator('#queue-items > li').evaluateAll((items) => items.map((item) => item.getAttribute('data-comment-id')));
  }

  async function apiDetail(commentId: string, key: string): Promise<DecisionView> {
    const res = await fetch(`${server().url}/v1/comments/${encodeURIComponent(commentId)}`, { headers: { authorization: `Bearer ${key}` } });
    expect(res.status).to.equal(200);
    return (await res.json()) as DecisionView;
  }

  async function apiDecide(commentId: string, key: string, action: 'approve' | 'reject', ifMatch?: string): Promise<void> {
    const res = await fetch(`${server().url}/v1/comments/${encodeURIComponent(commentId)}/decision`, {
      method: ifMatch ? 'PUT' : 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...(ifMatch && { 'if-match': `"${ifMatch}"` }) },
      body: JSON.stringify({ action }),
    });
    expect(res.status, await res.clone().text()).to.equal(200);
  }

  /** The box shadow that marks the card the keys act on. (A string: these tests are type-checked without the DOM's types.) */
  const cardShadow = (page: Page, commentId: string): Promise<unknown> =>
    page.evaluate(`getComputedStyle(document.querySelector('#queue-items > li[data-comment-id="${commentId}"]')).boxShadow`);
  const outcomes = (page: Page): Promise<string[]> => page.locator('#outcome-list > li').allTextContents();
  /** The comment id of the card holding the focus, and of the card marked current. */
  const focusedCard = (page: Page): Promise<unknown> =>
    page.evaluate(`[document.activeElement?.closest('#queue-items > li')?.getAttribute('data-comment-id') ?? null,
      document.querySelector('#queue-items > li[aria-current="true"]')?.getAttribute('data-comment-id') ?? null]`);

  describe('bulk decisions', () => {
    pageTest('selects a range with shift-click and rejects it in one call, saying what became of each comment', async (page) => {
      const publisher = await seed(['d-1', 'd-2', 'd-3', 'd-4']);
      // A comment erased after the list was drawn: the list shows one more comment than the API stores. (Its claim
      // would drop it from the list at once, so this page claims nothing: claims are the subject of another test.)
      await page.route('**/v1/queue/claim', (route) => route.abort('internetdisconnected'));
      await page.route('**/v1/queue?*', async (route) => {
        const answer = await route.fetch();
        const body = (await answer.json()) as { items: Array<Record<string, unknown>> };
        const [last] = body.items.slice(-1);
        await route.fulfill({ response: answer, json: { ...body, items: [...body.items, { ...last, commentId: 'gone' }] } });
      });
      const sent: unknown[] = [];
      page.on('request', (request) => {
        if (request.url().endsWith('/v1/decisions')) sent.push(request.postDataJSON());
      });
      await signIn(page, publisher.keys.moderator);
      expect(await queueAfter(page, '5 held comments shown.')).to.deep.equal(['d-1', 'd-2', 'd-3', 'd-4', 'gone']);
      await textReads(page, '#claim-state', /^Could not claim the comments shown/);
      await textReads(page, '#selection-count', 'None selected.');
      expect(await page.getByRole('button', { name: 'Reject selected' }).isDisabled()).to.equal(true);
      // Another moderator approves d-2 after the list was loaded.
      await apiDecide('d-2', publisher.keys.admin, 'approve');

      await box(page, 'd-2').check();
      await box(page, 'gone').click({ modifiers: ['Shift'] });
      await textReads(page, '#selection-count', '4 comments selected.');
      expect(await box(page, 'd-1').isChecked()).to.equal(false);
      expect(await page.getByLabel('Select all shown').evaluate((input) => (input as unknown as { indeterminate: boolean }).indeterminate)).to.equal(true);

      await page.getByLabel('Reason for the selected (optional)').fill('pile-on');
      await page.getByRole('button', { name: 'Reject selected' }).click();
      await statusReads(page, 'Rejected 2 of 4 selected comments. 1 already decided, 1 no longer stored: see the list below.');
      expect(sent).to.deep.equal([{ commentIds: ['d-2', 'd-3', 'd-4', 'gone'], action: 'reject', reason: 'pile-on' }]);
      expect(await outcomes(page)).to.deep.equal([
        'Already decided: the comment by A Reader (d-2) was approved by another moderator first; it has left the list.',
        'Rejected: the comment by A Reader (d-3)',
        'Rejected: the comment by A Reader (d-4)',
        'Not found: the comment by A Reader (gone) is no longer stored; it has left the list.',
      ]);
      expect(await queueAfter(page, '1 held comment shown.')).to.deep.equal(['d-1']);
      await textReads(page, '#selection-count', 'None selected.');

      for (const commentId of ['d-3', 'd-4']) {
        const detail = await apiDetail(commentId, publisher.keys.moderator);
        expect(detail.status).to.equal('rejected');
        expect(detail.decision).to.include({ action: 'reject', decidedBy: publisher.keyIds.moderator });
      }
      expect((await apiDetail('d-2', publisher.keys.moderator)).decision).to.include({ action: 'approve', decidedBy: publisher.keyIds.admin });
      expect((await apiDetail('d-1', publisher.keys.moderator)).status).to.equal('pending');
    });

    pageTest('selects all shown and approves them; Undo puts them all back, pending, where they stood', async (page) => {
      const publisher = await seed(['all-1', 'all-2', 'all-3']);
      await signIn(page, publisher.keys.moderator);
      await queueAfter(page, '3 held comments shown.');
      await page.getByLabel('Select all shown').check();
      await textReads(page, '#selection-count', '3 comments selected.');
      await page.getByRole('button', { name: 'Approve selected' }).click();
      await statusReads(page, 'Approved 3 comments.');
      expect(await queueAfter(page, 'No comments are waiting for review.')).to.deep.equal([]);
      for (const commentId of ['all-1', 'all-2', 'all-3']) expect((await apiDetail(commentId, publisher.keys.moderator)).status).to.equal('approved');

      await page.getByRole('button', { name: 'Undo (3)' }).click();
      await statusReads(page, 'Undid 3 approvals: the comments are pending again.');
      expect(await queueAfter(page, '3 held comments shown.')).to.deep.equal(['all-1', 'all-2', 'all-3']);
      expect(await page.getByRole('button', { name: /^Undo/ }).isVisible()).to.equal(false);
      for (const commentId of ['all-1', 'all-2', 'all-3']) {
        expect(await apiDetail(commentId, publisher.keys.moderator)).to.include({ status: 'pending', decision: null });
      }
      // Back in the list, they can be decided again.
      await card(page, 'all-2').getByRole('button', { name: 'Reject' }).click();
      await statusReads(page, 'Rejected the comment by A Reader (all-2).');
      expect(await queueAfter(page, '2 held comments shown.')).to.deep.equal(['all-1', 'all-3']);
    });
  });

  describe('undo', () => {
    pageTest('undoes a single decision from the status line, and says so when someone changed it since', async (page) => {
      const publisher = await seed(['s-1', 's-2']);
      await signIn(page, publisher.keys.moderator);
      await queueAfter(page, '2 held comments shown.');
      await card(page, 's-1').getByRole('button', { name: 'Reject' }).click();
      await statusReads(page, 'Rejected the comment by A Reader (s-1).');
      expect(await queueAfter(page, '1 held comment shown.')).to.deep.equal(['s-2']);
      // The clicked button was disabled while the decision was on its way, dropping the focus: the next comment takes it.
      expect(await focusedCard(page)).to.deep.equal(['s-2', 's-2']);

      await page.getByRole('button', { name: 'Undo', exact: true }).click();
      await statusReads(page, 'Undid the rejection of the comment by A Reader (s-1): it is pending again.');
      expect(await queueAfter(page, '2 held comments shown.')).to.deep.equal(['s-1', 's-2']);
      expect(await apiDetail('s-1', publisher.keys.moderator)).to.include({ status: 'pending', decision: null });

      await card(page, 's-1').getByRole('button', { name: 'Reject' }).click();
      await statusReads(page, 'Rejected the comment by A Reader (s-1).');
      const rejected = await apiDetail('s-1', publisher.keys.moderator);
      // An admin turns the rejection into an approval before the moderator thinks better of it.
      await apiDecide('s-1', publisher.keys.admin, 'approve', rejected.decision!.decidedAt);
      await page.getByRole('button', { name: 'Undo', exact: true }).click();
      await statusReads(
        page,
        'Did not undo the decision on the comment by A Reader (s-1): it was decided again since by another moderator (now approved), so it is no longer the decision you made.',
      );
      expect(await page.getByRole('status').getAttribute('data-tone')).to.equal('error');
      expect(await queueAfter(page, '1 held comment shown.')).to.deep.equal(['s-2']);
      expect((await apiDetail('s-1', publisher.keys.moderator)).decision).to.include({ action: 'approve', decidedBy: publisher.keyIds.admin });
    });

    pageTest('says the window has passed when the publisher allows no time to undo', async (page) => {
      const publisher = await seed(['late-1']);
      await setPublisherPolicy(server().storage, publisher.publisherId, { decisions: { undoWindowMinutes: 0 } });
      await signIn(page, publisher.keys.moderator);
      await queueAfter(page, '1 held comment shown.');
      await card(page, 'late-1').getByRole('button', { name: 'Approve' }).click();
      await statusReads(page, 'Approved the comment by A Reader (late-1).');
      await page.getByRole('button', { name: 'Undo', exact: true }).click();
      await statusReads(page, /^Too late to undo the decision on the comment by A Reader \(late-1\): the publisher's window for undoing it closed at .+\.$/);
      expect(await queueAfter(page, 'No comments are waiting for review.')).to.deep.equal([]);
      expect((await apiDetail('late-1', publisher.keys.moderator)).status).to.equal('approved');
    });
  });

  describe('claims', () => {
    /** The comment ids a key's queue page lists, with the key id of whoever leases each (null: nobody). */
    async function apiQueue(key: string, query = ''): Promise<Array<[string, string | null]>> {
      const res = await fetch(`${server().url}/v1/queue${query}`, { headers: { authorization: `Bearer ${key}` } });
      expect(res.status).to.equal(200);
      const body = (await res.json()) as { items: Array<{ commentId: string; claim: { keyId: string } | null }> };
      return body.items.map((item) => [item.commentId, item.claim?.keyId ?? null]);
    }

    /** Waits (5 s at most) for a key's queue page to list `count` comments: the page claims and releases without a word to the test. */
    async function queueUntil(key: string, count: number): Promise<void> {
      for (let tries = 0; tries < 50 && (await apiQueue(key)).length !== count; tries++) await new Promise((resolve) => setTimeout(resolve, 100));
    }

    pageTest('claims the comments it shows, drops one another moderator claimed first, and frees them at sign-out', async (page) => {
      const publisher = await seed(['c-1', 'c-2', 'c-3']);
      const desk2 = await createApiKey(server().storage, { publisherId: publisher.publisherId, role: 'moderator', label: 'Desk 2' });
      // Desk 2 leases c-2 between this page's listing of the queue and its claim.
      await page.route('**/v1/queue/claim', async (route) => {
        const res = await fetch(`${server().url}/v1/queue/claim`, {
          method: 'POST',
          headers: { authorization: `Bearer ${desk2.key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ commentIds: ['c-2'] }),
        });
        expect(res.status).to.equal(200);
        await page.unroute('**/v1/queue/claim');
        await route.continue();
      });
      await signIn(page, publisher.keys.moderator);
      await textReads(page, '#claim-state', /another moderator/);
      expect(await queueAfter(page, '2 held comments shown.')).to.deep.equal(['c-1', 'c-3']);
      expect(await page.locator('#claim-state').textContent()).to.match(
        /^The comments shown are yours until .+: other moderators' queues skip them while this page shows them\. 1 comment left the list: another moderator \(Desk 2\) is working on it\.$/,
      );

      // Desk 2's queue skips what this page holds, unless it asks for leased items too.
      expect(await apiQueue(desk2.key)).to.deep.equal([['c-2', desk2.keyId]]);
      expect(await apiQueue(desk2.key, '?includeClaimed=true')).to.deep.equal([
        ['c-1', publisher.keyIds.moderator],
        ['c-2', desk2.keyId],
        ['c-3', publisher.keyIds.moderator],
      ]);

      // A decision ends its lease; an undo puts the comment back on the page, and the page claims it again.
      await card(page, 'c-1').getByRole('button', { name: 'Reject' }).click();
      await statusReads(page, 'Rejected the comment by A Reader (c-1).');
      await page.getByRole('button', { name: 'Undo', exact: true }).click();
      await statusReads(page, 'Undid the rejection of the comment by A Reader (c-1): it is pending again.');
      await queueUntil(desk2.key, 1);
      expect(await apiQueue(desk2.key)).to.deep.equal([['c-2', desk2.keyId]]);

      await page.getByRole('button', { name: 'Sign out' }).click();
      await statusReads(page, 'Signed out.');
      await queueUntil(desk2.key, 3);
      expect(await apiQueue(desk2.key)).to.deep.equal([['c-1', null], ['c-2', desk2.keyId], ['c-3', null]]);
    });
  });

  describe('overview', () => {
    const viewButton = (page: Page, name: string): Locator => page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name, exact: true });
    const figures = (page: Page, id: string): Promise<string[][]> =>
      page.locator(`#${id} > div`).evaluateAll((found) => found.map((row) => [row.querySelector('dt')?.textContent ?? '', row.querySelector('dd')?.textContent ?? '']));
    const tableRows = (page: Page, id: string): Promise<string[][]> =>
      page.locator(`#${id} > tr`).evaluateAll((found) => found.map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent ?? '')));

    pageTest('shows what came in, who decided what and how fast, and how often each flag was upheld', async (page) => {
      const publisher = await createPublisherWithKeys(server().storage);
      const desk2 = await createApiKey(server().storage, { publisherId: publisher.publisherId, role: 'moderator', label: 'Desk 2' });
      // Written an hour ago, so that the overview's default range (the last 7 days) holds them and their decisions.
      const anHourAgo = Date.now() - 3_600_000;
      const written = (n: number): Date => new Date(anHourAgo + n * 1_000);
      await saveComments(server().storage, [
        { publisherId: publisher.publisherId, commentId: 'o-1', flags: { toxic: 0.8 }, createdAt: written(0) },
        { publisherId: publisher.publisherId, commentId: 'o-2', flags: { toxic: 0.7 }, createdAt: written(1) },
        { publisherId: publisher.publisherId, commentId: 'o-3', flags: { spam: 0.6 }, createdAt: written(2) },
        { publisherId: publisher.publisherId, commentId: 'o-4', flags: { spam: 0.6 }, createdAt: written(3) },
        { publisherId: publisher.publisherId, commentId: 'o-5', createdAt: written(4) },
      ]);
      await apiDecide('o-1', publisher.keys.moderator, 'reject');
      await apiDecide('o-2', publisher.keys.moderator, 'reject');
      await apiDecide('o-3', desk2.key, 'approve');

      await signIn(page, publisher.keys.moderator);
      await queueAfter(page, '1 held comment shown.');
      await viewButton(page, 'Overview').click();
      await textReads(page, '#overview-state', /^Between .+ and .+ \(UTC\)\.$/);
      expect(new URL(page.url()).searchParams.get('view')).to.equal('overview');
      expect(await figures(page, 'overview-received')).to.deep.equal([
        ['Comments received', '5'],
        ['Settled by the policy', '1 approved, 0 rejected'],
        ['Decided by hand', '1 approved, 2 rejected'],
        ['Still held', '1'],
        ['Held for review now (any day)', '1'],
      ]);
      const decisions = await figures(page, 'overview-decisions');
      expect(decisions[0]).to.deep.equal(['Decisions', '3: 1 approved, 2 rejected']);
      expect(decisions.slice(1).map(([term]) => term)).to.deep.equal(['Time to decision, median', 'Time to decision, 95th percentile']);
      for (const [, value] of decisions.slice(1)) expect(value).to.match(/^(\d+ min \d+ s|1 h \d+ min)$/);
      expect((await page.locator('#overview-flags > li').allTextContents()).sort()).to.deep.equal(['Abusive 2 comments', 'Spam 2 comments']);
      // Precision with its counts, and a share resting on few decisions says so.
      expect(await tableRows(page, 'overview-precision')).to.deep.equal([
        ['Abusive', '2', '2', '100% (few decisions)'],
        ['Spam', '1', '0', '0% (few decisions)'],
      ]);
      expect(await tableRows(page, 'overview-moderators')).to.deep.equal([
        [publisher.keyIds.moderator, '2', '0', '2'],
        [`Desk 2 (${desk2.keyId})`, '1', '1', '0'],
      ]);
    });

    pageTest('marks the day the API finds wrong, and is not offered to analysts', async (page) => {
      const publisher = await createPublisherWithKeys(server().storage);
      await page.goto(`${server().url}/?view=overview&overviewFrom=2025-10-05&overviewTo=2025-10-01`);
      await page.getByLabel('API key').fill(publisher.keys.admin);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await textReads(page, '#overview-state', /End day must be later than from\.$/);
      expect(await page.getByLabel('End day').getAttribute('aria-invalid')).to.equal('true');
      expect(await page.locator('#overview-result').isVisible()).to.equal(false);

      await page.getByLabel('Start day').fill('2025-09-28');
      await page.getByRole('button', { name: 'Show overview' }).click();
      await textReads(page, '#overview-state', /^Between .+ and .+ \(UTC\)\.$/);
      expect(await tableRows(page, 'overview-moderators')).to.deep.equal([['No decisions in the range.']]);
      await page.getByRole('button', { name: 'Sign out' }).click();

      const apiPaths: string[] = [];
      page.on('request', (request) => apiPaths.push(new URL(request.url()).pathname));
      await page.goto(`${server().url}/?view=overview`);
      await page.getByLabel('API key').fill(publisher.keys.analyst);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Sentiment of comments' }).waitFor();
      expect(await page.locator('#overview').isVisible()).to.equal(false);
      expect(apiPaths).not.to.include('/v1/overview');
    });
  });

  describe('sentiment per article and per author', () => {
    const reading = (commentId: string, articleId: string, authorId: string, score: number, day: number, extra: Partial<CommentSpec> = {}): Omit<CommentSpec, 'publisherId'> => ({
      commentId,
      articleId,
      authorId,
      createdAt: new Date(Date.UTC(2025, 9, day, 12)),
      sentiment: { score, label: score <= -0.25 ? 'negative' : score >= 0.25 ? 'positive' : 'neutral' },
      ...extra,
    });
    /** 1 to 3 October: a1 reads two negative and one positive comment, a2 one positive and one neutral; a spam comment on a1 is negative. */
    const READINGS = [
      reading('r-1', 'a1', 'u-a', -0.6, 1),
      reading('r-2', 'a1', 'u-b', -0.4, 2),
      reading('r-3', 'a1', 'u-a', 0.5, 3),
      reading('r-4', 'a2', 'u-c', 0.6, 1),
      reading('r-5', 'a2', 'u-d', 0.1, 2),
      reading('r-spam', 'a1', 'u-spam', -0.8, 2, { flags: { spam: 0.9 } }),
    ];
    /** The rows of a ranking table as shown: id, negative, neutral, positive, total, negative share, positive share, mean score. */
    const rows = (page: Page, table: 'article' | 'author'): Promise<string[][]> =>
      page.locator(`#${table}-rows > tr`).evaluateAll((found) => found.map((row) => [row.querySelector('th')?.textContent ?? '', ...[...row.querySelectorAll('td.number')].map((cell) => cell.textContent ?? '')]));

    async function showRankings(page: Page, filters: { first?: string; last?: string; rankBy?: string; rows?: string }): Promise<void> {
      if (filters.first !== undefined) await page.getByLabel('First day').fill(filters.first);
      if (filters.last !== undefined) await page.getByLabel('Last day').fill(filters.last);
      if (filters.rankBy) await page.getByLabel('Rank by').selectOption({ label: filters.rankBy });
      if (filters.rows !== undefined) await page.getByLabel('Rows').fill(filters.rows);
      await page.getByRole('button', { name: 'Show rankings' }).click();
    }

    pageTest('ranks articles and authors over the days chosen, leaving spam out unless asked to count it', async (page) => {
      const publisher = await createPublisherWithKeys(server().storage);
      await saveComments(server().storage, READINGS.map((spec) => ({ ...spec, publisherId: publisher.publisherId })));
      await signIn(page, publisher.keys.analyst);
      await textReads(page, '#rank-state', 'No comments with a measured sentiment in this range.');
      await textReads(page, '#stats-excluded', "Comments flagged spam or duplicate are left out of every figure here: they are not the readers' sentiment.");

      await showRankings(page, { first: '2025-10-01', last: '2025-10-03' });
      await textReads(page, '#rank-state', '2 articles and 4 authors with comments in the range.');
      expect(await rows(page, 'article')).to.deep.equal([
        ['a1', '2', '0', '1', '3', '67%', '33%', '−0.17'],
        ['a2', '0', '1', '1', '2', '0%', '50%', '0.35'],
      ]);
      expect(await rows(page, 'author')).to.deep.equal([
        ['u-b', '1', '0', '0', '1', '100%', '0%', '−0.40'],
        ['u-a', '1', '0', '1', '2', '50%', '50%', '−0.05'],
        ['u-c', '0', '0', '1', '1', '0%', '100%', '0.60'],
        ['u-d', '0', '1', '0', '1', '0%', '0%', '0.10'],
      ]);
      expect(await page.locator('#article-caption').textContent()).to.match(/^Articles, most negative first: comments between .+ and .+ \(UTC\)\.$/);
      expect(await page.locator('#article-rows > tr').first().getByRole('img').getAttribute('aria-label')).to.equal('67% negative, 0% neutral, 33% positive');

      await page.getByLabel('Count spam and duplicates too').check();
      await textReads(page, '#stats-excluded', 'Every comment with a measured sentiment is counted here, spam and duplicates included.');
      await textReads(page, '#rank-state', '2 articles and 5 authors with comments in the range.');
      expect((await rows(page, 'article'))[0]).to.deep.equal(['a1', '3', '0', '1', '4', '75%', '25%', '−0.33']);
      expect((await rows(page, 'author')).map(([id]) => id)).to.deep.equal(['u-b', 'u-spam', 'u-a', 'u-c', 'u-d']);
      // The figures over time count it too.
      await textReads(page, '#stats-state', '3 days with comments; 6 comments in all.');
      expect(new URL(page.url()).searchParams.get('include')).to.equal('spam,duplicate');

      await showRankings(page, { rankBy: 'Most comments first', rows: '1' });
      await textReads(page, '#rank-state', '1 article and 1 author with comments in the range.');
      expect(await rows(page, 'article')).to.deep.equal([['a1', '3', '0', '1', '4', '75%', '25%', '−0.33']]);
      expect(await page.locator('#author-caption').textContent()).to.match(/^Authors, most comments first: /);
      expect(Object.fromEntries(new URL(page.url()).searchParams)).to.deep.equal({
        view: 'sentiment', include: 'spam,duplicate', rankFrom: '2025-10-01', rankTo: '2025-10-03', rank: 'comments', rows: '1',
      });

      // A reload keeps it all.
      await page.reload();
      await textReads(page, '#rank-state', '1 article and 1 author with comments in the range.');
      expect(await page.getByLabel('Count spam and duplicates too').isChecked()).to.equal(true);
      expect(await page.getByLabel('Rank by').inputValue()).to.equal('comments');
    });

    pageTest('shows the API’s word on days that end before they start, on the field', async (page) => {
      const publisher = await createPublisherWithKeys(server().storage);
      await signIn(page, publisher.keys.analyst);
      await textReads(page, '#rank-state', 'No comments with a measured sentiment in this range.');
      await showRankings(page, { first: '2025-10-05', last: '2025-10-01' });
      await textReads(page, '#rank-state', /Last day must be later than from\.$/);
      expect(await page.getByLabel('Last day').getAttribute('aria-invalid')).to.equal('true');
      expect(await page.getByLabel('First day').getAttribute('aria-invalid')).to.equal('false');
      expect(await page.locator('#article-result').isVisible()).to.equal(false);
    });
  });

  describe('keys', () => {
    pageTest('moves with j and k, decides with a and r, selects with x, undoes with u', async (page) => {
      const publisher = await seed(['k-1', 'k-2', 'k-3', 'k-4']);
      await signIn(page, publisher.keys.moderator);
      await queueAfter(page, '4 held comments shown.');
      await page.keyboard.press('j');
      expect(await focusedCard(page)).to.deep.equal(['k-1', 'k-1']);
      // The comment the keys act on is marked for the eye too.
      expect(await cardShadow(page, 'k-1')).not.to.equal('none');
      expect(await cardShadow(page, 'k-2')).to.equal('none');
      await page.keyboard.press('j');
      await page.keyboard.press('j');
      await page.keyboard.press('k');
      expect(await focusedCard(page)).to.deep.equal(['k-2', 'k-2']);
      await page.keyboard.press('j');

      await page.keyboard.press('r');
      await statusReads(page, 'Rejected the comment by A Reader (k-3).');
      expect(await queueAfter(page, '3 held comments shown.')).to.deep.equal(['k-1', 'k-2', 'k-4']);
      // Focus moves on to the next comment, so the next key acts on it.
      expect(await focusedCard(page)).to.deep.equal(['k-4', 'k-4']);

      await page.keyboard.press('u');
      await statusReads(page, 'Undid the rejection of the comment by A Reader (k-3): it is pending again.');
      expect(await queueAfter(page, '4 held comments shown.')).to.deep.equal(['k-1', 'k-2', 'k-3', 'k-4']);
      expect((await apiDetail('k-3', publisher.keys.moderator)).status).to.equal('pending');

      await page.keyboard.press('x');
      await page.keyboard.press('k');
      await page.keyboard.press('x');
      await textReads(page, '#selection-count', '2 comments selected.');
      expect(await box(page, 'k-3').isChecked()).to.equal(true);
      expect(await box(page, 'k-4').isChecked()).to.equal(true);
      await page.keyboard.press('a');
      await statusReads(page, 'Approved 2 comments.');
      expect(await queueAfter(page, '2 held comments shown.')).to.deep.equal(['k-1', 'k-2']);
      for (const commentId of ['k-3', 'k-4']) expect((await apiDetail(commentId, publisher.keys.moderator)).status).to.equal('approved');
    });

    pageTest('ignores the keys while the moderator types in a field', async (page) => {
      const publisher = await seed(['t-1', 't-2']);
      await signIn(page, publisher.keys.moderator);
      await queueAfter(page, '2 held comments shown.');
      const reason = card(page, 't-1').getByLabel('Reason (optional)');
      await reason.click();
      await page.keyboard.type('a jerk, x rated? ur');
      expect(await reason.inputValue()).to.equal('a jerk, x rated? ur');
      await page.getByLabel('Reason for the selected (optional)').click();
      await page.keyboard.type('ja');
      expect(await page.locator('#keys-help').isVisible()).to.equal(false);
      expect(await queueAfter(page, '2 held comments shown.')).to.deep.equal(['t-1', 't-2']);
      await textReads(page, '#selection-count', 'None selected.');
      expect((await apiDetail('t-1', publisher.keys.moderator)).status).to.equal('pending');
    });

    pageTest('lists the keys on ?, and Escape closes the list and gives the focus back', async (page) => {
      const publisher = await seed(['h-1']);
      await signIn(page, publisher.keys.moderator);
      await queueAfter(page, '1 held comment shown.');
      await page.keyboard.press('j');
      await page.keyboard.press('?');
      const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
      await help.waitFor();
      expect(await help.locator('dt').allTextContents()).to.deep.equal(['j', 'k', 'x', 'a', 'r', 'u', '?', 'Esc']);
      // While it is open the keys do nothing else.
      await page.keyboard.press('a');
      await page.keyboard.press('Escape');
      await help.waitFor({ state: 'hidden' });
      expect(await focusedCard(page)).to.deep.equal(['h-1', 'h-1']);
      expect((await apiDetail('h-1', publisher.keys.moderator)).status).to.equal('pending');

      await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
      await help.waitFor();
      await help.getByRole('button', { name: 'Close' }).click();
      await help.waitFor({ state: 'hidden' });
    });
  });
});
