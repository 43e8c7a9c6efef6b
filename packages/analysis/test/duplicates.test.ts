import { expect } from 'chai';
import { findDuplicate, laterNearCopies, parseDuplicateSettings, similarity } from '../src/duplicates/index.js';
import { candidate, commentText, fingerprintOf, randomComment, settingsFixture } from './duplicates-fixtures.js';

const settings = settingsFixture();
const reader = { authorId: 'author-2', articleId: 'article-1' };
const longComment =
  'The council should have listened to the residents on our street before approving this plan, because the traffic ' +
  'is already terrible and nobody asked us what we wanted.';

describe('duplicates: exact copies', () => {
  it('treats case, punctuation, spacing, zero-width characters and emoji as the same text', () => {
    const original = 'The council should have listened to the residents before the vote.';
    const disguised = 'THE council,  should have li\u200bstened to the RESIDENTS before the vote!!! 😂';
    expect(fingerprintOf(disguised).exact).to.equal(fingerprintOf(original).exact);
    const result = findDuplicate(reader, fingerprintOf(disguised), [candidate(original, { commentId: 'c-9' })], settings);
    expect(result.match).to.deep.include({ commentId: 'c-9', exact: true, similarity: 1, scope: 'article' });
    expect(result.score).to.equal(1);
    expect(result.reasons.map((r) => r.code)).to.include('exact_duplicate');
  });

  it('keeps different wording apart in the exact hash', () => {
    expect(fingerprintOf(commentText(1)).exact).to.not.equal(fingerprintOf(commentText(2)).exact);
  });
});

describe('duplicates: near copies', () => {
  it('finds a copy with one word changed and names the comment and similarity', () => {
    const changed = longComment.replace('residents', 'neighbours');
    expect(changed).to.not.equal(longComment);
    const result = findDuplicate(reader, fingerprintOf(changed), [candidate(longComment, { commentId: 'c-123' })], settings);
    expect(result.match?.exact).to.equal(false);
    expect(result.match?.commentId).to.equal('c-123');
    expect(result.score).to.be.at.least(settings.threshold).and.below(1);
    const reason = result.reasons.find((r) => r.code === 'near_duplicate');
    expect(reason?.message).to.match(/Near-copy \(similarity 0\.\d\d\) of comment c-123 on the same article/);
  });

  it('finds a copy with typos, a dropped word and a link added', () => {
    const evaded = `${longComment.replace('should', 'shuold').replace(' already', '')} https://bit.ly/3xQz9Lm`;
    const result = findDuplicate(reader, fingerprintOf(evaded), [candidate(longComment)], settings);
    expect(result.match?.exact).to.equal(false);
    expect(result.score).to.be.at.least(settings.threshold);
  });

  it('sees a comment that only rotates its link as a near copy', () => {
    const a = fingerprintOf(`${longComment} www.first-shop.com/deal`);
    const b = fingerprintOf(`${longComment} http://other-shop.net/x?id=7`);
    expect(a.exact).to.not.equal(b.exact);
    expect(similarity(a, b, settings)).to.equal(1);
  });

  it('does not match unrelated comments', () => {
    const result = findDuplicate(reader, fingerprintOf(randomComment(1)), [candidate(randomComment(2))], settings);
    expect(result.match).to.equal(undefined);
    expect(result.score).to.be.below(settings.threshold);
  });

  it('does not match two comments that only share a template', () => {
    const template = 'I completely agree with the author of this article because';
    const a = `${template} the bus lines downtown have been late every single morning this month`;
    const b = `${template} my daughter's school lost its music teacher and nobody replaced her`;
    const result = findDuplicate(reader, fingerprintOf(b), [candidate(a)], settings);
    expect(result.match).to.equal(undefined);
  });
});

describe('duplicates: short comments', () => {
  const short = 'Great article!';

  it('get no near-duplicate signature and say so in the reasons', () => {
    const fingerprint = fingerprintOf(short);
    expect(fingerprint.signature).to.deep.equal([]);
    expect(fingerprint.bands).to.deep.equal([]);
    const result = findDuplicate(reader, fingerprint, [], settings);
    expect(result.reasons.map((r) => r.code)).to.deep.equal(['short_text_exact_only']);
  });

  it('are not duplicates when another reader writes the same words', () => {
    const result = findDuplicate(reader, fingerprintOf('great ARTICLE'), [candidate(short, { authorId: 'author-1' })], settings);
    expect(result.match).to.equal(undefined);
    expect(result.score).to.equal(0);
  });

  it('are exact duplicates when the same reader repeats them', () => {
    const result = findDuplicate(reader, fingerprintOf('great ARTICLE'), [candidate(short, { authorId: 'author-2' })], settings);
    expect(result.match).to.deep.include({ exact: true, scope: 'article' });
  });
});

