import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { parsePrintedReport, type PrintedComment, type PrintedReport } from '../../services/standalone/demo/parse-report.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SEED_IDS = ['seed-1', 'seed-2', 'seed-3', 'seed-4', 'seed-5', 'seed-6'];
const FLAGGED_IDS = ['demo-spam', 'demo-near-copy', 'demo-abuse', 'demo-spanish'];
const RUNNING = 'Running until Ctrl-C.';
const STOPPED = 'Stopped: everything the demo started is gone.';

/** A demo process with what it printed so far. */
interface Demo {
  child: ChildProcess;
  /** Resolves with the exit code once the process has exited and its output is read to the end. */
  closed: Promise<number | null>;
  stdout(): string;
  stderr(): string;
}

/**
 * The demo as a user runs it, in a process group of its own (as a shell runs a command, so a signal to the group is
 * a Ctrl-C), on the MongoDB double and its own private Redis whatever this test run uses.
 */
function startDemo(command: string, args: string[]): Demo {
  const { MONGODB_URI: _mongo, REDIS_URL: _redis, ...env } = process.env;
  const child = spawn(command, args, { cwd: ROOT, env: { ...env, MONGO_TEST_BACKEND: 'double' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const closed = once(child, 'close').then(([code]) => code as number | null);
  return { child, closed, stdout: () => stdout, stderr: () => stderr };
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Resolves once the demo has printed `marker`; fails at once if it exits first. */
function printed(demo: Demo, marker: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (hasExited(demo.child)) {
      reject(new Error(`the demo exited (${demo.child.exitCode}) before printing "${marker}":\n${demo.stdout()}\n${demo.stderr()}`));
      return;
    }
    const check = (): void => {
      if (!demo.stdout().includes(marker)) return;
      demo.child.stdout?.off('data', check);
      demo.child.off('exit', exited);
      resolve();
    };
    const exited = (code: number | null): void => reject(new Error(`the demo exited (${code}) before printing "${marker}":\n${demo.stdout()}\n${demo.stderr()}`));
    demo.child.stdout?.on('data', check);
    demo.child.once('exit', exited);
    check();
  });
}

/**
 * If a test left the demo running (a failed assertion, a timeout): kills its launcher's group, which makes the demo
 * stop itself (it watches its launcher), then waits for every process under it to be gone, killing what outlives 30 s.
 */
async function killIfRunning(demo: Demo | undefined): Promise<void> {
  if (!demo?.child.pid || hasExited(demo.child)) return;
  const under = descendants(demo.child.pid).map((descendant) => descendant.pid);
  process.kill(-demo.child.pid, 'SIGKILL');
  await demo.closed;
  const deadline = Date.now() + 30_000;
  while (under.some(isAlive) && Date.now() < deadline) await sleep(100);
  for (const pid of under.filter(isAlive)) process.kill(pid, 'SIGKILL');
}

/** Every process below `root` (children, their children, …) with its command name, from `ps` (procps). */
function descendants(root: number): Array<{ pid: number; command: string }> {
  const table = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,comm='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .map(([pid, ppid, command]) => ({ pid: Number(pid), ppid: Number(ppid), command: command ?? '' }));
  const found: Array<{ pid: number; command: string }> = [];
  const parents = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const row of table) {
      if (parents.has(row.ppid) && !parents.has(row.pid)) {
        parents.add(row.pid);
        found.push({ pid: row.pid, command: row.command });
        grew = true;
      }
    }
  }
  return found;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

/** Rounded as the demo prints it; `+ 0` turns -0 into 0, which the printout cannot tell apart. */
function twoDecimals(value: number): number {
  return Number(value.toFixed(2)) + 0;
}

function byId(report: PrintedReport, commentId: string): PrintedComment {
  const comment = report.comments.find((candidate) => candidate.commentId === commentId);
  if (!comment) throw new Error(`comment ${commentId} is not in the printout`);
  return comment;
}

/** `positive +0.46` → label and score; undefined for a comment whose sentiment was not scored. */
function printedSentiment(comment: PrintedComment): { label: string; score: number } | undefined {
  const match = /^(negative|neutral|positive) ([+-]\d\.\d\d)$/.exec(comment.sentiment);
  return match ? { label: match[1]!, score: twoDecimals(Number(match[2])) } : undefined;
}

/** What the printout must say whatever the exact scores: each comment's outcome, and a queue and figures that agree with them. */
function expectConsistentReport(report: PrintedReport): void {
  expect(report.comments.map((comment) => comment.commentId)).to.deep.equal([...SEED_IDS, ...FLAGGED_IDS]);
  for (const id of SEED_IDS) expect(byId(report, id), id).to.deep.include({ status: 'approved', flags: [] });
  expect(byId(report, 'demo-spam').flags).to.include('spam');
  expect(byId(report, 'demo-near-copy')).to.deep.include({ copyOf: 'seed-4' });
  expect(byId(report, 'demo-near-copy').flags).to.include('duplicate');
  expect(byId(report, 'demo-abuse').flags).to.include('toxic');
  expect(byId(report, 'demo-spanish').flags).to.deep.equal(['unsupported_language']);
  expect(byId(report, 'demo-spanish').sentiment).to.match(/^not scored/);
  for (const id of FLAGGED_IDS) expect(byId(report, id).status, id).to.equal('pending');

  const held = report.comments.filter((comment) => comment.status === 'pending');
  expect(report.queue).to.deep.equal(held.map(({ commentId, flags }) => ({ commentId, flags })));

  // The figures are the readers' sentiment: spam and duplicates are left out.
  const readers = report.comments.filter((comment) => !comment.flags.some((flag) => flag === 'spam' || flag === 'duplicate'));
  const scored = readers.map(printedSentiment).filter((sentiment) => sentiment !== undefined);
  const count = (label: string): number => scored.filter((sentiment) => sentiment.label === label).length;
  expect(report.sentiment).to.have.length(1);
  const [day] = report.sentiment;
  expect(day).to.deep.include({ start: '2025-10-25', total: scored.length, negative: count('negative'), neutral: count('neutral'), positive: count('positive') });
  // Each printed score is rounded to 0.005 and so is the printed mean.
  expect(day!.meanScore).to.be.closeTo(scored.reduce((sum, sentiment) => sum + sentiment.score, 0) / scored.length, 0.011);

  expect(report.access['Moderator key']).to.match(/^mod_/);
  expect(report.access['Moderator page']).to.equal(`${report.access['Moderation API']}/`);
}

describe('npm run demo', function () {
  this.timeout(120_000);
  let demo: Demo | undefined;

  afterEach(async () => {
    await killIfRunning(demo);
    demo = undefined;
  });

  it('with --exit: prints each comment, the queue and the figures, then stops everything and exits 0', async () => {
    demo = startDemo('npm', ['run', '--silent', 'demo', '--', '--exit']);
    const code = await demo.closed;
    const output = demo.stdout();
    expect(code, `${output}\n${demo.stderr()}`).to.equal(0);
    expect(output).to.contain("the project's wire-protocol double").and.contain('it keeps data in memory only');
    expect(output).to.match(/^Redis {4}a private redis-server at redis:\/\/127\.0\.0\.1:\d+/m);
    expect(output).to.match(/^→ POST \/v1\/comments {2}202 \(6 queued\)/m).and.match(/^→ POST \/v1\/comments {2}202 \(4 queued\)/m);
    expect(output).to.contain('waiting for the analysis: 4/4 analyzed');
    expectConsistentReport(parsePrintedReport(output));
    expect(output.trimEnd().endsWith(STOPPED), output).to.equal(true);
  });

  it('left running: what it printed is what the moderation API answers; Ctrl-C stops it and its redis-server', async () => {
    demo = startDemo(process.execPath, ['--conditions=source', '--import', 'tsx', 'services/standalone/demo/main.ts']);
    await printed(demo, RUNNING);
    const report = parsePrintedReport(demo.stdout());
    expectConsistentReport(report);
    const started = descendants(demo.child.pid!);
    expect(started.filter((descendant) => descendant.command === 'redis-server'), 'one redis-server').to.have.length(1);

    const api = report.access['Moderation API']!;
    const get = async (path: string): Promise<unknown> => {
      const res = await fetch(`${api}${path}`, { headers: { authorization: `Bearer ${report.access['Moderator key']}` } });
      expect(res.status, path).to.equal(200);
      return res.json();
    };
    for (const comment of report.comments) {
      const body = (await get(`/v1/comments/${comment.commentId}`)) as { status: string; duplicateOf: string | null; sentiment: { label: string; score: number } | null; analysis: { flags: Array<{ kind: string }> } };
      expect(body.status, comment.commentId).to.equal(comment.status);
      expect(body.analysis.flags.map((flag) => flag.kind), comment.commentId).to.deep.equal(comment.flags);
      expect(body.duplicateOf, comment.commentId).to.equal(comment.copyOf);
      const sentiment = printedSentiment(comment);
      expect(body.sentiment && { label: body.sentiment.label, score: twoDecimals(body.sentiment.score) }, comment.commentId).to.deep.equal(sentiment ?? null);
    }
    const queue = (await get('/v1/queue?articleId=istanbul-talks-2025-10-25&sort=oldest')) as { items: Array<{ commentId: string; flags: string[] }> };
    expect(queue.items.map(({ commentId, flags }) => ({ commentId, flags }))).to.deep.equal(report.queue);
    const stats = (await get('/v1/stats/sentiment?articleId=istanbul-talks-2025-10-25&interval=day')) as { buckets: Array<{ total: number; counts: Record<string, number>; meanScore: number }> };
    expect(stats.buckets.map((bucket) => ({ total: bucket.total, ...bucket.counts, meanScore: twoDecimals(bucket.meanScore) }))).to.deep.equal(
      report.sentiment.map(({ start: _start, meanScore, ...counts }) => ({ ...counts, meanScore: twoDecimals(meanScore) })),
    );
    const page = await fetch(report.access['Moderator page']!);
    expect(page.status).to.equal(200);
    expect(page.headers.get('content-type')).to.match(/^text\/html/);
    expect(await page.text()).to.contain('id="api-key"');

    // Ctrl-C: the terminal signals the whole foreground process group.
    process.kill(-demo.child.pid!, 'SIGINT');
    expect(await demo.closed, demo.stderr()).to.equal(0);
    expect(demo.stdout()).to.contain('SIGINT received.').and.contain(STOPPED);
    expect(started.filter((descendant) => isAlive(descendant.pid)), 'still running').to.deep.equal([]);
  });
});
