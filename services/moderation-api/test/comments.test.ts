import { expect } from 'chai';
import request from 'supertest';
import { at, createTenant, saveComments, startHarness, type Harness, type Tenant } from './harness.js';

describe('moderation API: comments and decisions', () => {
  let harness: Harness;
  let tenant: Tenant;

  before(async () => {
    harness = await startHarness('modapi-comments');
    tenant = await createTenant(harness.storage);
    const publisherId = tenant.publisherId;
    await saveComments(harness.storage, [
      { publisherId, commentId: 'first', authorId: 'reader', text: 'Great piece, subscribe at cheap.example', createdAt: at(0) },
      { publisherId, commentId: 'earlier', authorId: 'repeat', createdAt: at(1), flags: { toxic: 0.99 }, status: 'rejected' },
      {
        publisherId, commentId: 'copy/1', authorId: 'repeat', text: 'Great piece, subscribe at cheap.example', createdAt: at(2),
        flags: { duplicate: 1, spam: 0.7 }, duplicateOf: 'first', sentiment: { score: 0.5, label: 'positive' },
      },
      ...['race', 'plain', 'twice'].map((commentId, n) => ({ publisherId, commentId, flags: { negative: 0.5 }, createdAt: at(10 + n) })),
    ]);
  });

  after(() => harness.stop());

  const moderator = () => tenant.auth.moderator;
  const decide = (id: string, body: unknown, auth = moderator()) =>
    request(harness.app).post(`/v1/comments/${encodeURIComponent(id)}/decision`).set('Authorization', auth).send(body as object);

  it('shows a comment with scores, flag reasons, the comment it duplicates and its author’s history', async () => {
    const res = await request(harness.app).get(`/v1/comments/${encodeURIComponent('copy/1')}`).set('Authorization', moderator());
    expect(res.status).to.equal(200);
    expect(res.body).to.include({ commentId: 'copy/1', status: 'pending', severity: 1, duplicateOf: 'first' });
    expect(res.body.sentiment).to.deep.equal({ score: 0.5, label: 'positive' });
    expect(res.body.analysis.flags.map((flag: { kind: string; reasons: unknown[] }) => [flag.kind, flag.reasons.length])).to.deep.equal([['duplicate', 1], ['spam', 1]]);
    expect(res.body.analysis.spam.score).to.equal(0.7);
    expect(res.body.analysis).not.to.have.property('fingerprint');
    expect(res.body.duplicate).to.include({ commentId: 'first', authorId: 'reader', text: 'Great piece, subscribe at cheap.example' });
    expect(res.body.authorHistory.counts).to.deep.equal({ approved: 0, pending: 0, rejected: 1 });
    expect(res.body.authorHistory.recent.map((entry: { commentId: string }) => entry.commentId)).to.deep.equal(['earlier']);
  });

  it('records the decision, who made it and when, and takes the item out of the queue', async () => {
    const before = Date.now();
    const res = await decide('plain', { action: 'reject', reason: '  off-topic  ' });
    expect(res.status).to.equal(200);
    expect(res.body).to.deep.include({ commentId: 'plain', status: 'rejected' });
    expect(res.body.decision).to.include({ action: 'reject', reason: 'off-topic', decidedBy: tenant.keyIds.moderator });
    expect(new Date(res.body.decision.decidedAt).getTime()).to.be.at.least(before - 1_000);
    const queue = await request(harness.app).get('/v1/queue').set('Authorization', moderator());
    expect(queue.body.items.map((item: { commentId: string }) => item.commentId)).not.to.include('plain');
    const detail = await request(harness.app).get('/v1/comments/plain').set('Authorization', moderator());
    expect(detail.body.decision).to.deep.equal(res.body.decision);
  });

  it('gives exactly one of two simultaneous decisions 200 and the other 409 naming the winner', async () => {
    const responses = await Promise.all([decide('race', { action: 'approve' }), decide('race', { action: 'reject' }, tenant.auth.admin)]);
    expect(responses.map((res) => res.status).sort()).to.deep.equal([200, 409]);
    const winner = responses.find((res) => res.status === 200)!;
    const loser = responses.find((res) => res.status === 409)!;
    expect(loser.headers['content-type']).to.match(/^application\/problem\+json/);
    expect(loser.body).to.include({ code: 'already_decided', status: 409, commentStatus: winner.body.status });
    expect(loser.body.detail).to.match(/by another moderator\.$/);
    expect(loser.body.decision).to.deep.equal(winner.body.decision);
  });

  it('answers 409 to a second decision and to a comment the policy already settled', async () => {
    expect((await decide('twice', { action: 'approve' })).status).to.equal(200);
    const again = await decide('twice', { action: 'reject' });
    expect(again.status).to.equal(409);
    expect(again.body).to.include({ code: 'already_decided', status: 409, commentStatus: 'approved' });
    expect(again.body.detail).to.equal('Comment "twice" was already decided (approve) with this key.');
    const settled = await decide('earlier', { action: 'approve' });
    expect(settled.status).to.equal(409);
    expect(settled.body).to.include({ code: 'not_awaiting_review', status: 409, commentStatus: 'rejected', decision: null });
  });

  it('answers 404 for an unknown id', async () => {
    expect((await request(harness.app).get('/v1/comments/nope').set('Authorization', moderator())).status).to.equal(404);
    expect((await decide('nope', { action: 'approve' })).status).to.equal(404);
  });

  it('validates the decision body', async () => {
    const cases: Array<[unknown, string]> = [
      [{ action: 'delete' }, 'body.action'],
      [{}, 'body.action'],
      [{ action: 'approve', reason: '' }, 'body.reason'],
      [{ action: 'approve', reason: 'x'.repeat(1_001) }, 'body.reason'],
      [{ action: 'approve', status: { $ne: 'x' } }, 'body'],
      [{ action: { $ne: null } }, 'body.action'],
    ];
    for (const [body, path] of cases) {
      const res = await decide('race', body);
      expect(res.status, JSON.stringify(body)).to.equal(400);
      expect(res.body.errors.map((error: { path: string }) => error.path)).to.include(path);
    }
    const malformed = await request(harness.app).post('/v1/comments/race/decision').set('Authorization', moderator()).set('Content-Type', 'application/json').send('{"action":');
    expect(malformed.status).to.equal(400);
    expect(malformed.body.code).to.equal('malformed_json');
    expect(JSON.stringify(malformed.body)).not.to.match(/at .+\.(ts|js):\d+/);
  });
});
