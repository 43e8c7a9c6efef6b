import { expect } from 'chai';
import express, { type Express } from 'express';
import request from 'supertest';
import { createServiceApp, silentLogger } from '@moderato/service-kit';
import type { Storage } from '@moderato/storage';
import { authenticate } from '../src/http/auth.js';
import { dependencyErrors } from '../src/http/dependency-errors.js';
import { csvCell } from '../src/http/export-format.js';
import { exportRouter } from '../src/http/export-routes.js';
import { at, createTenant, saveComments, startHarness, type Harness, type Tenant } from './harness.js';

/** The export route in the app's frame, reading `batchSize` rows per query so a few comments make several batches. */
function exportApp(storage: Storage, batchSize: number): Express {
  const options = { service: 'moderation-api', logger: silentLogger(), readiness: {}, errorMappers: [dependencyErrors()] };
  return createServiceApp(options, (app) => {
    app.use(express.json({ limit: '16kb' }));
    app.use('/v1', authenticate(storage));
    app.use(exportRouter(storage, batchSize));
  });
}

/** The body as text, whatever its content type. */
function text(res: request.Response): string {
  return typeof res.body === 'string' ? res.body : res.text;
}

describe('moderation API: GET /v1/export/comments', () => {
  let harness: Harness;
  let tenant: Tenant;
  let app: Express;

  before(async () => {
    harness = await startHarness('modapi-export');
    tenant = await createTenant(harness.storage);
    app = exportApp(harness.storage, 2);
    const { publisherId } = tenant;
    await saveComments(harness.storage, [
      { publisherId, commentId: 'e1', articleId: 'a1', authorId: 'u1', createdAt: at(1), sentiment: { score: 0.6, label: 'positive' } },
      { publisherId, commentId: 'e2', articleId: 'a1', authorId: 'u2', createdAt: at(2), sentiment: { score: -0.7, label: 'negative' }, flags: { toxic: 0.9, negative: 0.7 } },
      { publisherId, commentId: 'e3', articleId: 'a2', authorId: 'u1', createdAt: at(3), sentiment: null },
      // Same createdAt as e3: the id breaks the tie, so a cursor between them resumes exactly.
      { publisherId, commentId: 'e4', articleId: 'a2', authorId: 'u3', createdAt: at(3), sentiment: { score: 0, label: 'neutral' } },
      { publisherId, commentId: 'e5', articleId: 'a3', authorId: 'u4', createdAt: at(4), sentiment: { score: 0.3, label: 'positive' } },
      { publisherId, commentId: 'spam', articleId: 'a3', authorId: 'u5', createdAt: at(5), flags: { spam: 0.99 }, status: 'rejected' },
      { publisherId, commentId: 'later', createdAt: at(60 * 24 * 30) },
      { publisherId: (await createTenant(harness.storage)).publisherId, commentId: 'theirs', createdAt: at(2) },
    ]);
  });

  after(() => harness.stop());

  const range = `from=${encodeURIComponent(at(0).toISOString())}&to=${encodeURIComponent(at(60).toISOString())}`;
  const get = (query: string, auth = tenant.auth.analyst, on: Express = app) =>
    request(on).get(`/v1/export/comments?${query}`).set('Authorization', auth).buffer(true).parse((res, done) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => done(null, body));
    });
  const ndjson = (res: request.Response) => text(res).split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);

  it('streams NDJSON over several batches, oldest first, with each row’s analysis, leaving out spam and duplicates', async () => {
    const res = await get(`format=ndjson&${range}`);
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.match(/^application\/x-ndjson/);
    expect(res.headers['x-excluded-flags']).to.equal('spam,duplicate');
    const rows = ndjson(res);
    expect(rows.map((row) => row.commentId)).to.deep.equal(['e1', 'e2', 'e3', 'e4', 'e5']);
    const { cursor, ...second } = rows[1]!;
    expect(cursor).to.be.a('string');
    expect(second).to.deep.equal({
      commentId: 'e2', articleId: 'a1', authorId: 'u2', createdAt: at(2).toISOString(), sentiment: { label: 'negative', score: -0.7 },
      flags: ['toxic', 'negative'], status: 'pending', analysisVersion: 'test-1',
    });
    expect(rows[2]!.sentiment).to.equal(null);
    const withSpam = ndjson(await get(`format=ndjson&${range}&include=spam`));
    expect(withSpam.map((row) => row.commentId)).to.deep.equal(['e1', 'e2', 'e3', 'e4', 'e5', 'spam']);
  });

  it('resumes right after the row whose cursor it is given, also between rows of the same instant and across batches', async () => {
    const rows = ndjson(await get(`format=ndjson&${range}`));
    for (const [index, row] of rows.entries()) {
      const rest = ndjson(await get(`format=ndjson&${range}&cursor=${row.cursor as string}`));
      expect(rest.map((item) => item.commentId), `after ${row.commentId as string}`).to.deep.equal(rows.slice(index + 1).map((item) => item.commentId));
    }
  });

  it('writes CSV with a header, RFC 4180 quoting and the same cursors', async () => {
    const res = await get(`format=csv&${range}`);
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.match(/^text\/csv/);
    const lines = text(res).split('\r\n');
    expect(lines[0]).to.equal('commentId,articleId,authorId,createdAt,sentimentLabel,sentimentScore,flags,status,analysisVersion,cursor');
    expect(lines.at(-1)).to.equal('');
    expect(lines).to.have.length(7);
    const second = lines[2]!.split(',');
    expect(second.slice(0, 9)).to.deep.equal(['e2', 'a1', 'u2', at(2).toISOString(), 'negative', '-0.7', 'toxic;negative', 'pending', 'test-1']);
    expect(lines[3]!.split(',').slice(4, 6)).to.deep.equal(['', '']);
    const rest = text(await get(`format=csv&${range}&cursor=${second[9]!}`)).split('\r\n');
    expect(rest.slice(1, -1).map((line) => line.split(',')[0])).to.deep.equal(['e3', 'e4', 'e5']);
  });

  it('quotes CSV cells and defuses the ones a spreadsheet would run as formulas', async () => {
    expect(csvCell('plain')).to.equal('plain');
    expect(csvCell('a,"b"')).to.equal('"a,""b"""');
    expect(csvCell('two\nlines')).to.equal('"two\nlines"');
    expect(csvCell('=HYPERLINK("http://x","y")')).to.equal(`"'=HYPERLINK(""http://x"",""y"")"`);
    for (const start of ['+', '-', '@', '\t']) expect(csvCell(`${start}1`)).to.equal(`'${start}1`);
    expect(csvCell(-0.5)).to.equal('-0.5');
    // Ids as a publisher may send them, end to end.
    const other = await createTenant(harness.storage);
    await saveComments(harness.storage, [{ publisherId: other.publisherId, commentId: '=cmd|calc', articleId: 'a,"1"', authorId: '@me', createdAt: at(1) }]);
    const line = text(await get(`format=csv&${range}`, other.auth.admin)).split('\r\n')[1]!;
    expect(line.startsWith(`'=cmd|calc,"a,""1""",'@me,`)).to.equal(true);
  });

  it('streams through the app as well, and answers an empty range with no rows', async () => {
    expect(ndjson(await get(`format=ndjson&${range}`, tenant.auth.admin, harness.app)).map((row) => row.commentId)).to.deep.equal(['e1', 'e2', 'e3', 'e4', 'e5']);
    const empty = await get('format=csv&from=2020-01-01&to=2020-01-02');
    expect(empty.status).to.equal(200);
    expect(text(empty)).to.equal('commentId,articleId,authorId,createdAt,sentimentLabel,sentimentScore,flags,status,analysisVersion,cursor\r\n');
  });

  it('refuses what it did not issue or cannot serve, as problem+json', async () => {
    const forged = Buffer.from(JSON.stringify({ createdAt: 'x' })).toString('base64url');
    for (const query of [range, `format=xml&${range}`, `format=csv&cursor=${forged}`, 'format=csv&cursor=not*base64', 'format=csv&from=2025-10-02&to=2025-10-01', 'format=csv&from=2020-01-01&to=2025-01-01', 'format=csv&include=toxic']) {
      const res = await get(query);
      expect(res.status, query).to.equal(400);
      expect(res.headers['content-type'], query).to.match(/^application\/problem\+json/);
    }
    expect((await get(`format=csv&${range}`, tenant.auth.moderator)).status).to.equal(403);
  });
});
