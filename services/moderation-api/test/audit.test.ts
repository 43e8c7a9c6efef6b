import { silentLogger } from '@moderato/service-kit';
import { createApiKey } from '@moderato/storage';
import { expect } from 'chai';
import type { Express } from 'express';
import request from 'supertest';
import { createModerationApp } from '../src/app.js';
import { at, createTenant, saveComments, startHarness, type Harness, type Tenant } from './harness.js';

interface EntryView {
  entryId: string;
  at: string;
  actor: { keyId: string | null; label: string | null; role: string | null };
  action: string;
  target: { type: string; id: string };
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

const DAY_MS = 86_400_000;

describe('moderation API: the audit log (GET /v1/audit)', () => {
  let harness: Harness;
  let app: Express;
  let tenant: Tenant;
  let other: Tenant;
  /** A moderator key with a label, as a publisher names the people it gives keys to. */
  let dana: { auth: string; keyId: string };

  before(async () => {
    harness = await startHarness('modapi-audit');
    app = createModerationApp({ storage: harness.storage, queue: harness.queue, logger: silentLogger() });
    [tenant, other] = [await createTenant(harness.storage), await createTenant(harness.storage)];
    const { key, keyId } = await createApiKey(harness.storage, { publisherId: tenant.publisherId, role: 'moderator', label: 'Dana (night desk)' });
    dana = { auth: `Bearer ${key}`, keyId };
    const held = (publisherId: string, commentId: string, n: number) => ({ publisherId, commentId, flags: { toxic: 0.7 }, createdAt: at(n) });
    await saveComments(harness.storage, [
      ...['c-1', 'c-2', 'c-3', 'c-late'].map((id, n) => held(tenant.publisherId, id, n)),
      held(other.publisherId, 'elsewhere', 10),
    ]);
  });

  after(() => harness.stop());

  const audit = (query: Record<string, string> = {}, auth = tenant.auth.admin) => request(app).get('/v1/audit').set('Authorization', auth).query(query);
  const entries = async (query: Record<string, string> = {}, auth = tenant.auth.admin): Promise<EntryView[]> => {
    const res = await audit({ limit: '100', ...query }, auth);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return res.body.items;
  };
  const putPolicy = (policy: unknown, auth = tenant.auth.admin) => request(app).put('/v1/policy').set('Authorization', auth).send({ policy });

  describe('what is recorded', () => {
    let decided: { decidedAt: string };

    it('a decision: who (key id, label, role), the comment, pending before and the decision after', async () => {
      const res = await request(app).post('/v1/comments/c-1/decision').set('Authorization', dana.auth).send({ action: 'reject', reason: 'Insults.' });
      expect(res.status).to.equal(200);
      decided = res.body.decision;
      const [entry] = await entries({ targetId: 'c-1' });
      expect(entry).to.deep.include({ action: 'comment.decided', target: { type: 'comment', id: 'c-1' }, actor: { keyId: dana.keyId, label: 'Dana (night desk)', role: 'moderator' } });
      expect(entry!.at).to.equal(decided.decidedAt);
      expect(entry!.before).to.deep.equal({ status: 'pending', decision: null });
      expect(entry!.after).to.deep.equal({ status: 'rejected', decision: { action: 'reject', reason: 'Insults.', decidedBy: dana.keyId, decidedAt: decided.decidedAt } });
    });

    it('bulk decisions: one entry per comment decided, none for those that were not', async () => {
      const res = await request(app).post('/v1/decisions').set('Authorization', tenant.auth.admin).send({ commentIds: ['c-2', 'c-1', 'nope', 'elsewhere', 'c-3'], action: 'approve' });
      expect(res.body.results.map((item: { result: string }) => item.result)).to.deep.equal(['decided', 'already_decided', 'not_found', 'not_found', 'decided']);
      const bulk = (await entries({ actorKeyId: tenant.keyIds.admin })).filter((entry) => entry.action === 'comment.decided');
      expect(bulk.map((entry) => entry.target.id)).to.deep.equal(['c-3', 'c-2']);
      expect(bulk[0]!.after).to.deep.include({ status: 'approved' });
      expect(bulk[0]!.actor).to.deep.equal({ keyId: tenant.keyIds.admin, label: null, role: 'admin' });
      expect((await entries({ targetId: 'c-1' })).length).to.equal(1);
    });

    it('a change and an undo, each with the status and decision before and after; a refused one records nothing', async () => {
      const changed = await request(app).put('/v1/comments/c-1/decision').set('Authorization', tenant.auth.moderator).set('If-Match', `"${decided.decidedAt}"`).send({ action: 'approve' });
      expect(changed.status).to.equal(200);
      const undone = await request(app).delete('/v1/comments/c-1/decision').set('Authorization', tenant.auth.moderator).set('If-Match', `"${changed.body.decision.decidedAt}"`);
      expect(undone.status).to.equal(200);
      const stale = await request(app).delete('/v1/comments/c-1/decision').set('Authorization', tenant.auth.moderator).set('If-Match', `"${changed.body.decision.decidedAt}"`);
      expect(stale.status).to.equal(409);
      const [undo, change, decision] = await entries({ targetId: 'c-1' });
      expect([undo, change, decision].map((entry) => entry?.action)).to.deep.equal(['comment.decision_undone', 'comment.decision_changed', 'comment.decided']);
      expect(change!.before).to.deep.include({ status: 'rejected' });
      expect((change!.before!.decision as { action: string }).action).to.equal('reject');
      expect(change!.after).to.deep.include({ status: 'approved' });
      expect(change!.actor.keyId).to.equal(tenant.keyIds.moderator);
      expect(undo!.before).to.deep.equal(change!.after);
      expect(undo!.after).to.deep.equal({ status: 'pending', decision: null });
    });

    it('a policy replacement: the version and the overrides before and after', async () => {
      expect((await putPolicy({ bannedTerms: ['scam'] })).status).to.equal(200);
      expect((await putPolicy({ bannedTerms: ['scam', 'fraud'], toxic: { flag: 0.5 } })).status).to.equal(200);
      const [second, first] = await entries({ action: 'policy.replaced' });
      expect(first).to.deep.include({ target: { type: 'policy', id: tenant.publisherId }, before: { version: 0, overrides: {} } });
      expect(first!.after).to.deep.equal({ version: 1, overrides: { bannedTerms: ['scam'] } });
      expect(second!.before).to.deep.equal(first!.after);
      expect(second!.after).to.deep.equal({ version: 2, overrides: { bannedTerms: ['scam', 'fraud'], toxic: { flag: 0.5 } } });
      expect(second!.actor).to.deep.equal({ keyId: tenant.keyIds.admin, label: null, role: 'admin' });
    });

    it('an author standing change: the standing before and after, and the reason; setting the same standing again records nothing', async () => {
      const set = (standing: string, reason?: string) =>
        request(app).put('/v1/authors/u-troll/standing').set('Authorization', dana.auth).send({ standing, ...(reason && { reason }) });
      expect((await set('banned', 'Spam links, three times.')).status).to.equal(200);
      expect((await set('banned')).status).to.equal(200);
      expect((await set('none')).status).to.equal(200);
      const [lifted, banned] = await entries({ action: 'author.standing_changed' });
      expect(banned).to.deep.include({ target: { type: 'author', id: 'u-troll' }, actor: { keyId: dana.keyId, label: 'Dana (night desk)', role: 'moderator' } });
      expect(banned!.before).to.deep.equal({ standing: 'none', policyVersion: 2 });
      expect(banned!.after).to.deep.equal({ standing: 'banned', policyVersion: 3, reason: 'Spam links, three times.' });
      expect(lifted!.after).to.deep.equal({ standing: 'none', policyVersion: 4, reason: null });
      expect((await entries({ action: 'author.standing_changed' })).length).to.equal(2);
    });
  });

  describe('reading it', () => {
    it('newest first; filters by action, actor key, target and time, each alone and together', async () => {
      const all = await entries();
      expect(all.length).to.equal(9);
      const times = all.map((entry) => entry.at);
      expect(times).to.deep.equal([...times].sort().reverse());
      expect((await entries({ action: 'comment.decided' })).map((entry) => entry.target.id)).to.deep.equal(['c-3', 'c-2', 'c-1']);
      expect((await entries({ actorKeyId: dana.keyId })).map((entry) => entry.action)).to.deep.equal(['author.standing_changed', 'author.standing_changed', 'comment.decided']);
      expect((await entries({ actorKeyId: dana.keyId, action: 'comment.decided' })).map((entry) => entry.target.id)).to.deep.equal(['c-1']);
      expect(await entries({ targetId: 'nope' })).to.deep.equal([]);
      const oldest = all.at(-1)!;
      expect((await entries({ to: oldest.at })).length).to.equal(0);
      expect((await entries({ from: oldest.at })).length).to.equal(9);
      expect(await entries({ from: new Date(Date.now() + DAY_MS).toISOString() })).to.deep.equal([]);
    });

    it('pages with a cursor: every entry exactly once, in the same order, with the filters kept', async () => {
      const all = (await entries()).map((entry) => entry.entryId);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await audit({ limit: '3', ...(cursor && { cursor }) });
        expect(res.status).to.equal(200);
        expect(res.body.items.length).to.be.at.most(3);
        seen.push(...res.body.items.map((entry: EntryView) => entry.entryId));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(seen).to.deep.equal(all);
      const first = await audit({ limit: '2', action: 'comment.decided' });
      const second = await audit({ limit: '2', action: 'comment.decided', cursor: first.body.nextCursor });
      expect([...first.body.items, ...second.body.items].map((entry: EntryView) => entry.target.id)).to.deep.equal(['c-3', 'c-2', 'c-1']);
      expect(second.body.nextCursor).to.equal(null);
    });

    it('400 naming the field for a bad filter, a bad limit or a forged cursor', async () => {
      const forged = Buffer.from(JSON.stringify({ at: { $gt: '' }, entryId: 'x' })).toString('base64url');
      const cases: Array<[Record<string, string>, string]> = [
        [{ action: 'comment.deleted' }, 'query.action'],
        [{ limit: '0' }, 'query.limit'],
        [{ limit: '101' }, 'query.limit'],
        [{ from: 'yesterday' }, 'query.from'],
        [{ from: '2026-02-01', to: '2026-01-01' }, 'query.to'],
        [{ cursor: forged }, 'query.cursor'],
        [{ cursor: 'not!base64' }, 'query.cursor'],
        [{ 'targetId[$ne]': 'x' }, 'query'],
      ];
      for (const [query, path] of cases) {
        const res = await audit(query);
        expect(res.status, JSON.stringify(query)).to.equal(400);
        expect(res.body.errors.map((error: { path: string }) => error.path).join(' '), JSON.stringify(query)).to.contain(path);
      }
    });

    it('each publisher sees only its own entries', async () => {
      expect(await entries({}, other.auth.admin)).to.deep.equal([]);
      expect((await request(app).post('/v1/comments/elsewhere/decision').set('Authorization', other.auth.moderator).send({ action: 'approve' })).status).to.equal(200);
      expect((await entries({}, other.auth.admin)).map((entry) => entry.target.id)).to.deep.equal(['elsewhere']);
      expect(await entries({ targetId: 'elsewhere' })).to.deep.equal([]);
    });

    it('admins only: analysts and moderators get 403', async () => {
      for (const role of ['analyst', 'moderator'] as const) expect((await audit({}, tenant.auth[role])).status).to.equal(403);
      expect((await audit({}, dana.auth)).status).to.equal(403);
      expect((await request(app).get('/v1/audit')).status).to.equal(401);
    });
  });

  describe('retention: the policy field audit.retentionDays', () => {
    const expiresAt = async (targetId: string): Promise<number> => {
      const doc = await harness.storage.models.auditEntries.findOne({ publisherId: { $eq: tenant.publisherId }, 'target.id': { $eq: targetId } }).sort({ at: -1 }).lean();
      return doc!.expiresAt.getTime() - doc!.at.getTime();
    };

    it('defaults to 365 days, takes 1 to 3650 (400 naming the field otherwise), and applies to entries written after it', async () => {
      expect((await request(app).get('/v1/policy').set('Authorization', tenant.auth.admin)).body.policy.audit).to.deep.equal({ retentionDays: 365 });
      expect(await expiresAt('c-2')).to.equal(365 * DAY_MS);
      for (const bad of [0, 3651, 1.5, '30', null]) {
        const res = await putPolicy({ audit: { retentionDays: bad } });
        expect(res.status, String(bad)).to.equal(400);
        expect(res.body.errors[0]).to.include({ path: 'body.policy.audit.retentionDays', message: 'must be a whole number of days from 1 to 3650' });
      }
      const set = await putPolicy({ audit: { retentionDays: 30 } });
      expect(set.status).to.equal(200);
      expect(set.body.policy.audit).to.deep.equal({ retentionDays: 30 });
      expect((await request(app).post('/v1/comments/c-late/decision').set('Authorization', tenant.auth.moderator).send({ action: 'approve' })).status).to.equal(200);
      expect(await expiresAt('c-late')).to.equal(30 * DAY_MS);
      expect(await expiresAt('c-2')).to.equal(365 * DAY_MS);
    });
  });
});
