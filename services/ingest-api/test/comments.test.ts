import { freePort } from '@moderato/testkit';
import { expect } from 'chai';
import request from 'supertest';
import { buildComment } from '../../../test/support/fixtures.js';
import { sendSigned } from '../../../test/support/webhook-client.js';
import { startIngestHarness, type IngestHarness } from './support.js';

describe('ingest API: POST /v1/comments', () => {
  let h: IngestHarness;
  const send = (body: unknown, options: { webhookId?: string; secret?: string; publisherId?: string } = {}) =>
    sendSigned(h.app, { path: '/v1/comments', publisherId: options.publisherId ?? h.publisherId, secret: options.secret ?? h.secret, body, ...(options.webhookId ? { webhookId: options.webhookId } : {}) });

  before(async () => {
    h = await startIngestHarness('ingest');
  });
  after(async () => {
    await h?.close();
  });

  it('queues one signed comment with a deterministic job', async () => {
    const comment = buildComment();
    const res = await send(comment);
    expect(res.status).to.equal(202);
    expect(res.body.results).to.have.length(1);
    expect(res.body.results[0]).to.include({ index: 0, id: comment.id, status: 'queued' });
    const job = await h.queue.getJob(res.body.results[0].jobId);
    expect(job?.data.comment.text).to.equal(comment.text);
    expect(job?.data.publisherId).to.equal(h.publisherId);
  });

  it('answers 503 and queues nothing when it cannot read a publisher secret sealed under another key', async () => {
    // A secret sealed by a server with another WEBHOOK_SECRETS_KEY (this harness holds none).
    await h.storage.models.publishers.create({ publisherId: 'sealed-elsewhere', webhookSecrets: [{ secret: 'enc:v1:aXY:dGFn:Y2lwaGVy', createdAt: new Date(), expiresAt: null }] });
    const waiting = await h.queue.getWaitingCount();
    const res = await send(buildComment(), { publisherId: 'sealed-elsewhere', secret: 'whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=' });
    expect(res.status).to.equal(503);
    expect(res.headers['content-type']).to.contain('application/problem+json');
    expect(res.body.code).to.equal('webhook_secrets_unreadable');
    expect(await h.queue.getWaitingCount()).to.equal(waiting);
  });

  it('accepts the valid items of a batch and reports each invalid one by index, naming the field', async () => {
    const good = buildComment();
    const badText = { ...buildComment(), text: '   ' };
    const unknownField = { ...buildComment(), score: 5 };
    const badDate = { ...buildComment(), createdAt: 'yesterday' };
    const res = await send({ comments: [good, badText, unknownField, badDate] });
    expect(res.status).to.equal(202);
    expect(res.body.accepted).to.equal(1);
    const [first, second, third, fourth] = res.body.results;
    expect(first.status).to.equal('queued');
    expect(second).to.deep.include({ index: 1, status: 'invalid' });
    expect(second.errors[0].path).to.equal('comments.1.text');
    expect(third.errors[0]).to.deep.include({ path: 'comments.2' });
    expect(third.errors[0].message).to.contain('score');
    expect(fourth.errors[0].path).to.equal('comments.3.createdAt');
    expect(await h.queue.getJobCounts('waiting')).to.deep.equal({ waiting: 2 });
  });

  it('rejects a batch of more than 500 comments and queues nothing', async () => {
    const before = await h.queue.count();
    const res = await send({ comments: Array.from({ length: 501 }, () => buildComment()) });
    expect(res.status).to.equal(400);
    expect(res.body.code).to.equal('batch_too_large');
    expect(await h.queue.count()).to.equal(before);
  });

  it('answers a single invalid comment with 400 naming every bad field', async () => {
    const res = await send({ ...buildComment(), author: { name: 'No id' }, text: 'x'.repeat(10_001) });
    expect(res.status).to.equal(400);
    expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
    expect(res.body.errors.map((e: { path: string }) => e.path)).to.have.members(['author.id', 'text']);
  });

  it('refuses ids and text that are not well-formed Unicode, and text of control characters only, naming the field', async () => {
    // Two lone surrogates: UTF-8 has no form for either, so stored or hashed they would both become U+FFFD, one id.
    const res = await send({ comments: [buildComment({ id: 'ls-\ud800' }), buildComment({ id: 'ls-\udbff' }), buildComment({ text: '\u0000\u0007\u200b' }), buildComment({ author: { id: 'u', name: 'x\udc00' } })] });
    expect(res.status).to.equal(400);
    const paths = res.body.results.flatMap((result: { errors: { path: string; message: string }[] }) => result.errors.map((error) => `${error.path}: ${error.message}`));
    expect(paths).to.deep.equal([
      'comments.0.id: must be well-formed Unicode (it holds a lone surrogate)',
      'comments.1.id: must be well-formed Unicode (it holds a lone surrogate)',
      'comments.2.text: must contain visible characters, not only control or invisible ones',
      'comments.3.author.name: must be well-formed Unicode (it holds a lone surrogate)',
    ]);
    const paired = buildComment({ id: 'emoji-\ud83d\ude00', text: 'Well said \ud83d\udc4f' });
    expect((await send(paired)).body.results[0]).to.include({ id: paired.id, status: 'queued' });
  });

  it('never queues the same (publisher, comment id) twice, across deliveries and inside one batch', async () => {
    const comment = buildComment();
    const first = await send({ comments: [comment, comment] });
    expect(first.body.results.map((r: { status: string }) => r.status)).to.deep.equal(['queued', 'duplicate']);
    const second = await send(comment);
    expect(second.body.results[0].status).to.equal('duplicate');
    const jobs = await h.queue.getJobs(['waiting']);
    expect(jobs.filter((job) => job.data.comment.id === comment.id)).to.have.length(1);
  });

  it('answers a redelivered webhook with the first answer and queues nothing new', async () => {
    const body = { comments: [buildComment(), buildComment()] };
    const first = await send(body, { webhookId: 'msg_redelivered' });
    const before = await h.queue.count();
    const second = await send(body, { webhookId: 'msg_redelivered' });
    expect(second.status).to.equal(202);
    expect(second.headers['x-moderato-redelivery']).to.equal('true');
    expect(second.body).to.deep.equal(first.body);
    expect(await h.queue.count()).to.equal(before);
  });

  it('answers an error and marks nothing when BullMQ cannot add a job, so the same delivery sent again queues it', async () => {
    const body = { comments: [buildComment(), buildComment()] };
    // Lists of the wrong type make BullMQ's add fail inside the delivery's script, plain or prioritized.
    const [wait, prioritized] = [h.queue.toKey('wait'), h.queue.toKey('prioritized')];
    await Promise.all([h.redis.set(wait, 'not a list'), h.redis.set(prioritized, 'not a sorted set')]);
    let failed;
    try {
      failed = await send(body, { webhookId: 'msg_add_failed' });
    } finally {
      await h.redis.del(wait, prioritized);
    }
    expect(failed.status).to.be.at.least(500);
    expect(failed.headers['content-type']).to.match(/^application\/problem\+json/);
    const retried = await send(body, { webhookId: 'msg_add_failed' });
    expect(retried.status).to.equal(202);
    expect(retried.headers['x-moderato-redelivery']).to.equal(undefined);
    expect(retried.body.results.map((r: { status: string }) => r.status)).to.deep.equal(['queued', 'queued']);
    for (const result of retried.body.results) expect((await h.queue.getJob(result.jobId))?.data.comment.id).to.equal(result.id);
  });

  it('refuses a webhook-id reused for a different body with 409, queueing nothing, and still replays the first body', async () => {
    const first = { comments: [buildComment()] };
    expect((await send(first, { webhookId: 'msg_reused' })).status).to.equal(202);
    const before = await h.queue.count();
    const other = { comments: [buildComment(), buildComment()] };
    const reused = await send(other, { webhookId: 'msg_reused' });
    expect(reused.status).to.equal(409);
    expect(reused.headers['content-type']).to.match(/^application\/problem\+json/);
    expect(reused.body).to.include({ code: 'webhook_id_reused', status: 409 });
    expect(await h.queue.count()).to.equal(before);
    const replay = await send(first, { webhookId: 'msg_reused' });
    expect(replay.status).to.equal(202);
    expect(replay.headers['x-moderato-redelivery']).to.equal('true');
    expect(replay.body.accepted).to.equal(1);
  });

  it('counts comments by result in the Prometheus metrics', async () => {
    const comment = buildComment();
    await send({ comments: [comment, comment, { ...buildComment(), text: '' }] });
    const metrics = await request(h.app).get('/metrics');
    expect(metrics.status).to.equal(200);
    const value = (result: string) => Number(new RegExp(`moderato_ingest_comments_total\\{[^}]*result="${result}"[^}]*\\} (\\d+)`).exec(metrics.text)?.[1]);
    expect(value('queued')).to.be.greaterThan(0);
    expect(value('duplicate')).to.be.greaterThan(0);
    expect(value('invalid')).to.be.greaterThan(0);
    expect(metrics.text).to.match(/moderato_http_request_duration_seconds_count\{[^}]*method="POST",route="\/v1\/comments",status="202"/);
  });

  describe('authentication', () => {
    it('refuses a bad signature, an unknown publisher, and missing headers with 401, queueing nothing', async () => {
      const before = await h.queue.count();
      const forged = await send(buildComment(), { secret: `whsec_${Buffer.alloc(32, 1).toString('base64')}` });
      expect(forged.status).to.equal(401);
      expect(forged.body.code).to.equal('bad_signature');
      const unknown = await send(buildComment(), { publisherId: 'nobody' });
      expect(unknown.status).to.equal(401);
      const unsigned = await request(h.app).post('/v1/comments').set('x-moderato-publisher', h.publisherId).send(buildComment());
      expect(unsigned.status).to.equal(401);
      expect(unsigned.body.code).to.equal('missing_headers');
      expect(await h.queue.count()).to.equal(before);
    });

    it('refuses a stale timestamp', async () => {
      const { signedHeaders } = await import('@moderato/webhooks');
      const raw = JSON.stringify(buildComment());
      const res = await request(h.app)
        .post('/v1/comments')
        .set(signedHeaders(h.secret, 'msg_old', raw, Math.floor(Date.now() / 1000) - 600))
        .set('x-moderato-publisher', h.publisherId)
        .set('content-type', 'application/json')
        .send(raw);
      expect(res.status).to.equal(401);
      expect(res.body.code).to.equal('stale_timestamp');
    });
  });

  describe('malformed requests', () => {
    it('answers malformed JSON with 400 problem+json and no stack trace', async () => {
      const { signedHeaders } = await import('@moderato/webhooks');
      const raw = '{"id": "x",';
      const res = await request(h.app).post('/v1/comments').set(signedHeaders(h.secret, 'msg_bad_json', raw)).set('x-moderato-publisher', h.publisherId).set('content-type', 'application/json').send(raw);
      expect(res.status).to.equal(400);
      expect(res.body.code).to.equal('malformed_json');
      expect(JSON.stringify(res.body)).not.to.match(/at .*\.ts:\d+/);
    });

    it('answers a non-JSON content type with 415', async () => {
      const res = await request(h.app).post('/v1/comments').set('x-moderato-publisher', h.publisherId).set('content-type', 'text/plain').send('hello');
      expect(res.status).to.equal(415);
      expect(res.body.code).to.equal('unsupported_media_type');
    });

    it('answers a body over the limit with 413', async () => {
      const res = await request(h.app)
        .post('/v1/comments')
        .set('x-moderato-publisher', h.publisherId)
        .set('content-type', 'application/json')
        .send(JSON.stringify({ comments: [{ text: 'x'.repeat(17 * 1024 * 1024) }] }));
      expect(res.status).to.equal(413);
      expect(res.body.code).to.equal('payload_too_large');
    });
  });
});

describe('ingest API when Redis is unreachable', () => {
  let h: IngestHarness;
  before(async () => {
    h = await startIngestHarness('ingest_down', `redis://127.0.0.1:${await freePort()}`);
  });
  after(async () => {
    await h?.close();
  });

  it('answers 503 problem+json instead of hanging, and /readyz names Redis', async () => {
    const res = await sendSigned(h.app, { path: '/v1/comments', publisherId: h.publisherId, secret: h.secret, body: buildComment() });
    expect(res.status).to.equal(503);
    expect(res.body.code).to.equal('dependency_unavailable');
    const ready = await request(h.app).get('/readyz');
    expect(ready.status).to.equal(503);
    expect(ready.body.checks.redis).to.not.equal('ok');
    expect(ready.body.checks.mongodb).to.equal('ok');
  });
});
