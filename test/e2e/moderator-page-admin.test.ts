import { EVENT_TYPES } from '@moderato/contracts';
import { recordDeliveryAttempt, replacePublisherPolicy, setAuthorStanding } from '@moderato/storage';
import { expect } from 'chai';
import type { Locator, Page } from 'playwright-core';
import { buildPolicyOverrides, createPublisherWithKeys, saveComments, type CommentSpec, type PublisherWithKeys } from '../../packages/storage/test/builders.js';
import { statusReads, textReads } from '../support/moderator-browser.js';
import { chromiumPageSuite } from '../support/page-suite.js';

/** A literal public address: registration checks where a URL leads, and this machine has no DNS. */
const ENDPOINT_URL = 'https://93.184.216.34/hook';
const XSS_TEXT = '<img src=x onerror="window.__xss=1">';

interface PolicyView {
  version: number;
  overrides: Record<string, unknown>;
  defaults: { spam: { flag: number }; duplicate: { flag: number }; toxic: { flag: number }; negative: { flag: number } };
  updatedBy: unknown;
}

/** The admin views of the moderator page (the publisher's policy, its webhook endpoints) and the authors' standing, in Chromium. */
describe('moderator page in Chromium: policy, authors and webhooks', function () {
  this.timeout(30_000);
  const { server, pageTest, signIn } = chromiumPageSuite('moderator-page-admin');

  async function seed(specs: Array<Omit<CommentSpec, 'publisherId'>> = []): Promise<PublisherWithKeys> {
    const publisher = await createPublisherWithKeys(server().storage);
    await saveComments(server().storage, specs.map((spec) => ({ ...spec, publisherId: publisher.publisherId })));
    return publisher;
  }

  /** A call to the API outside the page, as another client makes it. */
  async function api(key: string, path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<{ status: number; body: unknown }> {
    const res = await fetch(`${server().url}${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${key}`, ...(init.body !== undefined && { 'content-type': 'application/json' }), ...init.headers },
      ...(init.body !== undefined && { body: JSON.stringify(init.body) }),
    });
    return { status: res.status, body: res.status === 204 ? null : await res.json() };
  }

  async function storedPolicy(publisher: PublisherWithKeys): Promise<PolicyView> {
    const { status, body } = await api(publisher.keys.admin, '/v1/policy');
    expect(status).to.equal(200);
    return body as PolicyView;
  }

  const viewButtons = (page: Page): Promise<string[]> => page.getByRole('navigation', { name: 'Views' }).getByRole('button').allTextContents();
  const viewButton = (page: Page, name: string): Locator => page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name, exact: true });
  const field = (page: Page, label: string): Locator => page.getByLabel(label, { exact: true });
  const policyErrors = (page: Page): Promise<string[]> => page.locator('#policy-errors > li').allTextContents();

  /** Signs an admin in and opens the policy view, waiting for the version line. */
  async function openPolicy(page: Page, publisher: PublisherWithKeys, version: number): Promise<void> {
    await signIn(page, publisher.keys.admin);
    await statusReads(page, 'Signed in.');
    await viewButton(page, 'Policy').click();
    await textReads(page, '#policy-meta', new RegExp(`^Version ${version}[,:]`));
    await page.getByRole('button', { name: 'Save the policy' }).and(page.locator(':enabled')).waitFor();
  }

  async function savePolicy(page: Page, expected: string): Promise<void> {
    await page.getByRole('button', { name: 'Save the policy' }).click();
    await textReads(page, '#policy-state', expected);
  }

  describe('the policy view', () => {
    pageTest('is offered to admins only, and kept in the page address', async (page) => {
      const publisher = await seed([{ commentId: 'held', flags: { spam: 0.7 } }]);
      const apiPaths: string[] = [];
      page.on('request', (request) => apiPaths.push(new URL(request.url()).pathname));

      // A moderator asking for the policy view by address gets the queue, and the page asks nothing of the policy.
      await page.goto(`${server().url}/?view=policy`);
      await page.getByLabel('API key').fill(publisher.keys.moderator);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await textReads(page, '#queue-state', '1 held comment shown.');
      expect(await viewButtons(page)).to.deep.equal(['Review queue', 'Sentiment', 'Overview']);
      expect(await page.locator('#policy').isVisible()).to.equal(false);
      expect(new URL(page.url()).searchParams.get('view')).to.equal(null);
      await page.getByRole('button', { name: 'Sign out' }).click();

      await page.goto(`${server().url}/?view=webhooks`);
      await page.getByLabel('API key').fill(publisher.keys.analyst);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Sentiment of comments' }).waitFor();
      expect(await page.getByRole('navigation', { name: 'Views' }).isVisible()).to.equal(false);
      expect(await page.locator('#webhooks').isVisible()).to.equal(false);
      await page.getByRole('button', { name: 'Sign out' }).click();
      expect(apiPaths.filter((path) => path.startsWith('/v1/policy') || path.startsWith('/v1/webhooks'))).to.deep.equal([]);

      await signIn(page, publisher.keys.admin);
      await textReads(page, '#queue-state', '1 held comment shown.');
      expect(await viewButtons(page)).to.deep.equal(['Review queue', 'Sentiment', 'Overview', 'Policy', 'Webhooks']);
      await viewButton(page, 'Policy').click();
      await textReads(page, '#policy-meta', "Version 0: Moderato's defaults, which this publisher has not changed.");
      expect(await viewButton(page, 'Policy').getAttribute('aria-current')).to.equal('page');
      expect(await page.locator('#queue').isVisible()).to.equal(false);
      expect(await page.title()).to.equal('Moderato · Policy');
      expect(new URL(page.url()).searchParams.get('view')).to.equal('policy');
      await page.reload();
      await textReads(page, '#policy-meta', "Version 0: Moderato's defaults, which this publisher has not changed.");
      expect(await page.getByRole('heading', { name: 'Moderation policy' }).isVisible()).to.equal(true);
      // The history is its own request, answered after the policy's.
      await textReads(page, '#policy-history', 'No changes yet: the policy is the defaults.');
    });

    pageTest('shows the stored overrides, the defaults as placeholders, who changed the policy and its recent changes', async (page) => {
      const publisher = await seed();
      const { publisherId } = publisher;
      await replacePublisherPolicy(server().storage, { publisherId, overrides: buildPolicyOverrides(), changedBy: { cli: true } });
      await setAuthorStanding(server().storage, { publisherId, authorId: 'u-new', standing: 'trusted', reason: 'a regular', changedBy: { keyId: publisher.keyIds.moderator } });
      const { defaults } = await storedPolicy(publisher);

      await openPolicy(page, publisher, 2);
      expect(await page.locator('#policy-meta').textContent()).to.match(new RegExp(`^Version 2, changed by key ${publisher.keyIds.moderator} on .+\\.$`));
      const values = async (labels: string[]) => Promise.all(labels.map((label) => field(page, label).inputValue()));
      expect(await values(['Spam flag level', 'Spam reject level', 'Duplicate flag level', 'Abusive reject level', 'Negative flag level (−1 to 1)'])).to.deep.equal(['', '0.95', '', '', '']);
      expect(await field(page, 'Spam flag level').getAttribute('placeholder')).to.equal(`default ${defaults.spam.flag}`);
      expect(await field(page, 'Abusive flag level').getAttribute('placeholder')).to.equal(`default ${defaults.toxic.flag}`);
      expect(await field(page, 'Spam reject level').getAttribute('placeholder')).to.equal('default: none');
      expect(await field(page, 'Negative flag level (−1 to 1)').getAttribute('placeholder')).to.equal(`default ${defaults.negative.flag}`);
      expect(await field(page, 'Hold very negative comments for review').isChecked()).to.equal(false);
      expect(await values(['Blocked link domains', 'Banned terms', 'Suspect terms', 'Articles whose comments are all held (ids)', 'Trusted author ids', 'Banned author ids']))
        .to.deep.equal(['spam.example', 'idiot\ncheap pills', 'lawsuit', 'trial-coverage', 'u-regular\nu-new', 'u-troll']);
      expect(await field(page, 'Hold every comment for review').isChecked()).to.equal(false);
      expect(await field(page, 'Comments of banned authors').inputValue()).to.equal('hold');

      const changes = page.locator('#policy-history > li');
      await changes.nth(1).waitFor();
      const [newest, first] = await changes.evaluateAll((items) => items.map((item) => item.textContent ?? ''));
      expect(newest).to.match(new RegExp(`^Version 2 · .+ · by key ${publisher.keyIds.moderator}author "u-new": trusted \\(was none\\)Reason: a regular$`));
      expect(first).to.match(/^Version 1 · .+ · by the command line.*bannedTerms \+2 −0/);
    });

    pageTest('saves levels and terms with the version it read, and the API then holds them', async (page) => {
      const publisher = await seed();
      await openPolicy(page, publisher, 0);
      await field(page, 'Spam reject level').fill('0.97');
      await field(page, 'Abusive flag level').fill('0.6');
      await field(page, 'Banned terms').fill('idiot\n\n  cheap pills  \n');
      await field(page, 'Blocked link domains').fill('Cheap-Pills.example');
      await field(page, 'Hold very negative comments for review').uncheck();
      const put = page.waitForRequest((request) => request.method() === 'PUT' && new URL(request.url()).pathname === '/v1/policy');
      await savePolicy(page, 'Saved as version 1.');
      expect((await put).headers()['if-match']).to.equal('"0"');

      const expected = { spam: { reject: 0.97 }, toxic: { flag: 0.6 }, negative: { hold: false }, bannedTerms: ['idiot', 'cheap pills'], blockedDomains: ['cheap-pills.example'] };
      const stored = await storedPolicy(publisher);
      expect(stored.version).to.equal(1);
      expect(stored.overrides).to.deep.equal(expected);
      expect(stored.updatedBy).to.deep.equal({ keyId: publisher.keyIds.admin });
      await textReads(page, '#policy-meta', /^Version 1, changed by you \(this key\) on /);
      // The form shows what the API stored: the domain lower-cased, the terms trimmed.
      expect(await field(page, 'Blocked link domains').inputValue()).to.equal('cheap-pills.example');
      expect(await field(page, 'Banned terms').inputValue()).to.equal('idiot\ncheap pills');
      await page.locator('#policy-history .change-summary').first().filter({ hasText: 'bannedTerms +2 −0' }).waitFor();

      // Saving the form untouched keeps the overrides exactly: the choices left at their defaults are not added.
      await savePolicy(page, 'Saved as version 2.');
      expect((await storedPolicy(publisher)).overrides).to.deep.equal(expected);

      await page.reload();
      await textReads(page, '#policy-meta', /^Version 2, /);
      expect(await field(page, 'Spam reject level').inputValue()).to.equal('0.97');
      expect(await field(page, 'Hold very negative comments for review').isChecked()).to.equal(false);
    });

    pageTest('marks the fields a 400 names, says what is wrong with each under the form, and saves once they are put right', async (page) => {
      const publisher = await seed();
      await openPolicy(page, publisher, 0);
      await field(page, 'Spam flag level').fill('0.9');
      await field(page, 'Spam reject level').fill('0.5');
      await field(page, 'Banned terms').fill('idiot\n!!!');
      await field(page, 'Trusted author ids').fill('u-1');
      await field(page, 'Banned author ids').fill('u-1');
      await savePolicy(page, 'The policy was not saved: correct the fields marked.');

      expect(await policyErrors(page)).to.have.members([
        'Spam reject level must be at least flag.',
        'Banned terms, line 2, must contain a letter or digit.',
        'Banned author ids: an author is trusted or banned, not both: "u-1".',
      ]);
      const invalid = async (label: string) => field(page, label).getAttribute('aria-invalid');
      expect(await invalid('Spam reject level')).to.equal('true');
      expect(await invalid('Banned terms')).to.equal('true');
      expect(await invalid('Banned author ids')).to.equal('true');
      expect(await invalid('Spam flag level')).to.equal('false');
      expect(await invalid('Trusted author ids')).to.equal('false');
      expect((await storedPolicy(publisher)).version).to.equal(0);

      await field(page, 'Spam reject level').fill('0.95');
      await field(page, 'Banned terms').fill('idiot');
      await field(page, 'Banned author ids').fill('');
      await savePolicy(page, 'Saved as version 1.');
      expect(await invalid('Spam reject level')).to.equal('false');
      expect(await page.locator('#policy-errors').isVisible()).to.equal(false);
      expect((await storedPolicy(publisher)).overrides).to.deep.equal({ spam: { flag: 0.9, reject: 0.95 }, bannedTerms: ['idiot'], authors: { trusted: ['u-1'] } });
    });

    pageTest('explains a 412 when someone changed the policy meanwhile, keeps what was typed, and reloads theirs on request', async (page) => {
      const publisher = await seed();
      await openPolicy(page, publisher, 0);
      const other = await api(publisher.keys.admin, '/v1/policy', { method: 'PUT', headers: { 'if-match': '"0"' }, body: { policy: { suspectTerms: ['lawsuit'] } } });
      expect(other.status).to.equal(200);

      await field(page, 'Banned terms').fill('idiot');
      await savePolicy(page, 'Someone else changed the policy since you loaded version 0 (it is now at version 1). Your changes were not saved: reload the policy to see theirs, then make yours again.');
      const reload = page.getByRole('button', { name: 'Reload the policy' });
      expect(await reload.evaluate((button) => button === button.ownerDocument.activeElement)).to.equal(true);
      expect(await field(page, 'Banned terms').inputValue()).to.equal('idiot');
      expect((await storedPolicy(publisher)).overrides).to.deep.equal({ suspectTerms: ['lawsuit'] });

      await reload.click();
      await textReads(page, '#policy-meta', /^Version 1, /);
      expect(await reload.isVisible()).to.equal(false);
      expect(await field(page, 'Suspect terms').inputValue()).to.equal('lawsuit');
      expect(await field(page, 'Banned terms').inputValue()).to.equal('');
      await field(page, 'Banned terms').fill('idiot');
      await savePolicy(page, 'Saved as version 2.');
      expect((await storedPolicy(publisher)).overrides).to.deep.equal({ suspectTerms: ['lawsuit'], bannedTerms: ['idiot'] });
    });
  });

  describe('the author’s standing from a queue item', () => {
    pageTest('trusts, bans and clears the author, changing the policy’s lists, and says so in the status line', async (page) => {
      const publisher = await seed([
        { commentId: 'first', authorId: 'u-3', flags: { spam: 0.7 } },
        { commentId: 'other', authorId: 'u-4', flags: { spam: 0.7 } },
        { commentId: 'second', authorId: 'u-3', flags: { toxic: 0.8 } },
      ]);
      await signIn(page, publisher.keys.moderator);
      await textReads(page, '#queue-state', '3 held comments shown.');
      const card = (commentId: string) => page.locator(`#queue-items > li[data-comment-id="${commentId}"]`);
      const standing = (commentId: string) => card(commentId).getByRole('group', { name: 'Standing of A Reader (u-3)' });
      const authors = async () => ((await storedPolicy(publisher)).overrides.authors ?? {}) as { trusted?: string[]; banned?: string[] };

      await standing('first').getByRole('button', { name: 'Trust' }).click();
      await statusReads(page, 'A Reader (u-3) is now trusted; the policy is at version 1.');
      expect(await authors()).to.deep.equal({ trusted: ['u-3'] });
      // Every card of the author says so; the other author's says nothing.
      expect(await page.locator('#queue-items .standing-now').allTextContents()).to.deep.equal(['now trusted', '', 'now trusted']);

      await standing('second').getByRole('button', { name: 'Ban' }).click();
      await statusReads(page, 'A Reader (u-3) is now banned; the policy is at version 2.');
      expect(await authors()).to.deep.equal({ trusted: [], banned: ['u-3'] });

      await standing('first').getByRole('button', { name: 'Clear' }).click();
      await statusReads(page, 'A Reader (u-3) is now neither trusted nor banned; the policy is at version 3.');
      expect(await authors()).to.deep.equal({ trusted: [], banned: [] });
      // The comments stay in the queue: a standing decides the author's next comments, not these.
      expect(await page.locator('#queue-items > li').count()).to.equal(3);

      const { body } = await api(publisher.keys.admin, '/v1/policy/history');
      const history = (body as { items: Array<{ version: number; changedBy: unknown; summary: string }> }).items;
      expect(history.map(({ version, changedBy, summary }) => [version, changedBy, summary])).to.deep.equal([
        [3, { keyId: publisher.keyIds.moderator }, 'author "u-3": none (was banned)'],
        [2, { keyId: publisher.keyIds.moderator }, 'author "u-3": banned (was trusted)'],
        [1, { keyId: publisher.keyIds.moderator }, 'author "u-3": trusted (was none)'],
      ]);
    });

    pageTest('shows a banned author in the admin’s policy form, and a failed change in the status line', async (page) => {
      const publisher = await seed([{ commentId: 'troll', authorId: 'u-troll', flags: { toxic: 0.8 } }]);
      await signIn(page, publisher.keys.admin);
      await textReads(page, '#queue-state', '1 held comment shown.');
      const standing = page.getByRole('group', { name: 'Standing of A Reader (u-troll)' });

      await page.route('**/v1/authors/*/standing', (route) => route.abort('internetdisconnected'));
      await standing.getByRole('button', { name: 'Ban' }).click();
      await statusReads(page, 'The standing of A Reader (u-troll) was not changed. The moderation API could not be reached; check your connection.');
      expect(await standing.getByRole('button', { name: 'Ban' }).isEnabled()).to.equal(true);
      await page.unroute('**/v1/authors/*/standing');

      await standing.getByRole('button', { name: 'Ban' }).click();
      await statusReads(page, 'A Reader (u-troll) is now banned; the policy is at version 1.');
      await viewButton(page, 'Policy').click();
      await textReads(page, '#policy-meta', /^Version 1, changed by you \(this key\)/);
      expect(await field(page, 'Banned author ids').inputValue()).to.equal('u-troll');
    });
  });

  describe('the webhooks view', () => {
    pageTest('adds an endpoint, shows its secret once, and lists it', async (page) => {
      const publisher = await seed();
      await signIn(page, publisher.keys.admin);
      await statusReads(page, 'Signed in.');
      await viewButton(page, 'Webhooks').click();
      await textReads(page, '#webhook-state', 'No endpoints yet: Moderato sends no events until you add one.');
      expect(new URL(page.url()).searchParams.get('view')).to.equal('webhooks');
      // The form offers exactly the event types the API knows.
      expect(await page.locator('input[name="eventType"]').evaluateAll((boxes) => boxes.map((box) => box.getAttribute('value')))).to.deep.equal([...EVENT_TYPES]);

      // The API checks the URL; its reason is shown on the field.
      await page.getByLabel('Endpoint URL').fill('http://93.184.216.34/hook');
      await page.getByRole('button', { name: 'Add endpoint' }).click();
      await textReads(page, '#webhook-state', 'The endpoint was not added. Endpoint URL: the URL must use https.');
      expect(await page.getByLabel('Endpoint URL').getAttribute('aria-invalid')).to.equal('true');

      await page.getByLabel('Endpoint URL').fill(ENDPOINT_URL);
      await page.getByLabel('Description (optional)').fill(XSS_TEXT);
      await page.getByLabel('comment.decided').check();
      await page.getByRole('button', { name: 'Add endpoint' }).click();
      await textReads(page, '#webhook-state', `Added ${ENDPOINT_URL}. Its signing secret is below, for this once.`);
      const secretField = page.getByLabel(`Signing secret of ${ENDPOINT_URL}`);
      const secret = await secretField.inputValue();
      expect(secret).to.match(/^whsec_[A-Za-z0-9+/=]{20,}$/);
      expect(await secretField.getAttribute('readonly')).to.equal('');
      expect(await page.locator('#webhook-secret-note').textContent()).to.contain('shown this once');
      expect(await page.getByLabel('Endpoint URL').getAttribute('aria-invalid')).to.equal('false');

      const { body } = await api(publisher.keys.admin, '/v1/webhooks/endpoints');
      const endpoints = (body as { endpoints: Array<Record<string, unknown>> }).endpoints;
      expect(endpoints.map(({ url, eventTypes, description, enabled }) => ({ url, eventTypes, description, enabled }))).to.deep.equal([
        { url: ENDPOINT_URL, eventTypes: ['comment.decided'], description: XSS_TEXT, enabled: true },
      ]);
      expect(JSON.stringify(body)).not.to.contain(secret);

      const card = page.locator('#webhook-list > li');
      expect(await card.count()).to.equal(1);
      const shown = await card.innerText();
      for (const part of [ENDPOINT_URL, XSS_TEXT, 'comment.decided', 'enabled', 'Last delivered\nnever', 'Last failed\nnever']) expect(shown).to.contain(part);
      expect(await page.locator('#webhook-list img').count()).to.equal(0);

      // Once hidden, or after a reload, the secret is nowhere on the page.
      await page.getByRole('button', { name: 'I have copied it' }).click();
      expect(await page.locator('#webhook-secret-panel').isVisible()).to.equal(false);
      expect(await page.locator('#webhook-secret').inputValue()).to.equal('');
      await page.reload();
      await textReads(page, '#webhook-state', '1 endpoint registered.');
      expect(await page.locator('#webhook-secret-panel').isVisible()).to.equal(false);
      expect(await page.content()).not.to.contain(secret);
      expect(await page.locator('body').innerText()).not.to.contain(secret);
      expect(await page.locator('input').evaluateAll((inputs) => inputs.map((input) => (input as { value?: string }).value ?? ''))).not.to.include(secret);
      expect(await page.evaluate('typeof window.__xss')).to.equal('undefined');
    });

    pageTest('disables and enables an endpoint, shows its attempts, rotates its secret and deletes it', async (page) => {
      const publisher = await seed();
      const created = await api(publisher.keys.admin, '/v1/webhooks/endpoints', { method: 'POST', body: { url: ENDPOINT_URL } });
      expect(created.status).to.equal(201);
      const { endpointId, secret: firstSecret } = created.body as { endpointId: string; secret: string };
      await recordDeliveryAttempt(server().storage, {
        publisherId: publisher.publisherId, endpointId, eventId: `evt_${'a'.repeat(27)}`, eventType: 'comment.analyzed', attempt: 1,
        at: new Date('2025-10-01T10:00:00Z'), outcome: 'failed', status: 500, latencyMs: 42, excerpt: '<b>down for maintenance</b>', error: null,
      });
      const endpoint = async () => ((await api(publisher.keys.admin, `/v1/webhooks/endpoints/${endpointId}`)).body as { enabled: boolean; disabledReason: string | null });

      await signIn(page, publisher.keys.admin);
      await statusReads(page, 'Signed in.');
      await viewButton(page, 'Webhooks').click();
      await textReads(page, '#webhook-state', '1 endpoint registered.');
      const card = page.locator(`#webhook-list > li[data-endpoint-id="${endpointId}"]`);
      expect(await card.innerText()).to.contain('all, and any added later');

      await card.getByRole('button', { name: 'Disable' }).click();
      await textReads(page, '#webhook-state', `Disabled ${ENDPOINT_URL}.`);
      expect(await card.innerText()).to.contain('disabled: disabled by the publisher');
      expect(await endpoint()).to.include({ enabled: false, disabledReason: 'disabled by the publisher' });
      await card.getByRole('button', { name: 'Enable' }).click();
      await textReads(page, '#webhook-state', `Enabled ${ENDPOINT_URL}.`);
      expect(await endpoint()).to.include({ enabled: true, disabledReason: null });

      await card.getByRole('button', { name: 'Show attempts' }).click();
      await textReads(page, '#attempts-state', '1 attempt, newest first.');
      expect(await page.locator('#attempts-heading').textContent()).to.equal(`Last 20 delivery attempts to ${ENDPOINT_URL}`);
      const row = await page.locator('#attempts-rows > tr').evaluateAll((rows) => rows.map((tr) => [...tr.children].map((cell) => cell.textContent)));
      expect(row).to.have.length(1);
      expect(row[0]!.slice(1)).to.deep.equal([`comment.analyzed${`evt_${'a'.repeat(27)}`}`, '1', 'failed', '500', '42 ms', '<b>down for maintenance</b>']);
      expect(await page.locator('#attempts-rows b').count()).to.equal(0);

      const dialogs: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.accept();
      });
      await card.getByLabel('Old secret valid for (hours)').fill('2');
      await card.getByRole('button', { name: 'Rotate secret' }).click();
      await textReads(page, '#webhook-state', new RegExp(`^Rotated the secret of ${ENDPOINT_URL.replaceAll('.', '\\.')}\\. The old one still signs deliveries until .+\\.$`));
      const rotated = await page.getByLabel(`Signing secret of ${ENDPOINT_URL}`).inputValue();
      expect(rotated).to.match(/^whsec_/).and.not.to.equal(firstSecret);
      expect(dialogs[0]).to.contain('keeps signing deliveries for 2 more hours');
      expect(await card.innerText()).to.contain('Previous secret');

      await card.getByRole('button', { name: 'Delete' }).click();
      await textReads(page, '#webhook-state', `Deleted ${ENDPOINT_URL}.`);
      expect(dialogs[1]).to.equal(`Delete the endpoint ${ENDPOINT_URL}? Moderato stops sending it events, and this cannot be undone.`);
      expect(await page.locator('#webhook-list > li').count()).to.equal(0);
      expect(await page.locator('#webhook-attempts').isVisible()).to.equal(false);
      expect((await api(publisher.keys.admin, '/v1/webhooks/endpoints')).body).to.deep.equal({ endpoints: [] });
    });

    pageTest('forgets the shown secret and the admin views when the admin signs out', async (page) => {
      const publisher = await seed();
      await signIn(page, publisher.keys.admin);
      await statusReads(page, 'Signed in.');
      await viewButton(page, 'Webhooks').click();
      await textReads(page, '#webhook-state', /^No endpoints yet/);
      await page.getByLabel('Endpoint URL').fill(ENDPOINT_URL);
      await page.getByRole('button', { name: 'Add endpoint' }).click();
      await textReads(page, '#webhook-state', /^Added /);
      const secret = await page.locator('#webhook-secret').inputValue();

      await page.getByRole('button', { name: 'Sign out' }).click();
      await statusReads(page, 'Signed out.');
      expect(await page.locator('#webhook-secret').inputValue()).to.equal('');
      expect(await page.locator('#webhook-list > li').count()).to.equal(0);
      expect(await page.content()).not.to.contain(secret);

      // Another key in the same tab sees none of it.
      await page.getByLabel('API key').fill(publisher.keys.moderator);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await textReads(page, '#queue-state', 'No comments are waiting for review.');
      expect(await viewButtons(page)).to.deep.equal(['Review queue', 'Sentiment', 'Overview']);
      expect(await page.locator('#webhooks').isVisible()).to.equal(false);
    });
  });
});
