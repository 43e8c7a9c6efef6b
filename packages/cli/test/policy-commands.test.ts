import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { findPublisherPolicy, listPolicyChanges } from '@moderato/storage';
import { buildPolicyOverrides, createTestPublisher } from '../../storage/test/builders.js';
import { runCli } from '../src/index.js';
import { useCliDatabase } from './cli-database.js';
import { runWithStdio } from './stdio.js';

const run = (argv: string[]) => runWithStdio(runCli, argv);

describe('moderato policy commands', () => {
  const cli = useCliDatabase('cli-policy');

  /** A file holding `content` as JSON (or as it is, when a string). */
  const policyFile = (name: string, content: unknown): string => {
    const path = join(cli.dir(), name);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };

  it('shows a new publisher\'s policy as JSON: version 0, no overrides, the tuned defaults in effect', async () => {
    const publisherId = await createTestPublisher(cli.storage());
    const { code, stdout } = await run(['policy', 'show', '--publisher', publisherId]);
    expect(code).to.equal(0);
    const shown = JSON.parse(stdout);
    expect(shown).to.deep.include({ version: 0, overrides: {}, updatedAt: null, updatedBy: null });
    expect(shown.policy).to.deep.equal(shown.defaults);
    expect(shown.policy.spam.flag).to.be.a('number').and.not.equal(0.5); // the spam model's tuned threshold
    expect(shown.policy).to.include.keys('bannedTerms', 'suspectTerms', 'preModeration', 'authors', 'negative');
  });

  it('sets the overrides from a file, recording the change as made by the CLI, and shows them in effect', async () => {
    const publisherId = await createTestPublisher(cli.storage());
    const overrides = buildPolicyOverrides();
    const set = await run(['policy', 'set', '--publisher', publisherId, '--file', policyFile('policy.json', overrides)]);
    expect(set.code, set.stderr).to.equal(0);
    expect(set.stdout).to.contain('now version 1');
    const [change] = await listPolicyChanges(cli.storage(), publisherId, { limit: 1 });
    expect(change).to.deep.include({ version: 1, policy: overrides, changedBy: { cli: true } });
    const shown = JSON.parse((await run(['policy', 'show', '--publisher', publisherId])).stdout);
    expect(shown).to.deep.include({ version: 1, overrides, updatedBy: { cli: true } });
    expect(shown.policy.bannedTerms).to.deep.equal(overrides.bannedTerms);
    // The PUT body form ({ "policy": … }) is taken as well.
    const body = await run(['policy', 'set', '--publisher', publisherId, '--file', policyFile('body.json', { policy: { suspectTerms: ['x'] } })]);
    expect(body.stdout).to.contain('now version 2');
    expect((await findPublisherPolicy(cli.storage(), publisherId))?.overrides).to.deep.equal({ suspectTerms: ['x'] });
  });

  it('refuses a file that is not a valid policy with exit code 2, naming each bad field, and changes nothing', async () => {
    const publisherId = await createTestPublisher(cli.storage());
    const invalid = await run(['policy', 'set', '--publisher', publisherId, '--file', policyFile('bad.json', { spam: { reject: 2 }, bannedTerms: [''], colour: 'red' })]);
    expect(invalid.code).to.equal(2);
    expect(invalid.stderr).to.contain('spam.reject: must be a number from 0 to 1').and.contain('bannedTerms.0').and.contain('colour');
    const notJson = await run(['policy', 'set', '--publisher', publisherId, '--file', policyFile('broken.json', '{ "spam": ')]);
    expect(notJson.code).to.equal(2);
    expect(notJson.stderr).to.contain('is not valid JSON');
    expect((await run(['policy', 'set', '--publisher', publisherId, '--file', join(cli.dir(), 'missing.json')])).code).to.equal(2);
    expect((await findPublisherPolicy(cli.storage(), publisherId))?.version).to.equal(0);
  });

  it('refuses to overwrite a version other than the one expected', async () => {
    const publisherId = await createTestPublisher(cli.storage());
    const file = policyFile('terms.json', { bannedTerms: ['scum'] });
    expect((await run(['policy', 'set', '--publisher', publisherId, '--file', file, '--expect-version', '0'])).code).to.equal(0);
    const stale = await run(['policy', 'set', '--publisher', publisherId, '--file', file, '--expect-version', '0']);
    expect(stale.code).to.equal(1);
    expect(stale.stderr).to.contain('version 0 was expected, but version 1 is current');
  });

  it("sets an author's standing, saying when nothing changed", async () => {
    const publisherId = await createTestPublisher(cli.storage());
    const trusted = await run(['policy', 'author', '--publisher', publisherId, '--author', 'u-77', '--standing', 'trusted', '--reason', 'regular']);
    expect(trusted.code, trusted.stderr).to.equal(0);
    expect(trusted.stdout).to.contain('Author u-77').and.contain('now trusted').and.contain('version 1');
    expect((await run(['policy', 'author', '--publisher', publisherId, '--author', 'u-77', '--standing', 'trusted'])).stdout).to.contain('already was trusted');
    await run(['policy', 'author', '--publisher', publisherId, '--author', 'u-77', '--standing', 'banned']);
    expect((await findPublisherPolicy(cli.storage(), publisherId))?.overrides.authors).to.deep.equal({ trusted: [], banned: ['u-77'] });
    const [, first] = await listPolicyChanges(cli.storage(), publisherId, { limit: 2 });
    expect(first).to.deep.include({ reason: 'regular', changedBy: { cli: true } });
  });

  it('explains bad usage with exit code 2, and an unknown publisher with exit code 1', async () => {
    const bad = [
      ['policy', 'author', '--publisher', 'p', '--author', 'u', '--standing', 'vip'],
      ['policy', 'author', '--publisher', 'p', '--standing', 'none'],
      ['policy', 'show'],
      ['policy', 'set', '--publisher', 'p'],
      ['policy', 'set', '--publisher', 'p', '--file', 'x.json', '--expect-version', 'latest'],
      ['policy', 'show', '--publisher', 'bad id!'],
      ['policy', 'frobnicate'],
    ];
    for (const argv of bad) expect((await run(argv)).code, argv.join(' ')).to.equal(2);
    expect((await run(['policy', 'author', '--publisher', 'p', '--author', 'u', '--standing', 'vip'])).stderr).to.contain('Allowed choices are trusted, banned, none');
    const ghost = await run(['policy', 'show', '--publisher', 'ghost']);
    expect(ghost.code).to.equal(1);
    expect(ghost.stderr).to.contain('publisher ghost not found');
    expect((await run(['policy', 'author', '--publisher', 'ghost', '--author', 'u', '--standing', 'banned'])).code).to.equal(1);
    expect((await run(['help'])).stdout).to.contain('moderato policy set --publisher');
  });
});
