import { silentLogger } from '@moderato/service-kit';
import { appendToFeed, clearRelayedEvents, decideComment, findPendingEvents } from '@moderato/storage';
import { expect } from 'chai';
import type { Express } from 'express';
import request from 'supertest';
import { createModerationApp } from '../src/app.js';
import { at, createTenant, saveComments, startHarness, type Harness, type Tenant } from './harness.js';

interface DecidedEventView {
  data: { commentId: string; sequence: number; status: string; previousStatus: string; decision: { action: string; decidedBy: string } };
}

describe('moderation API: bulk decisions, and undoing or changing a decision', () => {
  let harness: Harness;
  let app: Express;
  let tenant: Tenant;
  let other: Tenant;
  /** Publisher ids the app announced recorded events for, in order. */
  const announced: string[] = [];

  before(async () => {
    harness = await startHarness('modapi-decisions');
    app = createModerationApp({ storage: harness.storage, queue: harness.queue, logger: silentLogger(), announceEvents: (publisherId) => announced.push(publisherId) });
    [tenant, other] = [await createTenant(harness.storage), await createTenant(harness.storage)];
    const held = (publisherId: string, commentId: string, n: number) => ({ publisherId, commentId, flags: { toxic: 0.7 }, createdAt: at(n) });
    await saveComments(harness.storage, [
      ...['b-1', 'b-2', 'b-3', 'b-taken', 'b-race', 'r-undo', 'r-late', 'r-long', 'r-stale', 'r-order', 'r-headers'].map((id, n) => held(tenant.publisherId, id, n)),
      { publisherId: tenant.publisherId, commentId: 'b-settled', flags: { toxic: 0.99 }, status: 'rejected', createdAt: at(30) },
      held(other.publisherId, 'elsewhere', 40),
    ]);
  });

  after(() => harness.stop());

  beforeEach(() => {
    announced.length = 0;
  });

  const bulk = (body: unknown, auth = tenant.auth.moderator) => request(app).post('/v1/decisions').set('Authorization', auth).send(body as object);
  const decide = (id: string, body: unknown, auth = tenant.auth.moderator) => request(app).post(`/v1/comments/${id}/decision`).set('Authorization', auth).send(body as object);
  const change = (id: string, ifMatch: string, body: unknown, auth = tenant.auth.moderator) =>
    request(app).put(`/v1/comments/${id}/decision`).set('Authorization', auth).set('If-Match', `"${ifMatch}"`).send(body as object);
  const undo = (id: string, ifMatch: string, auth = tenant.auth.moderator) =>
    request(app).delete(`/v1/comments/${id}/decision`).set('Authorization', auth).set('If-Match', `"${ifMatch}"`);
  const detail = (id: string, auth = tenant.auth.moderator) => request(app).get(`/v1/comments/${id}`).set('Authorization', auth);
  const queueIds = async (): Promise<string[]> =>
    (await request(app).get('/v1/queue').set('Authorization', tenant.auth.moderator).query({ limit: '100' })).body.items.map((item: { commentId: string }) => item.commentId);

  /** What a publisher's webhook receivers and the feed get: moves the outboxes into the feed (the relay's job), then reads it. */
  async function decidedEvents(commentId: string): Promise<DecidedEventView['data'][]> {
    for (const pending of await findPendingEvents(harness.storage, 100)) {
      await appendToFeed(harness.storage, pending.publisherId, pending.events);
      await clearRelayedEvents(harness.storage, pending.publisherId, [pending.commentId], pending.events.map((event) => event.eventId));
    }
    const feed = await request(app).get('/v1/events').set('Authorization', tenant.auth.analyst).query({ types: 'comment.decided', limit: '500' });
    expect(feed.status).to.equal(200);
    return (feed.body.events as DecidedEventView[]).map((event) => event.data).filter((data) => data.commentId === commentId);
  }

  describe('POST /v1/decisions', () => {
    it('answers one result per id in the order sent: decided, already decided, settled by the policy, not found', async () => {
      expect((await decide('b-taken', { action: 'approve' }, tenant.auth.admin)).status).to.equal(200);
      announced.length = 0;
      const res = await bulk({ commentIds: ['b-2', 'nope', 'b-taken', 'elsewhere', 'b-settled', 'b-1'], action: 'reject', reason: 'Insults.' });
      expect(res.status).to.equal(200);
      expect(res.body.results.map((item: { commentId: string; result: string }) => [item.commentId, item.result])).to.deep.equal([
        ['b-2', 'decided'], ['nope', 'not_found'], ['b-taken', 'already_decided'], ['elsewhere', 'not_found'], ['b-settled', 'not_awaiting_review'], ['b-1', 'decided'],
      ]);
      const [decided, unknown, taken, elsewhere, settled] = res.body.results;
      expect(decided).to.deep.include({ status: 'rejected' });
      expect(decided.decision).to.include({ action: 'reject', reason: 'Insults.', decidedBy: tenant.keyIds.moderator });
      expect(taken).to.deep.include({ status: 'approved' });
      expect(taken.decision).to.include({ action: 'approve', decidedBy: tenant.keyIds.admin });
      expect(settled).to.deep.equal({ commentId: 'b-settled', result: 'not_awaiting_review', status: 'rejected' });
      // Another publisher's comment answers exactly like an unknown one.
      expect(elsewhere).to.deep.equal({ commentId: 'elsewhere', result: 'not_found' });
      expect(unknown).to.deep.equal({ commentId: 'nope', result: 'not_found' });
      expect((await detail('b-1')).body.decision).to.deep.equal(res.body.results[5].decision);
      expect(await queueIds()).not.to.include.members(['b-1', 'b-2']);
      expect(announced).to.deep.equal([tenant.publisherId]);
    });

    it('leaves another publisher’s comment as it was', async () => {
      const theirs = await detail('elsewhere', other.auth.moderator);
      expect(theirs.body).to.include({ status: 'pending', decision: null });
    });

    it('records one comment.decided event per decided comment, after its analysis', async () => {
      for (const id of ['b-1', 'b-2']) {
        expect((await decidedEvents(id)).map((data) => [data.sequence, data.status, data.previousStatus, data.decision.action])).to.deep.equal([[2, 'rejected', 'pending', 'reject']]);
      }
      expect(await decidedEvents('b-settled')).to.deep.equal([]);
    });

    it('gives one of a bulk and a single decision of the same comment at once the win', async () => {
      const [many, one] = await Promise.all([bulk({ commentIds: ['b-race'], action: 'approve' }), decide('b-race', { action: 'reject' }, tenant.auth.admin)]);
      expect(many.status).to.equal(200);
      const bulkWon = many.body.results[0].result === 'decided';
      expect(one.status).to.equal(bulkWon ? 409 : 200);
      expect(many.body.results[0].result).to.equal(bulkWon ? 'decided' : 'already_decided');
      const events = await decidedEvents('b-race');
      expect(events.map((data) => [data.sequence, data.decision.action])).to.deep.equal([[2, bulkWon ? 'approve' : 'reject']]);
    });

    it('refuses a bad list with a 400 naming the field', async () => {
      const cases: Array<[unknown, string, RegExp]> = [
        [{ commentIds: Array.from({ length: 101 }, (_, n) => `c-${n}`), action: 'approve' }, 'body.commentIds', /at most 100/],
        [{ commentIds: ['b-3', 'x', 'b-3'], action: 'approve' }, 'body.commentIds', /repeat an id: "b-3"/],
        [{ commentIds: [], action: 'approve' }, 'body.commentIds', /at least one/],
        [{ commentIds: 'b-3', action: 'approve' }, 'body.commentIds', /list of comment ids/],
        [{ commentIds: [{ $ne: null }], action: 'approve' }, 'body.commentIds.0', /./],
        [{ commentIds: ['b-3'], action: 'undo' }, 'body.action', /approve/],
        [{ commentIds: ['b-3'], action: 'approve', extra: 1 }, 'body', /./],
      ];
      for (const [body, path, message] of cases) {
        const res = await bulk(body);
        expect(res.status, JSON.stringify(body).slice(0, 80)).to.equal(400);
        const error = (res.body.errors as Array<{ path: string; message: string }>).find((e) => e.path === path);
        expect(error, `${path} in ${JSON.stringify(res.body.errors)}`).to.not.equal(undefined);
        expect(error!.message).to.match(message);
      }
      expect((await detail('b-3')).body.decision).to.equal(null);
    });

    it('takes moderator and admin keys only', async () => {
      expect((await bulk({ commentIds: ['b-3'], action: 'approve' }, tenant.auth.analyst)).status).to.equal(403);
      expect((await request(app).post('/v1/decisions').send({ commentIds: ['b-3'], action: 'approve' })).status).to.equal(401);
      const res = await bulk({ commentIds: ['b-3'], action: 'approve' }, tenant.auth.admin);
      expect(res.body.results[0]).to.deep.include({ result: 'decided', status: 'approved' });
    });
  });

  describe('PUT and DELETE /v1/comments/:id/decision', () => {
    it('undoes a decision within the window: pending, undecided and back in the queue', async () => {
      const decided = await decide('r-undo', { action: 'reject' });
      const res = await undo('r-undo', decided.body.decision.decidedAt);
      expect(res.status).to.equal(200);
      expect(res.body).to.deep.equal({ commentId: 'r-undo', status: 'pending', previousStatus: 'rejected', decision: null });
      expect((await detail('r-undo')).body).to.include({ status: 'pending', decision: null });
      expect(await queueIds()).to.include('r-undo');
      expect(announced).to.deep.equal([tenant.publisherId, tenant.publisherId]);
      // Back in the queue, it can be decided again.
      expect((await decide('r-undo', { action: 'approve' })).status).to.equal(200);
    });

    it('refuses once the publisher’s window (15 minutes unless set) has passed, and allows a longer window', async () => {
      const twentyMinutesAgo = new Date(Date.now() - 20 * 60_000);
      for (const commentId of ['r-late', 'r-long']) {
        await decideComment(harness.storage, { publisherId: tenant.publisherId, commentId, action: 'approve', decidedBy: tenant.keyIds.moderator, now: twentyMinutesAgo });
      }
      const late = await undo('r-late', twentyMinutesAgo.toISOString());
      expect(late.status).to.equal(409);
      expect(late.body).to.include({ code: 'undo_window_passed', commentStatus: 'approved', windowEndedAt: new Date(twentyMinutesAgo.getTime() + 15 * 60_000).toISOString() });
      expect((await change('r-late', twentyMinutesAgo.toISOString(), { action: 'reject' })).body.code).to.equal('undo_window_passed');
      expect((await detail('r-late')).body).to.include({ status: 'approved' });

      const policy = await request(app).put('/v1/policy').set('Authorization', tenant.auth.admin).send({ policy: { decisions: { undoWindowMinutes: 60 } } });
      expect(policy.status).to.equal(200);
      expect(policy.body.policy.decisions).to.deep.equal({ undoWindowMinutes: 60 });
      const changed = await change('r-long', twentyMinutesAgo.toISOString(), { action: 'reject', reason: 'Missed the slur.' });
      expect(changed.status).to.equal(200);
      expect(changed.body).to.deep.include({ commentId: 'r-long', status: 'rejected', previousStatus: 'approved' });
      expect(changed.body.decision).to.include({ action: 'reject', reason: 'Missed the slur.', decidedBy: tenant.keyIds.moderator });
    });

    it('refuses when someone else changed the decision since the one sent in If-Match', async () => {
      const decided = await decide('r-stale', { action: 'approve' });
      const byAdmin = await change('r-stale', decided.body.decision.decidedAt, { action: 'reject' }, tenant.auth.admin);
      expect(byAdmin.status).to.equal(200);
      for (const stale of [await undo('r-stale', decided.body.decision.decidedAt), await change('r-stale', decided.body.decision.decidedAt, { action: 'approve' })]) {
        expect(stale.status).to.equal(409);
        expect(stale.body).to.include({ code: 'decision_changed', commentStatus: 'rejected' });
        expect(stale.body.decision).to.deep.equal(byAdmin.body.decision);
      }
      const same = await change('r-stale', byAdmin.body.decision.decidedAt, { action: 'reject' });
      expect(same.body).to.include({ status: 409, code: 'no_change' });
      const undone = await undo('r-stale', byAdmin.body.decision.decidedAt);
      expect(undone.status).to.equal(200);
      const again = await undo('r-stale', byAdmin.body.decision.decidedAt);
      expect(again.body).to.include({ status: 409, code: 'not_decided', commentStatus: 'pending' });
    });

    it('records each decision, change and undo as a comment.decided event, in order', async () => {
      const decided = await decide('r-order', { action: 'approve' });
      const changed = await change('r-order', decided.body.decision.decidedAt, { action: 'reject' }, tenant.auth.admin);
      expect((await undo('r-order', changed.body.decision.decidedAt)).status).to.equal(200);
      const events = await decidedEvents('r-order');
      expect(events.map((data) => [data.sequence, data.decision.action, data.previousStatus, data.status, data.decision.decidedBy])).to.deep.equal([
        [2, 'approve', 'pending', 'approved', tenant.keyIds.moderator],
        [3, 'reject', 'approved', 'rejected', tenant.keyIds.admin],
        [4, 'undo', 'rejected', 'pending', tenant.keyIds.moderator],
      ]);
    });

    it('needs If-Match, a known comment of the publisher, and a moderator or admin key', async () => {
      const decided = await decide('r-headers', { action: 'approve' });
      const { decidedAt } = decided.body.decision;
      const missing = await request(app).delete('/v1/comments/r-headers/decision').set('Authorization', tenant.auth.moderator);
      expect(missing.status).to.equal(400);
      expect(missing.body.errors.map((error: { path: string }) => error.path)).to.deep.equal(['headers.if-match']);
      const garbled = await request(app).put('/v1/comments/r-headers/decision').set('Authorization', tenant.auth.moderator).set('If-Match', '"3"').send({ action: 'reject' });
      expect(garbled.status).to.equal(400);
      expect(garbled.body.errors[0].path).to.equal('headers.if-match');
      expect((await change('r-headers', decidedAt, { action: 'delete' })).body.errors[0].path).to.equal('body.action');
      expect((await undo('r-headers', decidedAt, tenant.auth.analyst)).status).to.equal(403);
      expect((await undo('nope', decidedAt)).status).to.equal(404);
      expect((await undo('r-headers', decidedAt, other.auth.moderator)).status).to.equal(404);
      expect((await detail('r-headers')).body).to.include({ status: 'approved' });
    });
  });

  describe('the policy field decisions.undoWindowMinutes', () => {
    it('defaults to 15 and takes whole minutes from 0 to 1440', async () => {
      const current = await request(app).get('/v1/policy').set('Authorization', other.auth.moderator);
      expect(current.body.policy.decisions).to.deep.equal({ undoWindowMinutes: 15 });
      for (const bad of [-1, 1441, 1.5, '15']) {
        const res = await request(app).put('/v1/policy').set('Authorization', other.auth.admin).send({ policy: { decisions: { undoWindowMinutes: bad } } });
        expect(res.status, String(bad)).to.equal(400);
        expect(res.body.errors[0]).to.include({ path: 'body.policy.decisions.undoWindowMinutes', message: 'must be a whole number of minutes from 0 to 1440' });
      }
      const none = await request(app).put('/v1/policy').set('Authorization', other.auth.admin).send({ policy: { decisions: { undoWindowMinutes: 0 } } });
      expect(none.body.policy.decisions).to.deep.equal({ undoWindowMinutes: 0 });
      const decided = await decide('elsewhere', { action: 'approve' }, other.auth.moderator);
      expect((await undo('elsewhere', decided.body.decision.decidedAt, other.auth.moderator)).body.code).to.equal('undo_window_passed');
    });
  });
});
