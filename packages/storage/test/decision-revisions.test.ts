import { createTestDatabase, sharedMongo, uniqueName, type TestDatabase } from '@moderato/testkit';
import { expect } from 'chai';
import { closeStorage, decideComment, decideComments, findCommentDetail, findPendingEvents, openStorage, reviseDecision, type Storage } from '../src/index.js';
import { saveComments } from './builders.js';

describe('moderation repository: bulk decisions and revisions', () => {
  let database: TestDatabase;
  let storage: Storage;

  before(async () => {
    database = createTestDatabase(await sharedMongo(), 'storage-decision-revisions');
    storage = await openStorage(database.uri);
  });

  after(async () => {
    await closeStorage(storage);
    await database.drop();
  });

  async function decidedAt(publisherId: string, commentId: string): Promise<Date> {
    const result = await decideComment(storage, { publisherId, commentId, action: 'approve', decidedBy: 'key-a' });
    if (result.outcome !== 'decided') throw new Error(`could not decide ${commentId}: ${result.outcome}`);
    return result.decision.decidedAt;
  }

  /** The comment's `comment.decided` events still in its outbox, as (sequence, action). */
  async function decidedEvents(publisherId: string, commentId: string): Promise<Array<[number, string]>> {
    const pending = (await findPendingEvents(storage, 1_000)).find((entry) => entry.publisherId === publisherId && entry.commentId === commentId);
    return (pending?.events ?? [])
      .filter((event) => event.type === 'comment.decided')
      .map((event) => [event.sequence, (event.data as { decision: { action: string } }).decision.action]);
  }

  it('applies one of two revisions of the same decision at once; the other is told it changed', async () => {
    const publisherId = uniqueName('pub');
    await saveComments(storage, [{ publisherId, commentId: 'twice', flags: { toxic: 0.7 } }]);
    const expectedDecidedAt = await decidedAt(publisherId, 'twice');
    const revise = (action: 'undo' | 'reject', decidedBy: string) =>
      reviseDecision(storage, { publisherId, commentId: 'twice', action, decidedBy, expectedDecidedAt, windowMinutes: 15 });
    const results = await Promise.all([revise('undo', 'key-b'), revise('reject', 'key-c')]);
    const outcomes = results.map((result) => result.outcome);
    expect(outcomes.filter((outcome) => outcome === 'revised')).to.have.length(1);
    // The undo leaves no decision to compare with (not_decided); a change leaves a newer one (decision_changed).
    expect(outcomes.filter((outcome) => outcome !== 'revised')).to.satisfy((rest: string[]) => rest.length === 1 && ['not_decided', 'decision_changed'].includes(rest[0]!));
    const events = await decidedEvents(publisherId, 'twice');
    expect(events.map(([sequence]) => sequence)).to.deep.equal([2, 3]);
    expect(events[1]![1]).to.equal(results[0]!.outcome === 'revised' ? 'undo' : 'reject');
  });

  it('counts the window from the current decision and refuses at its end', async () => {
    const publisherId = uniqueName('pub');
    await saveComments(storage, [{ publisherId, commentId: 'late', flags: { toxic: 0.7 } }]);
    const expectedDecidedAt = await decidedAt(publisherId, 'late');
    const at = (minutes: number) => new Date(expectedDecidedAt.getTime() + minutes * 60_000);
    const revise = (now: Date) => reviseDecision(storage, { publisherId, commentId: 'late', action: 'undo', decidedBy: 'key-a', expectedDecidedAt, windowMinutes: 10, now });
    expect(await revise(at(10))).to.deep.include({ outcome: 'undo_window_passed', windowEndedAt: at(10) });
    expect((await revise(at(9.99))).outcome).to.equal('revised');
    expect(await findCommentDetail(storage, publisherId, 'late')).to.deep.include({ status: 'pending', decision: null });
  });

  it('decides a list in order, each as decideComment does', async () => {
    const publisherId = uniqueName('pub');
    await saveComments(storage, [{ publisherId, commentId: 'one', flags: { spam: 0.7 } }, { publisherId, commentId: 'two', flags: { spam: 0.7 } }]);
    const results = await decideComments(storage, { publisherId, commentIds: ['two', 'missing', 'one', 'two'], action: 'reject', decidedBy: 'key-a' });
    expect(results.map((result) => [result.commentId, result.outcome])).to.deep.equal([['two', 'decided'], ['missing', 'not_found'], ['one', 'decided'], ['two', 'not_awaiting_review']]);
    expect(await decidedEvents(publisherId, 'two')).to.deep.equal([[2, 'reject']]);
  });
});
