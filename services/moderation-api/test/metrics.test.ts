import { expect } from 'chai';
import request from 'supertest';
import { findPendingEvents, storeOutboxAuditEntries } from '@moderato/storage';
import { createTenant, saveComments, startHarness, type Harness, type Tenant } from './harness.js';

describe('moderation API: the desk’s Prometheus metrics on /metrics', () => {
  let harness: Harness;
  let busy: Tenant;
  let quiet: Tenant;

  before(async () => {
    harness = await startHarness('modapi-metrics');
    [busy, quiet] = [await createTenant(harness.storage), await createTenant(harness.storage)];
    const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);
    await saveComments(harness.storage, [
      { publisherId: busy.publisherId, commentId: 'b1', flags: { toxic: 0.9 }, createdAt: minutesAgo(10) },
      { publisherId: busy.publisherId, commentId: 'b2', flags: { spam: 0.7 }, createdAt: minutesAgo(3) },
      { publisherId: busy.publisherId, commentId: 'b3', flags: { spam: 0.7 }, createdAt: minutesAgo(2) },
      { publisherId: busy.publisherId, commentId: 'b-auto', createdAt: minutesAgo(1) },
      { publisherId: quiet.publisherId, commentId: 'q1', flags: { negative: 0.5 }, createdAt: minutesAgo(1) },
    ]);
  });

  after(() => harness.stop());

  const scrape = async () => (await request(harness.app).get('/metrics')).text;
  /** The value of the sample `name` whose labels include the publisher's and `extra` (`le="60"`), or NaN. */
  const sample = (text: string, name: string, publisherId: string, extra?: string) => {
    const line = text.split('\n').find((candidate) => {
      const labels = candidate.startsWith(`${name}{`) ? candidate.slice(name.length + 1, candidate.indexOf('}')).split(',') : [];
      return labels.includes(`publisher="${publisherId}"`) && (extra === undefined || labels.includes(extra));
    });
    return Number(line?.split(' ').at(-1));
  };

  it('reads the queue depth per publisher on each scrape', async () => {
    const before = await scrape();
    expect(sample(before, 'moderato_review_queue_depth', busy.publisherId)).to.equal(3);
    expect(sample(before, 'moderato_review_queue_depth', quiet.publisherId)).to.equal(1);
    const decided = await request(harness.app).post('/v1/comments/q1/decision').set('Authorization', quiet.auth.moderator).send({ action: 'approve' });
    expect(decided.status).to.equal(200);
    // An emptied queue reads 0.
    expect(sample(await scrape(), 'moderato_review_queue_depth', quiet.publisherId)).to.equal(0);
  });

  it('observes the time from receipt to each decision, one by one and in bulk', async () => {
    await request(harness.app).post('/v1/comments/b1/decision').set('Authorization', busy.auth.moderator).send({ action: 'reject' });
    await request(harness.app).post('/v1/decisions').set('Authorization', busy.auth.moderator).send({ commentIds: ['b2', 'b3', 'b-auto'], action: 'reject' });
    const text = await scrape();
    expect(sample(text, 'moderato_time_to_decision_seconds_count', busy.publisherId)).to.equal(3);
    // Received about 10, 3 and 2 minutes (less a second) ago.
    expect(sample(text, 'moderato_time_to_decision_seconds_sum', busy.publisherId)).to.be.closeTo(15 * 60 - 3, 10);
    expect(sample(text, 'moderato_time_to_decision_seconds_bucket', busy.publisherId, 'le="60"')).to.equal(0);
    expect(sample(text, 'moderato_time_to_decision_seconds_bucket', busy.publisherId, 'le="300"')).to.equal(2);
    expect(sample(text, 'moderato_time_to_decision_seconds_bucket', busy.publisherId, 'le="900"')).to.equal(3);
    expect(sample(text, 'moderato_review_queue_depth', busy.publisherId)).to.equal(0);
  });

  it('answers a decision whose audit entry could not be written as made, counts it, and the relay writes the entry', async () => {
    const tenant = await createTenant(harness.storage);
    await saveComments(harness.storage, ['lost-1', 'lost-2', 'lost-3'].map((commentId) => ({ publisherId: tenant.publisherId, commentId, flags: { toxic: 0.9 } })));
    const deferred = async () => Number(/^moderato_audit_entries_deferred_total\{[^}]*\} (\S+)$/m.exec(await scrape())?.[1]);
    const before = await deferred();
    const audit = harness.storage.models.auditEntries.collection;
    const insertOne = audit.insertOne;
    audit.insertOne = (() => Promise.reject(new Error('audit collection unavailable'))) as unknown as typeof insertOne;
    try {
      const decided = await request(harness.app).post('/v1/comments/lost-1/decision').set('Authorization', tenant.auth.moderator).send({ action: 'reject' });
      expect(decided.status).to.equal(200);
      expect(decided.body.status).to.equal('rejected');
      const undone = await request(harness.app).delete('/v1/comments/lost-1/decision').set('Authorization', tenant.auth.moderator).set('If-Match', `"${decided.body.decision.decidedAt}"`);
      expect(undone.status).to.equal(200);
      const bulk = await request(harness.app).post('/v1/decisions').set('Authorization', tenant.auth.moderator).send({ commentIds: ['lost-2', 'lost-3'], action: 'approve' });
      expect(bulk.body.results.map((item: { result: string }) => item.result)).to.deep.equal(['decided', 'decided']);
    } finally {
      audit.insertOne = insertOne;
    }
    const stored = await harness.storage.models.comments.find({ publisherId: tenant.publisherId }, { commentId: 1, status: 1 }).sort({ commentId: 1 }).lean();
    expect(stored.map((doc) => [doc.commentId, doc.status])).to.deep.equal([['lost-1', 'pending'], ['lost-2', 'approved'], ['lost-3', 'approved']]);
    expect((await deferred()) - (Number.isNaN(before) ? 0 : before)).to.equal(4);

    const auditLog = async () => (await request(harness.app).get('/v1/audit').set('Authorization', tenant.auth.admin)).body.items as Array<{ action: string; target: { id: string } }>;
    expect(await auditLog()).to.deep.equal([]);
    // The event relay (the dispatcher's) stores them as it moves the decisions' events into the feed.
    const pending = (await findPendingEvents(harness.storage, 1_000)).filter((comment) => comment.publisherId === tenant.publisherId);
    for (const comment of pending) await storeOutboxAuditEntries(harness.storage, tenant.publisherId, comment.events);
    expect((await auditLog()).map((entry) => [entry.action, entry.target.id]).sort()).to.deep.equal([
      ['comment.decided', 'lost-1'], ['comment.decided', 'lost-2'], ['comment.decided', 'lost-3'], ['comment.decision_undone', 'lost-1'],
    ]);
  });
});
