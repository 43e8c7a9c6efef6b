import { createTestDatabase, sharedMongo, uniqueName, type TestDatabase } from '@moderato/testkit';
import { expect } from 'chai';
import {
  appendToFeed, clearRelayedEvents, closeStorage, decideComment, eventEnvelope, findPendingEvents, listAuditEntries, openStorage, readEventFeed,
  replaceAnalysisUnlessDecided, saveAnalyzedComment, storeOutboxAuditEntries, type Storage,
} from '../src/index.js';
import { buildAnalysis, buildAnalyzedComment, saveComments } from './builders.js';

describe('events: recorded with the change (outbox), relayed into a gapless feed', () => {
  let database: TestDatabase;
  let storage: Storage;

  before(async () => {
    database = createTestDatabase(await sharedMongo(), 'storage-events');
    storage = await openStorage(database.uri);
  });

  after(async () => {
    await closeStorage(storage);
    await database.drop();
  });

  const pendingOf = async (publisherId: string) => (await findPendingEvents(storage, 1_000)).filter((p) => p.publisherId === publisherId);

  it('records comment.analyzed in the write that stores the comment, and none for a retried store', async () => {
    const publisherId = uniqueName('pub');
    const comment = { ...buildAnalyzedComment({ publisherId, commentId: 'e1', flags: { spam: 0.9 } }), ip: '203.0.113.9', userAgent: 'Mozilla/5.0', authorName: 'Reader' };
    await saveAnalyzedComment(storage, comment);
    await saveAnalyzedComment(storage, comment);
    const [pending] = await pendingOf(publisherId);
    expect(pending!.events.map((e) => [e.type, e.sequence])).to.deep.equal([['comment.analyzed', 1]]);
    expect(pending!.events[0]!.eventId).to.match(/^evt_[A-Za-z0-9_-]{27}$/);
    expect(pending!.events[0]!.data).to.include({ commentId: 'e1', status: 'pending', articleId: 'article-1' });
    // What a comment says and who sent it from where stays in the comment: analyst keys read the feed.
    expect(Object.keys(pending!.events[0]!.data).sort()).to.deep.equal(
      ['analysisVersion', 'articleId', 'authorId', 'commentId', 'duplicateOf', 'flags', 'policyVersion', 'publisherId', 'sentiment', 'sequence', 'status'],
    );
  });

  it('records a decision as the next sequence; of two moderators at once, one decision and one event', async () => {
    const publisherId = uniqueName('pub');
    await saveComments(storage, [{ publisherId, commentId: 'e2', flags: { toxic: 0.7 } }]);
    const results = await Promise.all([
      decideComment(storage, { publisherId, commentId: 'e2', action: 'approve', decidedBy: 'key-a' }),
      decideComment(storage, { publisherId, commentId: 'e2', action: 'reject', decidedBy: 'key-b' }),
    ]);
    expect(results.map((r) => r.outcome).sort()).to.deep.equal(['decided', 'not_awaiting_review']);
    const [pending] = await pendingOf(publisherId);
    expect(pending!.events.map((e) => [e.type, e.sequence])).to.deep.equal([['comment.analyzed', 1], ['comment.decided', 2]]);
  });

  it('carries a decision’s audit entry in its event, so the relay stores the entry the request could not', async () => {
    const publisherId = uniqueName('pub');
    await saveComments(storage, [{ publisherId, commentId: 'e-audit', flags: { toxic: 0.7 } }]);
    const failed: string[] = [];
    const audit = storage.models.auditEntries.collection;
    const insertOne = audit.insertOne;
    audit.insertOne = (() => Promise.reject(new Error('the process stopped here'))) as unknown as typeof insertOne;
    try {
      const result = await decideComment(storage, {
        publisherId, commentId: 'e-audit', action: 'reject', reason: 'abuse', decidedBy: 'key-a', onAuditFailed: (_error, commentId) => failed.push(commentId),
      });
      expect(result.outcome).to.equal('decided');
    } finally {
      audit.insertOne = insertOne;
    }
    expect(failed).to.deep.equal(['e-audit']);
    expect((await listAuditEntries(storage, publisherId, { limit: 10 })).items).to.deep.equal([]);

    const [pending] = await pendingOf(publisherId);
    expect(await storeOutboxAuditEntries(storage, publisherId, pending!.events)).to.equal(1);
    expect(await storeOutboxAuditEntries(storage, publisherId, pending!.events)).to.equal(0);
    const { items } = await listAuditEntries(storage, publisherId, { limit: 10 });
    expect(items.map((entry) => [entry.action, entry.target, entry.actor.keyId, entry.after?.status])).to.deep.equal([
      ['comment.decided', { type: 'comment', id: 'e-audit' }, 'key-a', 'rejected'],
    ]);
    // The entry is for the audit log only: the publisher's event carries none of it.
    const decided = pending!.events.find((event) => event.type === 'comment.decided')!;
    expect(eventEnvelope(decided)).to.not.have.property('audit');
    expect(JSON.stringify(eventEnvelope(decided))).to.not.include(items[0]!.entryId);
  });

  it('records comment.reanalyzed only when the outcome changed, with what it was before', async () => {
    const publisherId = uniqueName('pub');
    const [saved] = await saveComments(storage, [{ publisherId, commentId: 'e3' }]);
    await replaceAnalysisUnlessDecided(storage, publisherId, 'e3', saved!.analysis, new Date());
    expect((await pendingOf(publisherId))[0]!.events).to.have.length(1);
    const result = await replaceAnalysisUnlessDecided(storage, publisherId, 'e3', buildAnalysis({ commentId: 'e3', duplicateOf: 'e0', flags: { duplicate: 1 } }), new Date());
    expect(result).to.deep.equal({ replaced: true, eventRecorded: true });
    const events = (await pendingOf(publisherId))[0]!.events;
    expect(events.map((e) => [e.type, e.sequence])).to.deep.equal([['comment.analyzed', 1], ['comment.reanalyzed', 2]]);
    expect(events[1]!.data).to.deep.include({ status: 'pending', duplicateOf: 'e0', cause: 'later_copy', previous: { status: 'approved', flags: [] } });
  });

  it('gives two relays appending at once gapless positions, each event once', async () => {
    const publisherId = uniqueName('pub');
    await saveComments(storage, Array.from({ length: 30 }, (_, i) => ({ publisherId, commentId: `g-${i}` })));
    const events = (await pendingOf(publisherId)).flatMap((p) => p.events);
    const halves = [events.slice(0, 20), events.slice(10)];
    await Promise.all([...halves, ...halves].map((part) => appendToFeed(storage, publisherId, part)));
    const feed = await readEventFeed(storage, publisherId, { after: 0, limit: 100 });
    expect(feed.events.map((e) => e.position)).to.deep.equal(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(new Set(feed.events.map((e) => e.id)).size).to.equal(30);
  });

  it('clears relayed events from the outbox and keeps events recorded after the relay read it', async () => {
    const publisherId = uniqueName('pub');
    await saveComments(storage, [{ publisherId, commentId: 'e4', flags: { spam: 0.8 } }]);
    const [read] = await pendingOf(publisherId);
    await decideComment(storage, { publisherId, commentId: 'e4', action: 'reject', decidedBy: 'key-a' });
    await clearRelayedEvents(storage, publisherId, ['e4'], read!.events.map((e) => e.eventId));
    expect((await pendingOf(publisherId))[0]!.events.map((e) => e.type)).to.deep.equal(['comment.decided']);
  });
});