describe('duplicates: scope', () => {
  const copy = fingerprintOf(longComment);
  const scopeWith = (fields: { authorId: string; articleId: string }) =>
    findDuplicate(reader, copy, [candidate(longComment, { ...fields, commentId: 'c-1' })], settings).match?.scope;

  it('is the article when the copy is on the same article', () => {
    expect(scopeWith({ authorId: 'someone', articleId: 'article-1' })).to.equal('article');
  });

  it('is the author when the same author posted it on another article', () => {
    expect(scopeWith({ authorId: 'author-2', articleId: 'article-9' })).to.equal('author');
  });

  it('is the publisher for copy-paste across articles and authors', () => {
    expect(scopeWith({ authorId: 'someone', articleId: 'article-9' })).to.equal('publisher');
  });

  it('prefers the narrowest scope among equally similar comments, and skips the comment itself', () => {
    const candidates = [
      candidate(longComment, { commentId: 'far', authorId: 'x', articleId: 'article-7' }),
      candidate(longComment, { commentId: 'self', authorId: 'author-2', articleId: 'article-1' }),
      candidate(longComment, { commentId: 'near', authorId: 'y', articleId: 'article-1' }),
    ];
    const result = findDuplicate({ ...reader, commentId: 'self' }, copy, candidates, settings);
    expect(result.match).to.deep.include({ commentId: 'near', scope: 'article' });
  });
});

describe('duplicates: fingerprints and settings', () => {
  it('have the configured signature length and number of band keys, identical on every call', () => {
    const a = fingerprintOf(longComment);
    expect(a.signature).to.have.length(settings.numHashes);
    expect(a.bands).to.have.length(settings.bands);
    expect(new Set(a.bands).size).to.equal(settings.bands);
    expect(fingerprintOf(longComment)).to.deep.equal(a);
  });

  it('work the same with classic MinHash, one hash function per slot', () => {
    const classic = settingsFixture({ method: 'minhash', numHashes: 64, bands: 16, rows: 4 });
    const a = fingerprintOf(longComment, classic);
    const b = fingerprintOf(longComment.replace('residents', 'neighbours'), classic);
    expect(similarity(a, b, classic)).to.be.above(0.6).and.below(1);
    expect(similarity(a, fingerprintOf(randomComment(3), classic), classic)).to.be.below(0.2);
  });

  it('rejects a settings file with a missing or impossible field, naming it', () => {
    const valid = { ...settingsFixture() };
    expect(parseDuplicateSettings(valid)).to.deep.equal(valid);
    expect(() => parseDuplicateSettings({ ...valid, threshold: 2 })).to.throw(/threshold/);
    expect(() => parseDuplicateSettings({ ...valid, bands: 64 })).to.throw(/bands × rows/);
    const { method: _method, ...withoutMethod } = valid;
    expect(() => parseDuplicateSettings(withoutMethod)).to.throw(/method/);
  });
});

describe('duplicates: which of two copies is the original', () => {
  const copy = longComment.replace('residents', 'neighbours');
  const at = (time: string): Date => new Date(`2025-10-25T${time}:00Z`);

  it('never names a comment posted later as the original, and lists it as a later near-copy instead', () => {
    const earlier = { ...reader, commentId: 'c-1', createdAt: at('10:00') };
    const processedFirst = candidate(copy, { commentId: 'c-2', createdAt: at('10:05') });
    const fingerprint = fingerprintOf(longComment);
    expect(findDuplicate(earlier, fingerprint, [processedFirst], settings).match).to.equal(undefined);
    expect(laterNearCopies(earlier, fingerprint, [processedFirst], settings).map((c) => c.commentId)).to.deep.equal(['c-2']);
    const later = { ...reader, commentId: 'c-2', createdAt: at('10:05') };
    const original = candidate(longComment, { commentId: 'c-1', createdAt: at('10:00') });
    expect(findDuplicate(later, fingerprintOf(copy), [original], settings).match?.commentId).to.equal('c-1');
    expect(laterNearCopies(later, fingerprintOf(copy), [original], settings)).to.deep.equal([]);
  });

  it('orders copies posted in the same second by comment id, so exactly one of them is the original', () => {
    const a = { ...reader, commentId: 'c-a', createdAt: at('10:00') };
    const b = { ...reader, commentId: 'c-b', createdAt: at('10:00') };
    const asCandidateA = candidate(longComment, { commentId: 'c-a', createdAt: at('10:00') });
    const asCandidateB = candidate(copy, { commentId: 'c-b', createdAt: at('10:00') });
    expect(findDuplicate(a, fingerprintOf(longComment), [asCandidateB], settings).match).to.equal(undefined);
    expect(findDuplicate(b, fingerprintOf(copy), [asCandidateA], settings).match?.commentId).to.equal('c-a');
  });

  it('lists no later comment that is not a near-copy', () => {
    const earlier = { ...reader, commentId: 'c-1', createdAt: at('10:00') };
    const unrelated = candidate(randomComment(3), { commentId: 'c-9', createdAt: at('11:00') });
    expect(laterNearCopies(earlier, fingerprintOf(longComment), [unrelated], settings)).to.deep.equal([]);
  });
});
