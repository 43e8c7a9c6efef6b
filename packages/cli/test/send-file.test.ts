import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { expect } from 'chai';
import { BadLineError, batchBody, countCommentLines, inBatches, readCommentLines, type CommentLine } from '../src/send/comments-file.js';
import { createProgress } from '../src/send/progress.js';
import { summary } from '../src/send/report.js';
import { SendTally } from '../src/send/tally.js';

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

const lines = (...numbers: number[]): CommentLine[] => numbers.map((lineNumber) => ({ lineNumber, json: `{"id":"c-${lineNumber}"}` }));

describe('moderato send: reading the file and reporting', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'moderato-send-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const file = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('reads one comment a line with its line number, skipping blank lines, CRLF endings and a byte order mark', async () => {
    const path = file('ok.jsonl', '\uFEFF{"id":"a"}\r\n\r\n  \n{"id":"b", "text":"x"}\n');
    expect(await collect(readCommentLines(path))).to.deep.equal([
      { lineNumber: 1, json: '{"id":"a"}' },
      { lineNumber: 4, json: '{"id":"b", "text":"x"}' },
    ]);
    expect(await countCommentLines(path)).to.equal(2);
  });

  it('stops at the first line that is not a JSON object, naming its number', async () => {
    for (const [text, reason] of [['{"id":"a"}\n{"id": \n{"id":"c"}\n', 'not valid JSON'], ['{"id":"a"}\n[1,2]\n', 'not a JSON object'], ['{"id":"a"}\nnull\n', 'not a JSON object']] as const) {
      const error = await countCommentLines(file('bad.jsonl', text)).then(() => undefined, (caught: unknown) => caught);
      expect(error).to.be.instanceOf(BadLineError);
      expect((error as BadLineError).lineNumber).to.equal(2);
      expect((error as BadLineError).message).to.contain('line 2: ').and.contain(reason);
    }
  });

  it('fails on a missing file with the file system error', async () => {
    const error = await countCommentLines(join(dir, 'missing.jsonl')).then(() => undefined, (caught: Error) => caught);
    expect((error as NodeJS.ErrnoException).code).to.equal('ENOENT');
  });

  it('groups lines into batches of the given size, the last one smaller, and builds a body of the lines as written', async () => {
    const batches = await collect(inBatches(collectable(lines(1, 2, 3, 5, 6)), 2));
    expect(batches.map((batch) => batch.map((line) => line.lineNumber))).to.deep.equal([[1, 2], [3, 5], [6]]);
    expect(JSON.parse(batchBody(batches[0]!))).to.deep.equal({ comments: [{ id: 'c-1' }, { id: 'c-2' }] });
  });

  it('counts results per status and names invalid comments by line and field within the comment', () => {
    const tally = new SendTally(4);
    tally.record(lines(3, 4, 7, 9), [
      { index: 0, id: 'c-3', status: 'queued' },
      { index: 1, id: 'c-4', status: 'duplicate' },
      { index: 2, id: 'c-7', status: 'invalid', errors: [{ path: 'comments.2.text', message: 'must not be empty after trimming' }, { path: 'comments.2', message: 'unknown field(s): score' }] },
      { index: 3, status: 'queued' },
    ]);
    expect(tally).to.include({ sent: 4, queued: 2, duplicates: 1, batches: 1, allAccepted: false });
    const text = summary(tally, 'comments.jsonl');
    expect(text).to.contain('Sent 4 of 4 comments from comments.jsonl in 1 batch(es): 2 queued, 1 duplicate(s), 1 invalid.');
    expect(text).to.contain('  line 7 (id c-7): text: must not be empty after trimming; unknown field(s): score');
  });

  it('says where sending stopped, how many comments were not sent, and that sending again is safe', () => {
    const tally = new SendTally(5);
    tally.record(lines(1, 2), [{ index: 0, status: 'queued' }, { index: 1, status: 'queued' }]);
    tally.stop(3, '503 redis_unavailable (gave up after 8 attempts)');
    expect(tally.allAccepted).to.equal(false);
    const text = summary(tally, 'c.jsonl');
    expect(text).to.contain('Stopped at line 3: 503 redis_unavailable (gave up after 8 attempts).');
    expect(text).to.contain('The 3 comment(s) from line 3 on were not sent. Sending the whole file again is safe');
  });

  it('prints a progress line every N batches and at the end when stderr is not a terminal', () => {
    const { stream, written } = recorder(false);
    const tally = new SendTally(5);
    const progress = createProgress(stream, 2);
    for (const n of [1, 2, 3, 4, 5]) {
      tally.record(lines(n), [{ index: 0, status: 'queued' }]);
      progress.update(tally);
    }
    progress.note('lines 6-6: 429 rate_limited; attempt 2 of 8 in 1.0 s');
    progress.finish(tally);
    expect(written().split('\n')).to.deep.equal([
      '2/5 comments sent (40%): 2 queued, 0 duplicate(s), 0 invalid',
      '4/5 comments sent (80%): 4 queued, 0 duplicate(s), 0 invalid',
      'lines 6-6: 429 rate_limited; attempt 2 of 8 in 1.0 s',
      '5/5 comments sent (100%): 5 queued, 0 duplicate(s), 0 invalid',
      '',
    ]);
  });

  it('redraws one line with a bar on a terminal, keeping notes on lines of their own', () => {
    const { stream, written } = recorder(true);
    const tally = new SendTally(2);
    const progress = createProgress(stream, 10);
    tally.record(lines(1), [{ index: 0, status: 'queued' }]);
    progress.update(tally);
    progress.note('retrying');
    tally.record(lines(2), [{ index: 0, status: 'duplicate' }]);
    progress.finish(tally);
    const half = `[${'#'.repeat(12)}${'-'.repeat(12)}] 1/2 comments sent (50%): 1 queued, 0 duplicate(s), 0 invalid`;
    const full = `[${'#'.repeat(24)}] 2/2 comments sent (100%): 1 queued, 1 duplicate(s), 0 invalid`;
    expect(written()).to.equal(`\r${half}\x1b[K\r\x1b[Kretrying\n${half}\r${full}\x1b[K\n`);
  });
});

async function* collectable<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}

/** A stream that keeps what is written to it, posing as a terminal or not. */
function recorder(isTTY: boolean): { stream: PassThrough; written: () => string } {
  const stream = Object.assign(new PassThrough(), { isTTY });
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  return { stream, written: () => chunks.join('') };
}
