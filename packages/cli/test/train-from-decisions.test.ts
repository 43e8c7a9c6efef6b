import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { decideComment, findPublisherPolicy, listPolicyChanges, replacePublisherPolicy, type Storage } from '@moderato/storage';
import { at, buildAnalysis, createTestPublisher, saveComments, type CommentSpec } from '../../storage/test/builders.js';
import { runCli } from '../src/index.js';
import { useCliDatabase } from './cli-database.js';
import { runWithStdio } from './stdio.js';

const run = (argv: string[]) => runWithStdio(runCli, argv);

/**
 * A desk that rejects the comments scoring spam 0.4 and above and approves the rest: `count` pending comments,
 * decided a minute apart, every third a rejection.
 */
async function decideDesk(storage: Storage, publisherId: string, count: number): Promise<void> {
  const specs: CommentSpec[] = Array.from({ length: count }, (_, i) => {
    const rejected = i % 3 === 0;
    const spamScore = rejected ? 0.4 + ((i * 7) % 50) / 100 : ((i * 11) % 35) / 100;
    const base = buildAnalysis({ status: 'pending', flags: { negative: 0.6 } });
    return { publisherId, text: rejected ? `cheap pills ${i}` : `a thought on the article ${i}`, analysis: { ...base, spam: { ...base.spam, score: spamScore } } };
  });
  const comments = await saveComments(storage, specs);
  for (const [i, comment] of comments.entries()) {
    const action = i % 3 === 0 ? 'reject' : 'approve';
    await decideComment(storage, { publisherId, commentId: comment.commentId, action, decidedBy: 'key-moderator', now: at(i) });
  }
}

async function optIn(storage: Storage, publisherId: string, spamFlag: number): Promise<void> {
  await replacePublisherPolicy(storage, { publisherId, overrides: { learning: { fromDecisions: true }, spam: { flag: spamFlag } }, changedBy: { cli: true } });
}

describe('moderato train --from-decisions', () => {
  const cli = useCliDatabase('cli-train-decisions');

  it('refuses a publisher that has not opted in, naming the policy field, and changes nothing', async () => {
    const publisherId = await createTestPublisher(cli.storage());
    await decideDesk(cli.storage(), publisherId, 40);
    const { code, stderr } = await run(['train', '--from-decisions', '--publisher', publisherId, '--apply']);
    expect(code).to.equal(2);
    expect(stderr).to.contain('"learning": { "fromDecisions": true }');
    expect((await findPublisherPolicy(cli.storage(), publisherId))?.version).to.equal(0);
  });

  it('reports precision and recall before and after on the newest decisions, and leaves the policy alone without --apply', async () => {
    const publisherId = await createTestPublisher(cli.storage());
    await optIn(cli.storage(), publisherId, 0.9);
    await decideDesk(cli.storage(), publisherId, 80);
    const { code, stdout, stderr } = await run(['train', '--from-decisions', '--publisher', publisherId]);
    expect(code, stderr).to.equal(0);
    const report = JSON.parse(stdout);
    expect(report).to.deep.include({ publisherId, better: true });
    expect(report.training.decisions).to.equal(60);
    expect(report.heldOut.decisions).to.equal(20);
    expect(report.current.spam).to.equal(0.9);
    expect(report.proposed.spam).to.be.within(0.35, 0.4);
    expect(report.after.recall).to.equal(1);
    expect(report.before.recall).to.be.lessThan(0.5);
    expect(stderr).to.contain('Run again with --apply');
    expect((await findPublisherPolicy(cli.storage(), publisherId))?.version).to.equal(1);
  });

  it('with --apply sets the levels in a new, recorded policy version, and exports the decisions it learned from', async () => {
    const publisherId = await createTestPublisher(cli.storage());
    await optIn(cli.storage(), publisherId, 0.9);
    await decideDesk(cli.storage(), publisherId, 80);
    const exported = join(cli.dir(), `${publisherId}.ndjson`);
    const { code, stdout, stderr } = await run(['train', '--from-decisions', '--publisher', publisherId, '--apply', '--export', exported]);
    expect(code, stderr).to.equal(0);
    const report = JSON.parse(stdout);
    expect(report.appliedInPolicyVersion).to.equal(2);
    const policy = await findPublisherPolicy(cli.storage(), publisherId);
    expect(policy?.overrides.spam?.flag).to.equal(report.proposed.spam);
    expect(policy?.overrides.learning).to.deep.equal({ fromDecisions: true });
    const [change] = await listPolicyChanges(cli.storage(), publisherId, { limit: 1 });
    expect(change).to.deep.include({ version: 2, changedBy: { cli: true } });
    const lines = readFileSync(exported, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(lines).to.have.length(80);
    expect(lines[0]).to.include({ decision: 'reject' });
    expect(lines[0].text).to.match(/^cheap pills/);
    expect(lines[1]).to.include({ decision: 'approve' });
    expect(lines[0]).to.have.keys('commentId', 'articleId', 'text', 'flags', 'spamScore', 'abuseScore', 'decision', 'decidedAt');
  });

  it('reads only the named publisher\'s decisions, and says how many more it needs', async () => {
    const other = await createTestPublisher(cli.storage());
    await decideDesk(cli.storage(), other, 40);
    const publisherId = await createTestPublisher(cli.storage());
    await optIn(cli.storage(), publisherId, 0.5);
    await decideDesk(cli.storage(), publisherId, 10);
    const { code, stderr } = await run(['train', '--from-decisions', '--publisher', publisherId]);
    expect(code).to.equal(1);
    expect(stderr).to.contain('Too few decisions to learn from: 10; at least 40 are needed.');
  });

  it('needs --publisher with --from-decisions', async () => {
    const { code, stderr } = await run(['train', '--from-decisions']);
    expect(code).to.equal(2);
    expect(stderr).to.contain('--publisher');
  });
});
