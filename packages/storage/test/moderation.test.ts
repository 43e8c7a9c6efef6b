import { createTestDatabase, sharedMongo, uniqueName, type TestDatabase } from '@moderato/testkit';
import { expect } from 'chai';
import {
  AUTHOR_HISTORY_SIZE,
  closeStorage,
  decideComment,
  findCommentDetail,
  listReviewQueue,
  openStorage,
  type ReviewQueueQuery,
  type Storage,
} from '../src/index.js';
import { at, saveComments } from './builders.js';

describe('moderation repository', () => {
  let database: TestDatabase;
  let storage: Storage;

  before(async () => {
    database = createTestDatabase(await sharedMongo(), 'storage-moderation');
    storage = await openStorage(database.uri);
  });

  after(async () => {
    await closeStorage(storage);
    await database.drop();
  });

  const page = (publisherId: string, query: Partial<ReviewQueueQuery> = {}) =>
    listReviewQueue(storage, publisherId, { sort: 'oldest', limit: 100, ...query });
  const ids = (items: Array<{ commentId: string }>) => items.map((item) => item.commentId);

  describe('listReviewQueue', () => {
    it('holds only the publisher’s pending, undecided comments', async () => {
      const publisherId = uniqueName('pub');
      await saveComments(storage, [
        { publisherId, commentId: 'held', flags: { spam: 0.9 } },
        { publisherId, commentId: 'auto-approved' },
        { publisherId, commentId: 'auto-rejected', flags: { spam: 0.99 }, status: 'rejected' },
        { publisherId: uniqueName('other'), commentId: 'elsewhere', flags: { spam: 0.9 } },
      ]);
      expect(ids((await page(publisherId)).items)).to.deep.equal(['held']);
    });

    it('filters by any of the flags, by article, author and time range', async () => {
      const publisherId = uniqueName('pub');
      await saveComments(storage, [
        { publisherId, commentId: 'spam', flags: { spam: 0.8 }, articleId: 'a1', authorId: 'u1', createdAt: at(0) },
        { publisherId, commentId: 'toxic', flags: { toxic: 0.7 }, articleId: 'a2', authorId: 'u1', createdAt: at(10) },
        { publisherId, commentId: 'dup', flags: { duplicate: 1 }, articleId: 'a1', authorId: 'u2', createdAt: at(20) },
        { publisherId, commentId: 'negative', flags: { negative: 0.6 }, articleId: 'a1', authorId: 'u2', createdAt: at(30) },
      ]);
      expect(ids((await page(publisherId, { flags: ['spam', 'toxic'] })).items)).to.deep.equal(['spam', 'toxic']);
      expect(ids((await page(publisherId, { articleId: 'a1' })).items)).to.deep.equal(['spam', 'dup', 'negative']);
      expect(ids((await page(publisherId, { authorId: 'u2' })).items)).to.deep.equal(['dup', 'negative']);
      expect(ids((await page(publisherId, { from: at(10), to: at(30) })).items)).to.deep.equal(['toxic', 'dup']);
      expect(ids((await page(publisherId, { flags: ['negative'], articleId: 'a2' })).items)).to.deep.equal([]);
    });

    it('sorts oldest first, newest first, or most severe first with ties oldest first', async () => {
      const publisherId = uniqueName('pub');
      await saveComments(storage, [
        { publisherId, commentId: 'b', flags: { spam: 0.5 }, createdAt: at(0) },
        { publisherId, commentId: 'a', flags: { toxic: 0.9 }, createdAt: at(0) },
        { publisherId, commentId: 'c', flags: { spam: 0.9, negative: 0.3 }, createdAt: at(5) },
        { publisherId, commentId: 'd', flags: { duplicate: 0.7 }, createdAt: at(10) },
      ]);
      expect(ids((await page(publisherId, { sort: 'oldest' })).items)).to.deep.equal(['a', 'b', 'c', 'd']);
      expect(ids((await page(publisherId, { sort: 'newest' })).items)).to.deep.equal(['d', 'c', 'b', 'a']);
      expect(ids((await page(publisherId, { sort: 'severity' })).items)).to.deep.equal(['a', 'c', 'd', 'b']);
    });

    for (const sort of ['oldest', 'newest', 'severity'] as const) {
      it(`pages by ${sort} without skipping or repeating while items are decided in between`, async () => {
        const publisherId = uniqueName('pub');
        const severities = [0.5, 0.9, 0.5, 0.7, 0.9, 0.6, 0.5, 0.8, 0.7];
        await saveComments(storage, severities.map((spam, index) => ({ publisherId, commentId: `q${index}`, flags: { spam }, createdAt: at(Math.floor(index / 2)) })));
        const fullOrder = ids((await page(publisherId, { sort })).items);

        const seen: string[] = [];
        const decided: string[] = [];
        let after: ReviewQueueQuery['after'];
        do {
          const result = await page(publisherId, { sort, limit: 2, after });
          seen.push(...ids(result.items));
          // Decide one item already shown and one not yet shown, as two moderators working the same queue would.
          for (const commentId of [seen.at(-1), fullOrder.find((id) => !seen.includes(id) && !decided.includes(id))]) {
            if (!commentId || decided.includes(commentId)) continue;
            await decideComment(storage, { publisherId, commentId, action: 'approve', decidedBy: 'k1' });
            decided.push(commentId);
          }
          after = result.next ?? undefined;
        } while (after);

        const decidedBeforeShown = decided.filter((id) => !seen.includes(id));
        expect(seen).to.deep.equal(fullOrder.filter((id) => !decidedBeforeShown.includes(id)));
        expect(new Set(seen).size).to.equal(seen.length);
      });
    }

    it('says there is no next page when the last page is exactly full', async () => {
      const publisherId = uniqueName('pub');
      await saveComments(storage, [1, 2].map((n) => ({ publisherId, commentId: `e${n}`, flags: { spam: 0.9 } })));
      const first = await page(publisherId, { limit: 2 });
      expect(ids(first.items)).to.deep.equal(['e1', 'e2']);
      expect(first.next).to.equal(null);
    });

    it('refuses a page size outside 1..100 by name', async () => {
      const error = await page('p', { limit: 0 }).catch((caught: unknown) => caught);
      expect(error).to.be.instanceOf(RangeError).with.property('message').that.matches(/limit/);
    });
  });

  describe('findCommentDetail', () => {
    it('returns the full analysis, the duplicated comment and the author’s history with this publisher', async () => {
      const publisherId = uniqueName('pub');
      await saveComments(storage, [
        { publisherId, commentId: 'original', authorId: 'someone', text: 'buy cheap watches', createdAt: at(0) },
        { publisherId, commentId: 'old-1', authorId: 'u9', createdAt: at(1), flags: { spam: 0.9 } },
        { publisherId, commentId: 'old-2', authorId: 'u9', createdAt: at(2) },
        { publisherId, commentId: 'old-3', authorId: 'u9', createdAt: at(3), flags: { toxic: 0.99 }, status: 'rejected' },
        { publisherId: uniqueName('other'), commentId: 'elsewhere', authorId: 'u9', createdAt: at(4) },
        { publisherId, commentId: 'copy', authorId: 'u9', text: 'buy cheap watches', createdAt: at(5), flags: { duplicate: 1, spam: 0.6 }, duplicateOf: 'original' },
      ]);
      await decideComment(storage, { publisherId, commentId: 'old-1', action: 'reject', reason: 'spam link', decidedBy: 'k7', now: at(6) });

      const detail = await findCommentDetail(storage, publisherId, 'copy');

      expect(detail).to.include({ commentId: 'copy', status: 'pending', severity: 1, duplicateOf: 'original', decision: null });
      expect(detail?.analysis.flags.map((flag) => [flag.kind, flag.reasons[0]?.code])).to.deep.equal([['duplicate', 'duplicate_signal'], ['spam', 'spam_signal']]);
      expect(detail?.analysis.duplicate.match?.commentId).to.equal('original');
      expect(detail?.duplicate).to.deep.include({ commentId: 'original', authorId: 'someone', text: 'buy cheap watches', status: 'approved' });
      expect(detail?.authorHistory.counts).to.deep.equal({ approved: 1, pending: 0, rejected: 2 });
      expect(ids(detail?.authorHistory.recent ?? [])).to.deep.equal(['old-3', 'old-2', 'old-1']);
      expect(detail?.authorHistory.recent[2]?.decision).to.deep.equal({ action: 'reject', reason: 'spam link', decidedBy: 'k7', decidedAt: at(6) });
    });

    it(`keeps the ${AUTHOR_HISTORY_SIZE} latest comments of a prolific author`, async () => {
      const publisherId = uniqueName('pub');
      await saveComments(storage, Array.from({ length: AUTHOR_HISTORY_SIZE + 3 }, (_, n) => ({ publisherId, commentId: `h${String(n).padStart(2, '0')}`, authorId: 'loud', createdAt: at(n) })));
      const detail = await findCommentDetail(storage, publisherId, 'h00');
      expect(detail?.authorHistory.recent).to.have.length(AUTHOR_HISTORY_SIZE);
      expect(detail?.authorHistory.recent[0]?.commentId).to.equal(`h${AUTHOR_HISTORY_SIZE + 2}`);
      expect(detail?.authorHistory.counts.approved).to.equal(AUTHOR_HISTORY_SIZE + 2);
    });

    it('finds nothing under another publisher', async () => {
      const publisherId = uniqueName('pub');
      await saveComments(storage, [{ publisherId, commentId: 'mine', flags: { spam: 0.9 } }]);
      expect(await findCommentDetail(storage, uniqueName('intruder'), 'mine')).to.equal(null);
    });
  });

  describe('decideComment', () => {
    it('records who decided, when and why, and takes the comment out of the queue', async () => {
      const publisherId = uniqueName('pub');
      await saveComments(storage, [{ publisherId, commentId: 'd1', flags: { toxic: 0.8 } }]);
      const result = await decideComment(storage, { publisherId, commentId: 'd1', action: 'reject', reason: 'insult', decidedBy: 'key-1', now: at(100) });
      expect(result).to.deep.equal({ outcome: 'decided', commentId: 'd1', status: 'rejected', decision: { action: 'reject', reason: 'insult', decidedBy: 'key-1', decidedAt: at(100) } });
      expect((await page(publisherId)).items).to.deep.equal([]);
      expect(await findCommentDetail(storage, publisherId, 'd1')).to.deep.include({ status: 'rejected', decision: result.outcome === 'decided' ? result.decision : null });
    });

    it('lets exactly one of several simultaneous decisions win; the others see the winner', async () => {
      const publisherId = uniqueName('pub');
      await saveComments(storage, [{ publisherId, commentId: 'race', flags: { spam: 0.7 } }]);
      const actions = ['approve', 'reject', 'approve', 'reject', 'approve'] as const;
      const results = await Promise.all(actions.map((action, n) => decideComment(storage, { publisherId, commentId: 'race', action, decidedBy: `key-${n}` })));
      const winners = results.filter((result) => result.outcome === 'decided');
      expect(winners).to.have.length(1);
      const winner = winners[0]!;
      for (const loser of results.filter((result) => result !== winner)) {
        expect(loser).to.deep.include({ outcome: 'not_awaiting_review', status: winner.status });
        expect(loser.outcome === 'not_awaiting_review' && loser.decision?.decidedBy).to.equal(winner.outcome === 'decided' && winner.decision.decidedBy);
      }
    });

    it('does not override a comment the policy settled without review', async () => {
      const publisherId = uniqueName('pub');
      await saveComments(storage, [{ publisherId, commentId: 'auto' }]);
      const result = await decideComment(storage, { publisherId, commentId: 'auto', action: 'reject', decidedBy: 'key-1' });
      expect(result).to.deep.equal({ outcome: 'not_awaiting_review', commentId: 'auto', status: 'approved', decision: null });
    });

    it('reports unknown ids and other publishers’ ids alike as not found, changing nothing', async () => {
      const publisherId = uniqueName('pub');
      await saveComments(storage, [{ publisherId, commentId: 'theirs', flags: { spam: 0.9 } }]);
      const intruder = uniqueName('intruder');
      expect(await decideComment(storage, { publisherId: intruder, commentId: 'theirs', action: 'approve', decidedBy: 'x' })).to.deep.equal({ outcome: 'not_found', commentId: 'theirs' });
      expect(await decideComment(storage, { publisherId, commentId: 'missing', action: 'approve', decidedBy: 'x' })).to.deep.equal({ outcome: 'not_found', commentId: 'missing' });
      expect(ids((await page(publisherId)).items)).to.deep.equal(['theirs']);
    });
  });
});
