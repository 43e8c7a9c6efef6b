import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../src/index.js';
import { runWithStdio } from './stdio.js';

const run = (argv: string[], stdinText = '') => runWithStdio(runCli, argv, stdinText);

const jsonl = (rows: object[]): string => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

describe('analysis commands', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'moderato-cli-test-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function file(name: string, rows: object[]): string {
    const path = join(dir, name);
    writeFileSync(path, jsonl(rows));
    return path;
  }

  it('eval prints one JSON object with the issue fields for a binary task', async () => {
    const data = file('spam.jsonl', [
      { text: 'Check out my channel and subscribe!!! http://bit.ly/xyz free money', label: 'spam' },
      { text: 'Good to see them talking, dialogue is always the first step.', label: 'ham' },
      { text: 'Hoping for a verifiable mechanism, that is essential for trust.', label: 'ham' },
    ]);
    const { code, stdout } = await run(['eval', '--task', 'spam', '--data', data]);
    expect(code).to.equal(0);
    expect(stdout.trim().split('\n')).to.have.length(1);
    const report = JSON.parse(stdout) as Record<string, unknown>;
    expect(report).to.include({ task: 'spam', n: 3 });
    expect(report).to.include.keys('accuracy', 'precision', 'recall', 'f1', 'fpr', 'macroRecall', 'macroF1', 'confusion');
    const confusion = report.confusion as Record<string, Record<string, number>>;
    expect((confusion.ham?.ham ?? 0) + (confusion.ham?.spam ?? 0)).to.equal(2);
  });

  it('eval compares the sign of the score on sentiment files without neutral rows, and says so', async () => {
    const data = file('polar.jsonl', [
      { text: 'I loved it, wonderful.', label: 'positive' },
      { text: 'Terrible, I hated it.', label: 'negative' },
    ]);
    const { code, stdout } = await run(['eval', '--task', 'sentiment', '--data', data]);
    expect(code).to.equal(0);
    expect(JSON.parse(stdout)).to.include({ task: 'sentiment', mode: 'binary-polarity', accuracy: 1 });
  });

  it('eval rejects a bad line naming its number and field', async () => {
    const data = file('bad.jsonl', [{ text: 'fine', label: 'ok' }, { text: 42, label: 'toxic' }]);
    const { code, stdout, stderr } = await run(['eval', '--task', 'toxicity', '--data', data]);
    expect(code).to.not.equal(0);
    expect(stdout).to.equal('');
    expect(stderr).to.match(/line 2: field "text"/);
  });

  it('eval rejects an unknown task with usage', async () => {
    const { code, stderr } = await run(['eval', '--task', 'weather', '--data', 'x.jsonl']);
    expect(code).to.equal(2);
    expect(stderr).to.contain("'weather' is invalid. Allowed choices are spam, sentiment, toxicity, duplicates");
  });

  it('score writes each comment with its analysis and finds copies within the stream', async () => {
    const text = 'Pakistan has every right to demand security from cross-border threats. Hope this works.';
    const input = jsonl([
      { commentId: 'a', authorId: 'u1', articleId: 'x', text, article: { title: 'Talks in Istanbul' } },
      { commentId: 'b', authorId: 'u2', articleId: 'x', text: text.toUpperCase() },
    ]);
    const { code, stdout } = await run(['score'], input);
    expect(code).to.equal(0);
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as { commentId: string; analysis: { duplicate: { match?: { commentId: string; exact: boolean } } } });
    expect(lines.map((l) => l.commentId)).to.deep.equal(['a', 'b']);
    expect(lines[0]?.analysis.duplicate.match).to.equal(undefined);
    expect(lines[1]?.analysis.duplicate.match).to.include({ commentId: 'a', exact: true });
  });

  it('score reports every bad line on stderr and exits non-zero, still scoring the good ones', async () => {
    const input = '{"text":"Good to see them talking."}\nnot json\n{"text":"ok","authorId":7}\n{"text":"x","article":{"title":3}}\n';
    const { code, stdout, stderr } = await run(['score'], input);
    expect(code).to.equal(1);
    expect(stdout.trim().split('\n')).to.have.length(1);
    expect(stderr).to.match(/line 2: not valid JSON/);
    expect(stderr).to.match(/line 3: field "authorId"/);
    expect(stderr).to.match(/line 4: field "article.title"/);
  });

  it('train fails clearly when the data folder does not exist', async () => {
    const { code, stderr } = await run(['train', '--data', join(dir, 'missing'), '--out', join(dir, 'models')]);
    expect(code).to.equal(1);
    expect(stderr).to.match(/data directory .*missing does not exist/);
  });
});
