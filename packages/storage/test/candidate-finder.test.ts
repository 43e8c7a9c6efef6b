import type { Fingerprint } from '@moderato/analysis';
import { createTestDatabase, sharedMongo, uniqueName, type TestDatabase } from '@moderato/testkit';
import { expect } from 'chai';
import { closeStorage, createCandidateFinder, findDuplicateCandidates, openStorage, type Storage } from '../src/index.js';
import { at, buildAnalysis, saveComments } from './builders.js';

describe('candidate finder: duplicate lookups that meet share one query', () => {
  let database: TestDatabase;
  let storage: Storage;

  before(async () => {
    database = createTestDatabase(await sharedMongo(), 'storage-candidate-finder');
    storage = await openStorage(database.uri);
  });

  after(async () => {
    await closeStorage(storage);
    await database.drop();
  });

  /** Counts the queries `work` sends to the comments collection; `fail` makes the first one throw. */
  async function countingQueries<T>(work: () => Promise<T>, fail = false): Promise<{ result: T; queries: number }> {
    const collection = storage.models.comments.collection;
    const find = collection.find;
    let queries = 0;
    collection.find = ((...args: Parameters<typeof find>) => {
      queries += 1;
      if (fail && queries === 1) throw new Error('the database went away');
      return find.apply(collection, args);
    }) as typeof find;
    try {
      return { result: await work(), queries };
    } finally {
      collection.find = find;
    }
  }

  /** A seeded generator, so a failing case can be replayed. */
  function seeded(seed: number): () => number {
    let state = seed;
    return () => ((state = (state * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
  }

  const fingerprint = (exact: string, bands: string[]): Fingerprint => ({ exact, signature: [1, 2, 3], bands });

  /** Stored comments of one publisher, the nth created n minutes after the first, each with its own fingerprint. */
  async function store(publisherId: string, fingerprints: Fingerprint[]): Promise<void> {
    await saveComments(storage, fingerprints.map((print, n) => ({
      publisherId, commentId: `${publisherId}-${String(n).padStart(3, '0')}`, createdAt: at(n), analysis: { ...buildAnalysis(), fingerprint: print },
    })));
  }

  it('answers each of many concurrent lookups exactly as its own query would, in one query', async () => {
    const publisherId = uniqueName('pub');
    const next = seeded(7);
    const band = () => `band-${Math.floor(next() * 30)}`;
    await store(publisherId, Array.from({ length: 40 }, (_, n) => fingerprint(`exact-${n % 25}`, [band(), band(), band()])));
    const lookups = Array.from({ length: 12 }, (_, n) => ({
      // Some exclude a stored comment (a retried job), some share an exact hash, each has a band nobody else has.
      excludeCommentId: n % 3 === 0 ? `${publisherId}-${String(n).padStart(3, '0')}` : `new-${n}`,
      fingerprint: fingerprint(n % 4 === 0 ? `exact-${n}` : `exact-new-${n}`, [band(), band(), `only-${n}`]),
    }));
    const expected = [];
    for (const lookup of lookups) expected.push(await findDuplicateCandidates(storage, publisherId, lookup.excludeCommentId, lookup.fingerprint));
    expect(expected.filter((found) => found.length > 0).length, 'lookups that find something').to.be.greaterThan(6);

    const served: Array<{ lookups: number; queries: number }> = [];
    const finder = createCandidateFinder(storage, { onServed: (group) => served.push(group) });
    const { result, queries } = await countingQueries(() => Promise.all(lookups.map((lookup) => finder.find(publisherId, lookup.excludeCommentId, lookup.fingerprint))));
    expect(result).to.deep.equal(expected);
    expect(queries).to.equal(1);
    expect(served, 'what the finder reports for metrics').to.deep.equal([{ lookups: 12, queries: 1 }]);
  });

  it('falls back to a query per lookup when the shared query is cut by its limit, still answering exactly', async () => {
    const publisherId = uniqueName('pub');
    // A spam wave: 120 stored comments share a band, more than two lookups' 50 each.
    await store(publisherId, Array.from({ length: 120 }, (_, n) => fingerprint(`wave-${n}`, ['wave', `own-${n}`])));
    const lookups = [fingerprint('wave-new-1', ['wave', 'x']), fingerprint('wave-new-2', ['wave', 'own-119'])];
    const expected = [];
    for (const print of lookups) expected.push(await findDuplicateCandidates(storage, publisherId, 'new', print));
    expect(expected[0]).to.have.length(50);

    const served: Array<{ lookups: number; queries: number }> = [];
    const finder = createCandidateFinder(storage, { onServed: (group) => served.push(group) });
    const { result, queries } = await countingQueries(() => Promise.all(lookups.map((print) => finder.find(publisherId, 'new', print))));
    expect(result).to.deep.equal(expected);
    expect(queries).to.equal(3);
    expect(served).to.deep.equal([{ lookups: 2, queries: 3 }]);
  });

  it('splits lookups whose bands together would make one query\'s lists too long (at most 512 index keys a query)', async () => {
    const publisherId = uniqueName('pub');
    await store(publisherId, Array.from({ length: 12 }, (_, n) => fingerprint(`wide-${n}`, [`wide-${n}-0`])));
    // Twelve lookups of 100 bands each: 5 + 5 + 2 to a query.
    const lookups = Array.from({ length: 12 }, (_, n) => fingerprint(`other-${n}`, Array.from({ length: 100 }, (_, b) => `wide-${n}-${b}`)));
    const expected = [];
    for (const print of lookups) expected.push(await findDuplicateCandidates(storage, publisherId, 'new', print));
    const finder = createCandidateFinder(storage);
    const { result, queries } = await countingQueries(() => Promise.all(lookups.map((print) => finder.find(publisherId, 'new', print))));
    expect(result).to.deep.equal(expected);
    expect(result.map((found) => found.length)).to.deep.equal(Array(12).fill(1));
    expect(queries).to.equal(3);
  });

  it('serves lookups of several publishers in one query, each seeing only its own publisher\'s comments', async () => {
    const publishers = [uniqueName('pub'), uniqueName('pub'), uniqueName('pub')];
    // The same fingerprints under every publisher: a lookup must not take another publisher's comment for its own.
    for (const publisherId of publishers) await store(publisherId, [fingerprint('same', ['shared-band']), fingerprint('other', ['band-2', 'band-3'])]);
    const lookups = publishers.flatMap((publisherId) => [
      { publisherId, print: fingerprint('same', ['x-1']) },
      { publisherId, print: fingerprint('new', ['band-3', 'x-2']) },
    ]);
    const expected = [];
    for (const { publisherId, print } of lookups) expected.push(await findDuplicateCandidates(storage, publisherId, 'new', print));
    const finder = createCandidateFinder(storage);
    const { result, queries } = await countingQueries(() => Promise.all(lookups.map(({ publisherId, print }) => finder.find(publisherId, 'new', print))));
    expect(result).to.deep.equal(expected);
    expect(result.map((found) => found.map((candidate) => candidate.commentId))).to.deep.equal(
      publishers.flatMap((publisherId) => [[`${publisherId}-000`], [`${publisherId}-001`]]),
    );
    expect(queries).to.equal(1);
  });

  it('fails the lookups a failed query served, and serves the next ones', async () => {
    const publisherId = uniqueName('pub');
    await store(publisherId, [fingerprint('kept', ['b'])]);
    const finder = createCandidateFinder(storage);
    const print = fingerprint('kept', ['b']);
    const { result } = await countingQueries(() => Promise.allSettled([finder.find(publisherId, 'new-1', print), finder.find(publisherId, 'new-2', print)]), true);
    expect(result.map((outcome) => outcome.status)).to.deep.equal(['rejected', 'rejected']);
    const after = await finder.find(publisherId, 'new-3', print);
    expect(after.map((candidate) => candidate.commentId)).to.deep.equal([`${publisherId}-000`]);
  });
});
