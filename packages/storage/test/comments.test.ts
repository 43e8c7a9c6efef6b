import { createTestDatabase, sharedMongo, uniqueName, type TestDatabase } from '@moderato/testkit';
import { expect } from 'chai';
import {
  closeStorage, commentDocument, decideComment, findCommentForAnalysis, findDuplicateCandidates, listReviewQueue, openStorage,
  replaceAnalysisUnlessDecided, type Storage,
} from '../src/index.js';
import { at, buildAnalysis, buildAnalyzedComment, saveComments } from './builders.js';

describe('comments repository: analyzing a stored comment again', () => {
  let database: TestDatabase;
  let storage: Storage;

  before(async () => {
    database = createTestDatabase(await sharedMongo(), 'storage-comments');
    storage = await openStorage(database.uri);
  });

  after(async () => {
    await closeStorage(storage);
    await database.drop();
  });

  it('writes new comments in the shape the schema defines (the write bypasses mongoose casting)', async () => {
    const comment = buildAnalyzedComment({ publisherId: 'p', flags: { spam: 0.9 }, duplicateOf: 'c-0' });
    const document = new storage.models.comments(commentDocument(comment));
    await document.validate();
    expect(document.toObject({ depopulate: true, versionKey: false })).to.deep.include({ status: 'pending', flags: ['spam'], severity: 0.9, duplicateOf: 'c-0', eventCount: 1 });
    // Optional fields the comment lacks are absent, not stored as null.
    const { articleTitle: _dropped, ...withoutTitle } = comment;
    expect(commentDocument(comment)).to.have.property('articleTitle');
    expect(commentDocument(withoutTitle)).to.not.have.property('articleTitle');
  });

  it('reads what the analysis needs, with the fingerprint and whether a moderator decided', async () => {
    const publisherId = uniqueName('pub');
    const [saved] = await saveComments(storage, [{ publisherId, commentId: 'r1', text: 'A comment to read back', createdAt: at(5) }]);
    const stored = await findCommentForAnalysis(storage, publisherId, 'r1');
    expect(stored).to.deep.equal({
      commentId: 'r1', authorId: saved!.authorId, articleId: 'article-1', articleTitle: 'An article', text: 'A comment to read back', language: 'en',
      createdAt: at(5), fingerprint: saved!.analysis.fingerprint, decided: false,
    });
    expect(await findCommentForAnalysis(storage, uniqueName('other'), 'r1')).to.equal(null);
  });

  it('gives duplicate candidates their posting time', async () => {
    const publisherId = uniqueName('pub');
    const [saved] = await saveComments(storage, [{ publisherId, commentId: 'c1', createdAt: at(7) }]);
    const candidates = await findDuplicateCandidates(storage, publisherId, 'other', saved!.analysis.fingerprint);
    expect(candidates.map((c) => [c.commentId, c.createdAt])).to.deep.equal([['c1', at(7)]]);
  });

  it('replaces the analysis and what the queue reads from it: status, flags, severity, duplicate', async () => {
    const publisherId = uniqueName('pub');
    await saveComments(storage, [{ publisherId, commentId: 'copy' }]);
    const held = buildAnalysis({ commentId: 'copy', duplicateOf: 'original', flags: { duplicate: 0.93 } });
    expect(await replaceAnalysisUnlessDecided(storage, publisherId, 'copy', held, at(60))).to.deep.equal({ replaced: true, eventRecorded: true });
    const queue = await listReviewQueue(storage, publisherId, { sort: 'oldest', limit: 10 });
    expect(queue.items.map((item) => item.commentId)).to.deep.equal(['copy']);
    const doc = await storage.models.comments.findOne({ publisherId, commentId: 'copy' }).lean();
    expect(doc).to.deep.include({ status: 'pending', flags: ['duplicate'], severity: 0.93, duplicateOf: 'original', analyzedAt: at(60) });
    expect((doc?.analysis as { duplicate: unknown }).duplicate).to.deep.equal(held.duplicate);
  });

  it('clears fields the new analysis no longer has', async () => {
    const publisherId = uniqueName('pub');
    await saveComments(storage, [{ publisherId, commentId: 'was-copy', duplicateOf: 'x', flags: { duplicate: 1 } }]);
    await replaceAnalysisUnlessDecided(storage, publisherId, 'was-copy', buildAnalysis({ commentId: 'was-copy', sentiment: null }), at(61));
    const doc = await storage.models.comments.findOne({ publisherId, commentId: 'was-copy' }).lean();
    expect(doc).to.not.have.property('duplicateOf');
    expect(doc).to.not.have.property('sentiment');
    expect(doc).to.deep.include({ status: 'approved', flags: [] });
  });

  it('never replaces the analysis of a comment a moderator has decided', async () => {
    const publisherId = uniqueName('pub');
    await saveComments(storage, [{ publisherId, commentId: 'decided', flags: { spam: 0.8 } }]);
    await decideComment(storage, { publisherId, commentId: 'decided', action: 'approve', decidedBy: 'key-1' });
    const result = await replaceAnalysisUnlessDecided(storage, publisherId, 'decided', buildAnalysis({ commentId: 'decided', flags: { duplicate: 1 } }), at(62));
    expect(result).to.deep.equal({ replaced: false, eventRecorded: false });
    const doc = await storage.models.comments.findOne({ publisherId, commentId: 'decided' }).lean();
    expect(doc).to.deep.include({ status: 'approved', flags: ['spam'] });
    expect((await findCommentForAnalysis(storage, publisherId, 'decided'))?.decided).to.equal(true);
  });
});
