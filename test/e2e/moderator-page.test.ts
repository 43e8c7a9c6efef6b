import { createAnalyzer, loadModels, type Reason } from '@moderato/analysis';
import { revokeApiKey } from '@moderato/storage';
import { expect } from 'chai';
import type { Locator, Page } from 'playwright-core';
import { MAX_HOURLY_RANGE_DAYS } from '../../services/moderation-api/src/http/query-schemas.js';
import { at, createPublisherWithKeys, saveComments, type CommentSpec, type PublisherWithKeys } from '../../packages/storage/test/builders.js';
import { statusReads, watchedPage } from '../support/moderator-browser.js';
import { chromiumPageSuite } from '../support/page-suite.js';

const XSS_TEXT = '<img src=x onerror="window.__xss=1">';
/** Well-formed, but no such key exists. */
const UNKNOWN_KEY = `mod_AAAAAAAAAAAAAAAA_${'A'.repeat(43)}`;

interface DecisionView {
  status: string;
  decision: { action: string; reason: string | null; decidedBy: string } | null;
}

/** A piece of comment text in a <mark>, with the reasons its title names and whether it is marked as an overlap. */
interface MarkView {
  text: string | null;
  title: string | null;
  overlap: boolean;
}

/** A reason as listed under its flag: its message, and the words it quotes (null when it points at none). */
type ReasonLine = [string, string | null];

/** A reason pointing at `words` (their first occurrence) in `text`, as the analysis gives one. */
function pointingAt(text: string, words: string, code: string, message: string): Reason {
  const start = text.indexOf(words);
  if (start < 0) throw new Error(`"${words}" is not in "${text}"`);
  return { code, message, span: [start, start + words.length] };
}

