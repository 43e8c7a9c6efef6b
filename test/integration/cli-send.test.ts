import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '@moderato/cli';
import { generateWebhookSecret } from '@moderato/webhooks';
import { expect } from 'chai';
import { runWithStdio } from '../../packages/cli/test/stdio.js';
import { startIngestHarness, type IngestHarness } from '../../services/ingest-api/test/support.js';
import { buildComment } from '../support/fixtures.js';

/** `moderato send` against the real ingest app on a loopback port, over a real Redis queue. */
describe('moderato send: a file of comments to the ingest API', () => {
  let h: IngestHarness;
  let server: Server;
  let baseUrl: string;
  let dir: string;

  before(async () => {
    h = await startIngestHarness('cli-send');
    server = h.app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    dir = mkdtempSync(join(tmpdir(), 'moderato-cli-send-'));
  });
  after(async () => {
    server?.closeAllConnections();
    server?.close();
    rmSync(dir, { recursive: true, force: true });
    await h?.close();
  });

  /** A JSONL file of these lines: objects as JSON, strings as they are. */
  const jsonl = (name: string, lines: Array<object | string>): string => {
    const path = join(dir, name);
    writeFileSync(path, lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n') + '\n');
    return path;
  };
  const send = (file: string, ...extra: string[]) =>
    runWithStdio(runCli, ['send', file, '--url', `${baseUrl}/`, '--publisher', h.publisherId, '--secret', h.secret, ...extra]);

  it('delivers every comment, signed, and says so; sent again, every one is a duplicate and nothing is queued twice', async () => {
    const file = jsonl('ok.jsonl', Array.from({ length: 7 }, () => buildComment()));
    const queuedBefore = await h.queue.count();
    const first = await send(file, '--batch', '3');
    expect(first.code, first.stderr).to.equal(0);
    expect(first.stdout).to.contain(`Sent 7 of 7 comments from ${file} in 3 batch(es): 7 queued, 0 duplicate(s), 0 invalid.`);
    expect(first.stderr).to.contain('7/7 comments sent (100%): 7 queued');
    expect(await h.queue.count()).to.equal(queuedBefore + 7);
    const again = await send(file);
    expect(again.code).to.equal(0);
    expect(again.stdout).to.contain('in 1 batch(es): 0 queued, 7 duplicate(s), 0 invalid.');
    expect(await h.queue.count()).to.equal(queuedBefore + 7);
  });

  it('reports each invalid comment by line and field, also in a batch refused whole, and exits 1', async () => {
    const original = buildComment();
    const file = jsonl('mixed.jsonl', [
      original, buildComment(),
      { ...buildComment(), text: '   ' }, { ...buildComment(), createdAt: 'yesterday' }, // a batch of invalid ones only: 400
      '',
      buildComment(), { ...original },
      buildComment(),
    ]);
    const queuedBefore = await h.queue.count();
    const { code, stdout } = await send(file, '--batch', '2');
    expect(code).to.equal(1);
    expect(stdout).to.contain('Sent 7 of 7 comments from').and.contain('in 4 batch(es): 4 queued, 1 duplicate(s), 2 invalid.');
    expect(stdout).to.match(/ {2}line 3 \(id built-\d+-\d+\): text: must not be empty after trimming/);
    expect(stdout).to.match(/ {2}line 4 \(id built-\d+-\d+\): createdAt: must be an ISO 8601 date-time/);
    expect(await h.queue.count()).to.equal(queuedBefore + 4);
  });

  it('stops before sending anything when a line is not JSON, naming the line', async () => {
    const file = jsonl('broken.jsonl', [buildComment(), buildComment(), '{"id": "c-3", "text": ']);
    const queuedBefore = await h.queue.count();
    const { code, stdout, stderr } = await send(file);
    expect(code).to.equal(1);
    expect(stdout).to.equal('');
    expect(stderr).to.contain(`moderato send: ${file} line 3: not valid JSON`).and.contain('nothing was sent');
    expect(await h.queue.count()).to.equal(queuedBefore);
  });

  it('stops at the first batch the ingest API refuses for good, here a wrong secret, and exits 1', async () => {
    const file = jsonl('unsigned.jsonl', [buildComment(), buildComment()]);
    const queuedBefore = await h.queue.count();
    const { code, stdout } = await runWithStdio(runCli, ['send', file, '--url', baseUrl, '--publisher', h.publisherId, '--secret', generateWebhookSecret()]);
    expect(code).to.equal(1);
    expect(stdout).to.contain('Sent 0 of 2 comments').and.contain('Stopped at line 1: 401');
    expect(stdout).to.contain('The 2 comment(s) from line 1 on were not sent.');
    expect(await h.queue.count()).to.equal(queuedBefore);
  });

  it('takes the secret from MODERATO_WEBHOOK_SECRET, so it need not be on the command line', async () => {
    const file = jsonl('env.jsonl', [buildComment()]);
    const saved = process.env.MODERATO_WEBHOOK_SECRET;
    process.env.MODERATO_WEBHOOK_SECRET = h.secret;
    try {
      const { code, stdout } = await runWithStdio(runCli, ['send', file, '--url', baseUrl, '--publisher', h.publisherId]);
      expect(code).to.equal(0);
      expect(stdout).to.contain('1 queued');
    } finally {
      if (saved === undefined) delete process.env.MODERATO_WEBHOOK_SECRET;
      else process.env.MODERATO_WEBHOOK_SECRET = saved;
    }
  });
});
