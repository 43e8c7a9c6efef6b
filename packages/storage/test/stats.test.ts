import { createTestDatabase, sharedMongo, uniqueName, type TestDatabase } from '@moderato/testkit';
import { expect } from 'chai';
import { articleStats, authorStats, closeStorage, openStorage, sentimentStats, type Storage } from '../src/index.js';
import { saveComments, type CommentSpec } from './builders.js';

const utc = (iso: string) => new Date(iso);
const negative = (score: number) => ({ score, label: 'negative' as const });
const neutral = (score: number) => ({ score, label: 'neutral' as const });
const positive = (score: number) => ({ score, label: 'positive' as const });

describe('sentimentStats', () => {
  let database: TestDatabase;
  let storage: Storage;
  const publisherId = uniqueName('pub');

  before(async () => {
    database = createTestDatabase(await sharedMongo(), 'storage-stats');
    storage = await openStorage(database.uri);
    const comment = (createdAt: string, sentiment: CommentSpec['sentiment'], articleId = 'a1'): CommentSpec => ({ publisherId, createdAt: utc(createdAt), sentiment, articleId });
    await saveComments(storage, [
      comment('2025-10-01T10:05:00Z', negative(-0.8)),
      comment('2025-10-01T10:59:59.999Z', positive(0.6)),
      comment('2025-10-01T11:00:00Z', neutral(0.1)),
      comment('2025-10-01T11:30:00Z', negative(-0.4)),
      comment('2025-10-01T11:45:00Z', negative(-0.2), 'a2'),
      comment('2025-10-02T00:00:00Z', positive(0.9)),
      comment('2025-10-01T12:00:00Z', null),
      { publisherId: uniqueName('other'), createdAt: utc('2025-10-01T10:10:00Z'), sentiment: positive(1) },
    ]);
  });

  after(async () => {
    await closeStorage(storage);
    await database.drop();
  });

  it('counts labels and averages scores per UTC hour, oldest bucket first', async () => {
    const buckets = await sentimentStats(storage, publisherId, { interval: 'hour' });
    expect(buckets).to.have.length(3);
    expect(buckets[0]).to.deep.include({ start: utc('2025-10-01T10:00:00Z'), total: 2, counts: { negative: 1, neutral: 0, positive: 1 } });
    expect(buckets[0]?.meanScore).to.be.closeTo(-0.1, 1e-9);
    expect(buckets[1]).to.deep.include({ start: utc('2025-10-01T11:00:00Z'), total: 3, counts: { negative: 2, neutral: 1, positive: 0 } });
    expect(buckets[1]?.meanScore).to.be.closeTo(-0.5 / 3, 1e-9);
    expect(buckets[2]).to.deep.include({ start: utc('2025-10-02T00:00:00Z'), total: 1, counts: { negative: 0, neutral: 0, positive: 1 } });
    expect(buckets[2]?.meanScore).to.be.closeTo(0.9, 1e-9);
  });

  it('counts per UTC day, leaving out comments without a sentiment', async () => {
    const buckets = await sentimentStats(storage, publisherId, { interval: 'day' });
    expect(buckets.map((bucket) => [bucket.start.toISOString(), bucket.total, bucket.counts])).to.deep.equal([
      ['2025-10-01T00:00:00.000Z', 5, { negative: 3, neutral: 1, positive: 1 }],
      ['2025-10-02T00:00:00.000Z', 1, { negative: 0, neutral: 0, positive: 1 }],
    ]);
    expect(buckets[0]?.meanScore).to.be.closeTo(-0.7 / 5, 1e-9);
  });

  it('narrows to one article and to [from, to)', async () => {
    const article = await sentimentStats(storage, publisherId, { interval: 'day', articleId: 'a2' });
    expect(article.map((bucket) => bucket.total)).to.deep.equal([1]);
    const range = await sentimentStats(storage, publisherId, { interval: 'hour', from: utc('2025-10-01T10:30:00Z'), to: utc('2025-10-01T11:30:00Z') });
    expect(range.map((bucket) => [bucket.start.toISOString(), bucket.total])).to.deep.equal([
      ['2025-10-01T10:00:00.000Z', 1],
      ['2025-10-01T11:00:00.000Z', 1],
    ]);
  });

  it('sees nothing of another publisher', async () => {
    expect(await sentimentStats(storage, uniqueName('empty'), { interval: 'day' })).to.deep.equal([]);
  });

  describe('spam and duplicates', () => {
    const flaggedPublisher = uniqueName('pub');

    before(async () => {
      const comment = (createdAt: string, sentiment: CommentSpec['sentiment'], extra: Partial<CommentSpec> = {}): CommentSpec => ({ publisherId: flaggedPublisher, createdAt: utc(createdAt), sentiment, ...extra });
      await saveComments(storage, [
        comment('2025-10-01T10:00:00Z', positive(0.5)),
        comment('2025-10-01T10:10:00Z', negative(-0.9), { flags: { spam: 0.95 }, status: 'rejected' }),
        comment('2025-10-01T10:20:00Z', negative(-0.7), { flags: { duplicate: 0.99 }, status: 'approved' }),
      ]);
    });

    it('leaves out comments flagged spam or duplicate, whatever their status, unless included', async () => {
      const readers = await sentimentStats(storage, flaggedPublisher, { interval: 'day' });
      expect(readers.map((bucket) => [bucket.total, bucket.counts, bucket.meanScore])).to.deep.equal([[1, { negative: 0, neutral: 0, positive: 1 }, 0.5]]);
      const withSpam = await sentimentStats(storage, flaggedPublisher, { interval: 'day', include: ['spam'] });
      expect(withSpam.map((bucket) => [bucket.total, bucket.counts.negative])).to.deep.equal([[2, 1]]);
      const everything = await sentimentStats(storage, flaggedPublisher, { interval: 'day', include: ['spam', 'duplicate'] });
      expect(everything.map((bucket) => [bucket.total, bucket.counts.negative])).to.deep.equal([[3, 2]]);
      expect(everything[0]?.meanScore).to.be.closeTo(-1.1 / 3, 1e-9);
    });
  });

  describe('per article and per author', () => {
    const range = { from: utc('2025-10-01T00:00:00Z'), to: utc('2025-10-02T00:00:00Z') };

    it('ranks articles by share negative, ties by more comments, within [from, to)', async () => {
      // a1 on Oct 1: -0.8, +0.6, 0.1, -0.4 → 2 of 4 negative; a2: -0.2 → 1 of 1. The Oct 2 comment is outside the range.
      const rows = await articleStats(storage, publisherId, { ...range, sort: 'negative', limit: 10 });
      expect(rows.map((row) => [row.articleId, row.total, row.counts, row.negativeShare])).to.deep.equal([
        ['a2', 1, { negative: 1, neutral: 0, positive: 0 }, 1],
        ['a1', 4, { negative: 2, neutral: 1, positive: 1 }, 0.5],
      ]);
      expect(rows[1]?.meanScore).to.be.closeTo(-0.5 / 4, 1e-9);
      expect(rows[1]?.positiveShare).to.equal(0.25);
    });

    it('sorts by comments or share positive, and stops at the limit', async () => {
      const byComments = await articleStats(storage, publisherId, { ...range, sort: 'comments', limit: 1 });
      expect(byComments.map((row) => [row.articleId, row.total])).to.deep.equal([['a1', 4]]);
      const byPositive = await articleStats(storage, publisherId, { from: range.from, to: utc('2025-10-03T00:00:00Z'), sort: 'positive', limit: 10 });
      expect(byPositive.map((row) => [row.articleId, row.positiveShare])).to.deep.equal([['a1', 0.4], ['a2', 0]]);
    });

    it('counts per author, and nothing of another publisher', async () => {
      const authors = await authorStats(storage, publisherId, { ...range, sort: 'comments', limit: 100 });
      expect(authors).to.have.length(5);
      expect(authors.every((row) => row.total === 1)).to.equal(true);
      expect(await articleStats(storage, uniqueName('empty'), { ...range, sort: 'negative', limit: 10 })).to.deep.equal([]);
    });
  });
});