/** WCAG contrast ratio of two opaque colours as getComputedStyle gives them ("rgb(r, g, b)"). */
function contrast(first: string, second: string): number {
  const luminance = (color: string): number => {
    const [r = 0, g = 0, b = 0] = (color.match(/\d+(?:\.\d+)?/g) ?? []).map((channel) => {
      const value = Number(channel) / 255;
      return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [lighter = 0, darker = 0] = [luminance(first), luminance(second)].sort((a, b) => b - a);
  return (lighter + 0.05) / (darker + 0.05);
}

/** A row of the sentiment table as read: bucket start (its datetime), negative, neutral, positive, total, mean score. */
type FigureRow = [string | null, ...string[]];

const comment = (commentId: string, articleId: string, createdAt: string, score: number | null): Omit<CommentSpec, 'publisherId'> => ({
  commentId,
  articleId,
  createdAt: new Date(createdAt),
  sentiment: score === null ? null : { score, label: score <= -0.25 ? 'negative' : score >= 0.25 ? 'positive' : 'neutral' },
});

/**
 * Two days of comments on two articles, with known labels and scores. 1 October: a1 −0.6 (held as abusive), a1 0.4,
 * a2 0.1, a1 −0.3, and an a1 comment without a sentiment (not counted); 3 October: a2 0.5 and a2 0.9, the last at 23:30.
 */
const SENTIMENT_SEED: Array<Omit<CommentSpec, 'publisherId'>> = [
  { ...comment('oct1-abuse', 'a1', '2025-10-01T09:15:00Z', -0.6), flags: { toxic: 0.9 } },
  comment('oct1-praise', 'a1', '2025-10-01T10:30:00Z', 0.4),
  comment('oct1-shrug', 'a2', '2025-10-01T14:00:00Z', 0.1),
  comment('oct1-gripe', 'a1', '2025-10-01T20:00:00Z', -0.3),
  comment('oct1-unmeasured', 'a1', '2025-10-01T21:00:00Z', null),
  comment('oct3-like', 'a2', '2025-10-03T08:00:00Z', 0.5),
  comment('oct3-love', 'a2', '2025-10-03T23:30:00Z', 0.9),
];

/** What a moderator sees and does in the page, driven through a real Chromium against the real moderation API. */
describe('moderator page in Chromium', function () {
  this.timeout(30_000);
  const { server, browser, pageTest, signIn } = chromiumPageSuite('moderator-page');

  async function seed(specs: Array<Omit<CommentSpec, 'publisherId'>>): Promise<PublisherWithKeys> {
    const publisher = await createPublisherWithKeys(server().storage);
    await saveComments(server().storage, specs.map((spec) => ({ ...spec, publisherId: publisher.publisherId })));
    return publisher;
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

  /** Waits for the sentiment view's state line to read `text`, then returns the table's rows as shown. */
  async function figuresAfter(page: Page, text: string): Promise<FigureRow[]> {
    const state = page.locator('#stats-state');
    try {
      await state.getByText(text, { exact: true }).waitFor();
    } catch (error) {
      throw new Error(`sentiment state never read "${text}"; it reads "${await state.textContent()}"`, { cause: error });
    }
    if (!(await page.locator('#stats-result').isVisible())) return [];
    return page.locator('#stats-rows > tr').evaluateAll((rows) =>
      rows.map((row) => [row.querySelector('time')?.getAttribute('datetime') ?? null, ...[...row.querySelectorAll('td.number')].map((cell) => cell.textContent ?? '')]),
    );
  }

  async function showFigures(page: Page, filters: { articleId?: string; from?: string; to?: string; interval?: 'Hour' | 'Day' }): Promise<void> {
    if (filters.articleId !== undefined) await page.getByLabel('Article id').fill(filters.articleId);
    if (filters.from !== undefined) await page.getByLabel('From').fill(filters.from);
    if (filters.to !== undefined) await page.getByLabel('To', { exact: true }).fill(filters.to);
    if (filters.interval) await page.getByLabel('Interval').selectOption({ label: filters.interval });
    await page.getByRole('button', { name: 'Show figures' }).click();
  }

  const identity = (page: Page) => page.locator('#identity').textContent();
  const viewButton = (page: Page, name: string): Locator => page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name, exact: true });

  const card = (page: Page, commentId: string): Locator => page.locator(`#queue-items > li[data-comment-id="${commentId}"]`);
  const marks = (of: Locator): Promise<MarkView[]> =>
    of.locator('.comment-text mark').evaluateAll((found) => found.map((mark) => ({ text: mark.textContent, title: mark.getAttribute('title'), overlap: mark.classList.contains('overlap') })));
  const reasonLines = (of: Locator): Promise<ReasonLine[]> =>
    of.locator('.reasons > li').evaluateAll((found) => found.map((line) => [line.firstChild?.textContent ?? '', line.querySelector('q')?.textContent ?? null]));
  const storedKey = (page: Page) => page.evaluate('sessionStorage.getItem("moderato.apiKey")');

  /** The comment as the API reports it, read outside the page. */
  async function apiDetail(commentId: string, key: string): Promise<DecisionView> {
    const res = await fetch(`${server().url}/v1/comments/${encodeURIComponent(commentId)}`, { headers: { authorization: `Bearer ${key}` } });
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

  pageTest('signs an analyst in to the sentiment figures, without the review queue', async (page) => {
    const publisher = await seed(SENTIMENT_SEED);
    const apiPaths: string[] = [];
    page.on('request', (request) => apiPaths.push(new URL(request.url()).pathname));
    await signIn(page, publisher.keys.analyst);
    await statusReads(page, 'Signed in.');
    expect(await identity(page)).to.equal(`Signed in as analyst · ${publisher.publisherId}`);

    expect(await figuresAfter(page, '2 days with comments; 6 comments in all.')).to.deep.equal([
      ['2025-10-01T00:00:00.000Z', '2', '1', '1', '4', '−0.10'],
      ['2025-10-03T00:00:00.000Z', '0', '0', '2', '2', '0.70'],
    ]);
    expect(await page.getByRole('columnheader').allTextContents()).to.deep.equal(['Day (UTC)', 'Negative', 'Neutral', 'Positive', 'Total', 'Mean score', 'Shares']);
    expect(await page.locator('#stats-caption').textContent()).to.match(/^Comments with a measured sentiment per day: all articles, all time\.$/);

    // Each row's bar shows the labels' shares, its widths set from the script under the page's CSP.
    const firstBar = page.locator('#stats-rows > tr').first().getByRole('img');
    expect(await firstBar.getAttribute('aria-label')).to.equal('50% negative, 25% neutral, 25% positive');
    const drawnShares = await firstBar.evaluate((bar) => [...bar.children].map((segment) => Math.round((segment.getBoundingClientRect().width / bar.clientWidth) * 100)));
    expect(drawnShares).to.deep.equal([50, 25, 25]);

    // No queue for an analyst: neither the view nor the switch to it, nor a request that would be refused.
    expect(await page.getByRole('heading', { name: 'Sentiment of comments' }).isVisible()).to.equal(true);
    expect(await page.getByRole('navigation', { name: 'Views' }).isVisible()).to.equal(false);
    expect(await page.locator('#queue').isVisible()).to.equal(false);
    // (The view loads the figures over time and the per-article and per-author rankings at once.)
    expect(apiPaths.filter((path) => path.startsWith('/v1/')).sort()).to.deep.equal(['/v1/me', '/v1/stats/articles', '/v1/stats/authors', '/v1/stats/sentiment']);

    await showFigures(page, { articleId: 'a2' });
    expect(await figuresAfter(page, '2 days with comments; 3 comments in all.')).to.deep.equal([
      ['2025-10-01T00:00:00.000Z', '0', '1', '0', '1', '0.10'],
      ['2025-10-03T00:00:00.000Z', '0', '0', '2', '2', '0.70'],
    ]);
    expect(await page.locator('#stats-caption').textContent()).to.contain('article a2');
    await showFigures(page, { articleId: 'a1' });
    expect(await figuresAfter(page, '1 day with comments; 3 comments in all.')).to.deep.equal([['2025-10-01T00:00:00.000Z', '2', '0', '1', '3', '−0.17']]);

    // The address keeps the filters: a reload shows the same figures.
    expect(Object.fromEntries(new URL(page.url()).searchParams)).to.deep.equal({ view: 'sentiment', articleId: 'a1' });
    await page.reload();
    expect(await figuresAfter(page, '1 day with comments; 3 comments in all.')).to.deep.equal([['2025-10-01T00:00:00.000Z', '2', '0', '1', '3', '−0.17']]);
    expect(await page.getByLabel('Article id').inputValue()).to.equal('a1');
  });

  pageTest('shows the API’s message for a range that ends before it starts, and says when nothing matches', async (page) => {
    const publisher = await seed(SENTIMENT_SEED);
    await signIn(page, publisher.keys.analyst);
    await figuresAfter(page, '2 days with comments; 6 comments in all.');

    await showFigures(page, { from: '2025-10-03', to: '2025-10-01' });
    expect(await figuresAfter(page, 'Invalid query. To must be later than from.')).to.deep.equal([]);
    expect(await page.getByLabel('To', { exact: true }).getAttribute('aria-invalid')).to.equal('true');
    expect(await page.getByLabel('From').getAttribute('aria-invalid')).to.equal('false');

    // Hourly figures over all time would be tens of thousands of rows: the API asks for a bounded range.
    await showFigures(page, { from: '', to: '', interval: 'Hour' });
    expect(await figuresAfter(page, `Invalid query. From must be given, and at most ${MAX_HOURLY_RANGE_DAYS} days before to (or before now), when interval is hour; use interval=day for longer ranges.`)).to.deep.equal([]);
    expect(await page.getByLabel('From').getAttribute('aria-invalid')).to.equal('true');
    await page.getByLabel('Interval').selectOption({ label: 'Day' });

    // To includes its whole day: the comment at 23:30 on 3 October counts.
    await showFigures(page, { from: '2025-10-02', to: '2025-10-03' });
    expect(await figuresAfter(page, '1 day with comments; 2 comments in all.')).to.deep.equal([['2025-10-03T00:00:00.000Z', '0', '0', '2', '2', '0.70']]);
    expect(await page.getByLabel('To', { exact: true }).getAttribute('aria-invalid')).to.equal('false');

    await showFigures(page, { from: '2025-11-01', to: '' });
    expect(await figuresAfter(page, 'No comments with a measured sentiment match these filters.')).to.deep.equal([]);
    expect(await page.locator('#stats-result').isVisible()).to.equal(false);
  });

  pageTest('shows a moderator both views, names the role in the header, and keeps the open view in the address', async (page) => {
    const publisher = await seed(SENTIMENT_SEED);
    await signIn(page, publisher.keys.moderator);
    await statusReads(page, 'Signed in.');
    expect(await identity(page)).to.equal(`Signed in as moderator · ${publisher.publisherId}`);
    expect(await queueAfter(page, '1 held comment shown.')).to.deep.equal(['oct1-abuse']);
    expect(await viewButton(page, 'Review queue').getAttribute('aria-current')).to.equal('page');
    expect(await page.title()).to.equal('Moderato · Review queue');

    await viewButton(page, 'Sentiment').click();
    expect(await viewButton(page, 'Sentiment').getAttribute('aria-current')).to.equal('page');
    expect(await viewButton(page, 'Review queue').getAttribute('aria-current')).to.equal(null);
    expect(await page.locator('#queue').isVisible()).to.equal(false);
    await figuresAfter(page, '2 days with comments; 6 comments in all.');
    await showFigures(page, { from: '2025-10-01', to: '2025-10-01', interval: 'Hour' });
    const hours = await figuresAfter(page, '4 hours with comments; 4 comments in all.');
    expect(hours.map(([start]) => start)).to.deep.equal(['2025-10-01T09:00:00.000Z', '2025-10-01T10:00:00.000Z', '2025-10-01T14:00:00.000Z', '2025-10-01T20:00:00.000Z']);
    expect(await page.locator('#stats-period').textContent()).to.equal('Hour (UTC)');
    expect(Object.fromEntries(new URL(page.url()).searchParams)).to.deep.equal({ view: 'sentiment', from: '2025-10-01', to: '2025-10-01', interval: 'hour' });

    await page.reload();
    await figuresAfter(page, '4 hours with comments; 4 comments in all.');
    expect(await page.title()).to.equal('Moderato · Sentiment');
    expect(await page.getByLabel('Interval').inputValue()).to.equal('hour');

    await viewButton(page, 'Review queue').click();
    expect(await queueAfter(page, '1 held comment shown.')).to.deep.equal(['oct1-abuse']);
    expect(Object.fromEntries(new URL(page.url()).searchParams)).to.deep.equal({ from: '2025-10-01', to: '2025-10-01', interval: 'hour' });
  });

  pageTest('names an admin key in the header and offers it every view', async (page) => {
    const publisher = await seed([]);
    await signIn(page, publisher.keys.admin);
    await queueAfter(page, 'No comments are waiting for review.');
    expect(await identity(page)).to.equal(`Signed in as admin · ${publisher.publisherId}`);
    expect(await page.getByRole('navigation', { name: 'Views' }).getByRole('button').allTextContents()).to.deep.equal(['Review queue', 'Sentiment', 'Overview', 'Policy', 'Webhooks']);
  });

  // The CSP check in every test above is only worth something if it sees a violation when there is one.
  it('notices a CSP violation in the page', async () => {
    const { page, problems } = await watchedPage(browser());
    try {
      await page.goto(`${server().url}/`);
      await page.evaluate('document.body.setAttribute("style", "color: red")');
      // The violation event reaches the test through the exposed function, a round trip after the evaluate returns.
      for (let waited = 0; !problems.some((problem) => problem.startsWith('CSP: ')) && waited < 2_000; waited += 50) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(problems).to.include('CSP: style-src-attr refused inline');
    } finally {
      await page.context().close();
    }
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
    expect(spamCard).to.contain('Copy of comment original by A Reader (u-1):');
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

  pageTest('marks the words each reason points at, names the reasons on them, and quotes the words its message does not', async (page) => {
    const text = 'Well 😀 you are an idiot, see cheap.example';
    const publisher = await seed([{
      commentId: 'pointed', text, flags: { toxic: 0.9, spam: 0.6 },
      reasons: {
        toxic: [
          pointingAt(text, 'idiot', 'insult', 'insult: "idiot"'),
          pointingAt(text, 'you are an idiot', 'insult', 'insult: "you are an idiot"'),
          { code: 'classifier', message: 'worded like offensive comments' },
          { code: 'insult', message: 'reversed span', span: [20, 10] },
          { code: 'insult', message: 'span past the end', span: [0, 999] },
        ],
        spam: [pointingAt(text, 'cheap.example', 'link', 'contains a link: cheap.example')],
      },
    }]);
    await signIn(page, publisher.keys.moderator);
    await queueAfter(page, '1 held comment shown.');
    const pointed = card(page, 'pointed');
    await pointed.locator('.reasons q').first().waitFor();

    expect(await pointed.locator('.comment-text').textContent()).to.equal(text);
    expect(await marks(pointed)).to.deep.equal([
      { text: 'you are an ', title: 'Abusive: insult: "you are an idiot"', overlap: false },
      { text: 'idiot', title: 'Abusive: insult: "idiot"\nAbusive: insult: "you are an idiot"', overlap: true },
      { text: 'cheap.example', title: 'Spam: contains a link: cheap.example', overlap: false },
    ]);
    expect(await pointed.locator('mark').nth(1).getAttribute('aria-description')).to.equal('Abusive: insult: "idiot"; Abusive: insult: "you are an idiot"');
    expect(await reasonLines(pointed)).to.deep.equal([
      ['insult: "idiot"', null],
      ['insult: "you are an idiot"', null],
      ['worded like offensive comments', null],
      ['reversed span', null],
      ['span past the end', null],
      ['contains a link: cheap.example', 'cheap.example'],
    ]);

    // The marks stand out from the card and keep their text readable, in both colour schemes.
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      const [single, overlap] = await pointed.locator('.comment-text mark').evaluateAll((found) =>
        found.slice(0, 2).map((mark) => {
          const style = mark.ownerDocument.defaultView!.getComputedStyle(mark);
          const cardStyle = mark.ownerDocument.defaultView!.getComputedStyle(mark.closest('.comment')!);
          return { text: style.color, background: style.backgroundColor, card: cardStyle.backgroundColor, cardText: cardStyle.color };
        }),
      );
      for (const mark of [single!, overlap!]) {
        expect(mark.background, `${colorScheme}: mark against the card`).not.to.equal(mark.card);
        expect(mark.text, `${colorScheme}: text colour in a mark`).to.equal(mark.cardText);
        expect(contrast(mark.text, mark.background), `${colorScheme}: contrast of marked text`).to.be.at.least(4.5);
      }
      expect(overlap!.background, `${colorScheme}: overlap against a single mark`).not.to.equal(single!.background);
    }
  });

  pageTest('marks markup-looking words as text, running none of them', async (page) => {
    const text = `${XSS_TEXT} and <b>you idiot</b>`;
    const publisher = await seed([{
      commentId: 'marked-xss', text, flags: { toxic: 0.9 },
      reasons: {
        toxic: [
          pointingAt(text, XSS_TEXT, 'markup', 'looks like markup'),
          pointingAt(text, 'you idiot', 'insult', 'insult: "you idiot"'),
          pointingAt(text, '<b>you idiot</b>', 'insult', 'insult in bold'),
        ],
      },
    }]);
    await signIn(page, publisher.keys.moderator);
    await queueAfter(page, '1 held comment shown.');
    const marked = card(page, 'marked-xss');
    await marked.locator('.reasons q').first().waitFor();

    expect(await marked.locator('.comment-text').textContent()).to.equal(text);
    expect((await marks(marked)).map((mark) => mark.text)).to.deep.equal([XSS_TEXT, '<b>', 'you idiot', '</b>']);
    // Nothing in the text but the marks: no element the comment's markup would have made.
    expect(await marked.locator('.comment-text *').count()).to.equal(4);
    expect(await marked.locator('.comment-text mark').count()).to.equal(4);
    expect(await page.locator('#queue-items img, #queue-items b').count()).to.equal(0);
    expect((await reasonLines(marked)).map(([, quoted]) => quoted)).to.deep.equal([XSS_TEXT, null, '<b>you idiot</b>']);
    expect(await marked.locator('.reasons q *').count()).to.equal(0);
    expect(await page.evaluate('typeof window.__xss')).to.equal('undefined');
  });

  pageTest('marks exactly the insult the real analysis found, past an entity and an emoji', async (page) => {
    // The analysis reads "&amp;" as one character and the emoji as one; its spans still count the text as written.
    const text = 'Nice try &amp; 👍 but you are an IDIOT.';
    const analyzer = createAnalyzer(loadModels());
    const analysis = analyzer.analyze({ commentId: 'real-insult', authorId: 'u-9', articleId: 'article-1', text }, { policy: analyzer.defaultPolicy, duplicateCandidates: [] });
    expect(analysis.status, 'the analysis holds the comment for review').to.equal('pending');
    const publisher = await seed([{ commentId: 'real-insult', text, analysis }]);
    await signIn(page, publisher.keys.moderator);
    await queueAfter(page, '1 held comment shown.');
    const insult = card(page, 'real-insult');
    await insult.locator('.reasons q').first().waitFor();

    expect(await insult.locator('.comment-text').textContent()).to.equal(text);
    expect((await marks(insult)).map((mark) => mark.text)).to.deep.equal(['you are an ', 'IDIOT']);
    expect((await marks(insult))[1]).to.include({ overlap: true });
    expect((await reasonLines(insult)).map(([, quoted]) => quoted).sort()).to.deep.equal(['IDIOT', 'you are an IDIOT']);
  });

  pageTest('narrows the list to the flag kinds checked, and says when none match', async (page) => {
    const publisher = await seed([
      { commentId: 'spam', flags: { spam: 0.7 }, createdAt: at(0) },
      { commentId: 'abuse', flags: { toxic: 0.9 }, createdAt: at(1) },
      { commentId: 'copy', flags: { duplicate: 1, spam: 0.6 }, createdAt: at(2) },
    ]);
    await signIn(page, publisher.keys.moderator);
    expect(await queueAfter(page, '3 held comments shown.')).to.deep.equal(['spam', 'abuse', 'copy']);

    await page.getByLabel('Abusive', { exact: true }).check();
    await page.getByRole('button', { name: 'Apply filters' }).click();
    expect(await queueAfter(page, '1 held comment shown.')).to.deep.equal(['abuse']);
    expect(new URL(page.url()).searchParams.get('flag')).to.equal('toxic');

    await page.getByLabel('Duplicate', { exact: true }).check();
    await page.getByRole('button', { name: 'Apply filters' }).click();
    expect(await queueAfter(page, '2 held comments shown.')).to.deep.equal(['abuse', 'copy']);

    await page.getByLabel('Abusive', { exact: true }).uncheck();
    await page.getByLabel('Duplicate', { exact: true }).uncheck();
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
    const first = await fetch(`${server().url}/v1/comments/contested/decision`, {
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

  pageTest('keeps the typed key when the API cannot be reached at sign-in, and signs in once it can', async (page) => {
    const publisher = await seed([{ commentId: 'waiting', flags: { spam: 0.7 } }]);
    await page.route('**/v1/me', (route) => route.abort('internetdisconnected'));
    await signIn(page, publisher.keys.moderator);
    await statusReads(page, /^Could not sign in\..*Your key is still in the form/);
    expect(await page.getByLabel('API key').inputValue()).to.equal(publisher.keys.moderator);

    await page.unroute('**/v1/me');
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await queueAfter(page, '1 held comment shown.')).to.deep.equal(['waiting']);
  });

  pageTest('returns to sign-in with the API’s message when the key is revoked mid-session', async (page) => {
    const publisher = await seed([{ commentId: 'late', flags: { spam: 0.7 } }]);
    await signIn(page, publisher.keys.moderator);
    await queueAfter(page, '1 held comment shown.');
    await revokeApiKey(server().storage, publisher.keyIds.moderator);
    await card(page, 'late').getByRole('button', { name: 'Approve' }).click();
    await statusReads(page, 'You were signed out. The API key is unknown or revoked.');
    expect(await page.getByLabel('API key').isVisible()).to.equal(true);
    expect(await storedKey(page)).to.equal(null);
    expect((await apiDetail('late', publisher.keys.admin)).status).to.equal('pending');
  });
});
