import { expect } from 'chai';
import { createTestDatabase, sharedMongo, type TestDatabase } from '@moderato/testkit';
import {
  AuthorListFullError,
  MAX_AUTHORS_PER_LIST,
  PolicyVersionConflictError,
  RecordNotFoundError,
  closeStorage,
  findPublisher,
  findPublisherPolicy,
  listAuditEntries,
  listPolicyChanges,
  openStorage,
  replacePublisherPolicy,
  setAuthorStanding,
  type PolicyChangedBy,
  type Storage,
} from '../src/index.js';
import { at, buildPolicyOverrides, createTestPublisher } from './builders.js';

const admin: PolicyChangedBy = { keyId: 'key-admin' };
const cli: PolicyChangedBy = { cli: true };

/** Runs `work` while every insertOne on `collection` fails, as if the process stopped before it. */
async function withFailingInserts(collection: { insertOne: unknown }, work: () => Promise<void>): Promise<void> {
  const insertOne = collection.insertOne;
  collection.insertOne = () => Promise.reject(new Error('the process stopped here'));
  try {
    await work();
  } finally {
    collection.insertOne = insertOne;
  }
}

/** The error a promise rejects with (undefined when it resolves). */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(() => undefined, (error: unknown) => error);
}

describe('storage: publisher policies', () => {
  let database: TestDatabase;
  let storage: Storage;

  before(async () => {
    database = createTestDatabase(await sharedMongo(), 'policies');
    storage = await openStorage(database.uri);
  });
  after(async () => {
    await closeStorage(storage);
    await database.drop();
  });

  it('reads a new publisher at version 0 with no overrides, and an unknown one as null', async () => {
    const publisherId = await createTestPublisher(storage);
    expect(await findPublisherPolicy(storage, publisherId)).to.deep.equal({ version: 0, overrides: {}, updatedAt: null, updatedBy: null });
    expect(await findPublisher(storage, publisherId)).to.deep.include({ policy: {}, policyVersion: 0 });
    expect(await findPublisherPolicy(storage, 'nobody')).to.equal(null);
  });

  it('replaces the overrides, raising the version by one, and records the change with who made it and what changed', async () => {
    const publisherId = await createTestPublisher(storage);
    const overrides = buildPolicyOverrides();
    const first = await replacePublisherPolicy(storage, { publisherId, overrides, changedBy: admin, now: at(0) });
    expect(first).to.deep.equal({ version: 1, overrides, updatedAt: at(0), updatedBy: admin });
    expect(await findPublisherPolicy(storage, publisherId)).to.deep.equal(first);
    expect(await findPublisher(storage, publisherId)).to.deep.include({ policy: overrides, policyVersion: 1 });

    const second = buildPolicyOverrides({ spam: { reject: 0.9 }, bannedTerms: ['idiot', 'moron', 'scum'] });
    await replacePublisherPolicy(storage, { publisherId, overrides: second, changedBy: cli, now: at(5) });
    const [latest, earlier] = await listPolicyChanges(storage, publisherId, { limit: 10 });
    expect(latest).to.deep.include({ version: 2, policy: second, changedBy: cli, changedAt: at(5) });
    expect(latest?.fields).to.deep.equal(['bannedTerms', 'spam.reject']);
    expect(latest?.summary).to.equal('bannedTerms +2 −1; spam.reject 0.95 → 0.9');
    expect(earlier).to.deep.include({ version: 1, policy: overrides, changedBy: admin });
  });

  it('applies a write that names the current version, and refuses a stale one naming the current version', async () => {
    const publisherId = await createTestPublisher(storage);
    await replacePublisherPolicy(storage, { publisherId, overrides: { bannedTerms: ['a'] }, expectedVersion: 0, changedBy: admin });
    await replacePublisherPolicy(storage, { publisherId, overrides: { bannedTerms: ['b'] }, expectedVersion: 1, changedBy: admin });
    const stale = await rejection(replacePublisherPolicy(storage, { publisherId, overrides: { bannedTerms: ['c'] }, expectedVersion: 1, changedBy: admin }));
    expect(stale).to.be.instanceOf(PolicyVersionConflictError).and.include({ expectedVersion: 1, currentVersion: 2 });
    expect(await findPublisherPolicy(storage, publisherId)).to.deep.include({ version: 2, overrides: { bannedTerms: ['b'] } });
    expect(await listPolicyChanges(storage, publisherId, { limit: 10 })).to.have.length(2);
  });

  it('treats a publisher stored before policy versions existed as version 0', async () => {
    const publisherId = await createTestPublisher(storage);
    await storage.models.publishers.collection.updateOne({ publisherId }, { $unset: { policyVersion: '' } });
    expect(await findPublisherPolicy(storage, publisherId)).to.deep.include({ version: 0 });
    const result = await replacePublisherPolicy(storage, { publisherId, overrides: { toxic: { reject: 0.97 } }, expectedVersion: 0, changedBy: admin });
    expect(result.version).to.equal(1);
  });

  it('gives concurrent writers distinct versions and records every one of them', async () => {
    const publisherId = await createTestPublisher(storage);
    const writes = Array.from({ length: 8 }, (_, i) =>
      replacePublisherPolicy(storage, { publisherId, overrides: { suspectTerms: [`term-${i}`] }, changedBy: { keyId: `key-${i}` } }));
    const versions = (await Promise.all(writes)).map((result) => result.version).sort((a, b) => a - b);
    expect(versions).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8]);
    const history = await listPolicyChanges(storage, publisherId, { limit: 20 });
    expect(history.map((change) => change.version)).to.deep.equal([8, 7, 6, 5, 4, 3, 2, 1]);
    // The stored policy is the one recorded as the newest version.
    expect((await findPublisherPolicy(storage, publisherId))?.overrides).to.deep.equal(history[0]?.policy);
  });

  it('lets exactly one of several writers naming the same version win', async () => {
    const publisherId = await createTestPublisher(storage);
    const outcomes = await Promise.all(Array.from({ length: 5 }, (_, i) =>
      rejection(replacePublisherPolicy(storage, { publisherId, overrides: { bannedTerms: [`t${i}`] }, expectedVersion: 0, changedBy: admin }))));
    expect(outcomes.filter((outcome) => outcome === undefined)).to.have.length(1);
    expect(outcomes.filter((outcome) => outcome instanceof PolicyVersionConflictError)).to.have.length(4);
    expect((await findPublisherPolicy(storage, publisherId))?.version).to.equal(1);
  });

  it('moves an author between the trusted and banned lists, raising the version and recording the reason', async () => {
    const publisherId = await createTestPublisher(storage);
    await replacePublisherPolicy(storage, { publisherId, overrides: { bannedTerms: ['scum'], authors: { bannedAction: 'hold' } }, changedBy: admin });
    expect(await setAuthorStanding(storage, { publisherId, authorId: 'u-1', standing: 'trusted', changedBy: admin }))
      .to.deep.equal({ authorId: 'u-1', standing: 'trusted', policyVersion: 2, changed: true });
    await setAuthorStanding(storage, { publisherId, authorId: 'u-1', standing: 'banned', reason: 'spam wave', changedBy: admin, now: at(9) });
    expect((await findPublisherPolicy(storage, publisherId))?.overrides)
      .to.deep.equal({ bannedTerms: ['scum'], authors: { bannedAction: 'hold', trusted: [], banned: ['u-1'] } });
    const [change] = await listPolicyChanges(storage, publisherId, { limit: 1 });
    expect(change).to.deep.include({ version: 3, summary: 'author "u-1": banned (was trusted)', reason: 'spam wave', changedAt: at(9) });
    expect(change?.policy).to.deep.equal({ bannedTerms: ['scum'], authors: { bannedAction: 'hold', trusted: [], banned: ['u-1'] } });
    expect(change?.fields).to.deep.equal(['authors.banned', 'authors.trusted']);
    await setAuthorStanding(storage, { publisherId, authorId: 'u-1', standing: 'none', changedBy: cli });
    expect((await findPublisherPolicy(storage, publisherId))?.overrides.authors).to.deep.equal({ bannedAction: 'hold', trusted: [], banned: [] });
  });

  it('leaves the version alone when the author already has the standing', async () => {
    const publisherId = await createTestPublisher(storage);
    await setAuthorStanding(storage, { publisherId, authorId: 'u-1', standing: 'trusted', changedBy: admin });
    expect(await setAuthorStanding(storage, { publisherId, authorId: 'u-1', standing: 'trusted', changedBy: admin }))
      .to.deep.equal({ authorId: 'u-1', standing: 'trusted', policyVersion: 1, changed: false });
    expect(await setAuthorStanding(storage, { publisherId, authorId: 'u-2', standing: 'none', changedBy: admin }))
      .to.deep.equal({ authorId: 'u-2', standing: 'none', policyVersion: 1, changed: false });
    expect(await listPolicyChanges(storage, publisherId, { limit: 10 })).to.have.length(1);
  });

  it('keeps every one of many concurrent standing changes, sent at once from two processes', async function () {
    this.timeout(20_000);
    const publisherId = await createTestPublisher(storage);
    // A second connection pool stands for a second API process: its writes race this one's for each version.
    const other = await openStorage(database.uri);
    try {
      const authorIds = Array.from({ length: 100 }, (_, i) => `u-${i}`);
      await Promise.all(authorIds.map((authorId, i) =>
        setAuthorStanding(i % 2 === 0 ? storage : other, { publisherId, authorId, standing: i % 3 === 0 ? 'trusted' : 'banned', changedBy: admin })));
      const { version, overrides } = (await findPublisherPolicy(storage, publisherId))!;
      expect(version).to.equal(100);
      expect(overrides.authors?.trusted).to.have.members(authorIds.filter((_, i) => i % 3 === 0));
      expect(overrides.authors?.banned).to.have.members(authorIds.filter((_, i) => i % 3 !== 0));
      const history = await listPolicyChanges(storage, publisherId, { limit: 100 });
      expect(history.map((change) => change.version)).to.deep.equal(Array.from({ length: 100 }, (_, i) => 100 - i));
    } finally {
      await closeStorage(other);
    }
  });

  it('refuses to add an author to a full list', async () => {
    const publisherId = await createTestPublisher(storage);
    const trusted = Array.from({ length: MAX_AUTHORS_PER_LIST }, (_, i) => `u-${i}`);
    await replacePublisherPolicy(storage, { publisherId, overrides: { authors: { trusted } }, changedBy: admin });
    expect(await rejection(setAuthorStanding(storage, { publisherId, authorId: 'one-more', standing: 'trusted', changedBy: admin })))
      .to.be.instanceOf(AuthorListFullError);
    expect(await setAuthorStanding(storage, { publisherId, authorId: 'one-more', standing: 'banned', changedBy: admin })).to.include({ changed: true });
  });

  it('pages through the history newest first', async () => {
    const publisherId = await createTestPublisher(storage);
    for (let i = 0; i < 5; i++) await replacePublisherPolicy(storage, { publisherId, overrides: { bannedTerms: [`t${i}`] }, changedBy: admin });
    const first = await listPolicyChanges(storage, publisherId, { limit: 2 });
    expect(first.map((change) => change.version)).to.deep.equal([5, 4]);
    const next = await listPolicyChanges(storage, publisherId, { limit: 2, beforeVersion: 4 });
    expect(next.map((change) => change.version)).to.deep.equal([3, 2]);
    expect(await listPolicyChanges(storage, 'nobody', { limit: 2 })).to.deep.equal([]);
  });

  it('keeps the history record and audit entry of a change whose writer stopped right after the change', async () => {
    const publisherId = await createTestPublisher(storage);
    await withFailingInserts(storage.models.policyChanges.collection, async () => {
      expect(await rejection(replacePublisherPolicy(storage, { publisherId, overrides: { bannedTerms: ['scum'] }, changedBy: admin, now: at(1) })))
        .to.have.property('message', 'the process stopped here');
      expect(await rejection(setAuthorStanding(storage, { publisherId, authorId: 'u-1', standing: 'banned', reason: 'abuse', changedBy: cli, now: at(2) })))
        .to.have.property('message', 'the process stopped here');
    });
    expect((await findPublisherPolicy(storage, publisherId))?.version).to.equal(2);
    // Read twice: the records stored by the first read are not stored again by the second.
    for (let read = 0; read < 2; read++) {
      const history = await listPolicyChanges(storage, publisherId, { limit: 10 });
      expect(history.map((change) => [change.version, change.summary, change.changedAt])).to.deep.equal([
        [2, 'author "u-1": banned (was none)', at(2)],
        [1, 'bannedTerms +1 −0', at(1)],
      ]);
      const audit = await listAuditEntries(storage, publisherId, { limit: 10 });
      expect(audit.items.map((entry) => [entry.action, entry.at, entry.after])).to.deep.equal([
        ['author.standing_changed', at(2), { standing: 'banned', policyVersion: 2, reason: 'abuse' }],
        ['policy.replaced', at(1), { version: 1, overrides: { bannedTerms: ['scum'] } }],
      ]);
    }
  });

  it('refuses changes to an unknown publisher, and never treats an operator object as an id', async () => {
    expect(await rejection(replacePublisherPolicy(storage, { publisherId: 'ghost', overrides: {}, changedBy: admin }))).to.be.instanceOf(RecordNotFoundError);
    expect(await rejection(replacePublisherPolicy(storage, { publisherId: 'ghost', overrides: {}, expectedVersion: 3, changedBy: admin }))).to.be.instanceOf(RecordNotFoundError);
    expect(await rejection(setAuthorStanding(storage, { publisherId: 'ghost', authorId: 'u', standing: 'banned', changedBy: admin }))).to.be.instanceOf(RecordNotFoundError);
    const smuggled = { $ne: null } as unknown as string;
    expect(await rejection(findPublisherPolicy(storage, smuggled))).to.have.property('name', 'CastError');
    expect(await rejection(setAuthorStanding(storage, { publisherId: smuggled, authorId: 'u', standing: 'banned', changedBy: admin }))).to.have.property('name', 'CastError');
  });
});
