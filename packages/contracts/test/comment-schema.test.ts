import { expect } from 'chai';
import { analyzeCommentJobSchema, commentJobId, incomingCommentSchema } from '../src/index.js';

function validComment(overrides: Record<string, unknown> = {}) {
  return {
    id: 'c-1',
    article: { id: 'a-1', url: 'https://news.example/a-1', title: 'Talks in Istanbul' },
    author: { id: 'u-1', name: 'Raphael' },
    text: '  Hoping for a verifiable mechanism.  ',
    createdAt: '2025-10-25T10:00:00Z',
    ...overrides,
  };
}

describe('incoming comment schema', () => {
  it('accepts a full comment and trims the text', () => {
    const parsed = incomingCommentSchema.parse(validComment({ parentId: 'c-0', language: 'en', ip: '2001:db8::1', userAgent: 'Mozilla/5.0' }));
    expect(parsed.text).to.equal('Hoping for a verifiable mechanism.');
  });

  it('rejects unknown fields, naming them', () => {
    const result = incomingCommentSchema.safeParse(validComment({ votes: 3 }));
    expect(result.success).to.equal(false);
    expect(JSON.stringify(result.error?.issues)).to.contain('votes');
  });

  it('bounds the text to 1..10,000 characters after trimming', () => {
    expect(incomingCommentSchema.safeParse(validComment({ text: ' \n\t ' })).success).to.equal(false);
    expect(incomingCommentSchema.safeParse(validComment({ text: 'x'.repeat(10_000) })).success).to.equal(true);
    expect(incomingCommentSchema.safeParse(validComment({ text: 'x'.repeat(10_001) })).success).to.equal(false);
    expect(incomingCommentSchema.safeParse(validComment({ text: ` ${'x'.repeat(10_000)} ` })).success).to.equal(true);
  });

  it('requires ISO 8601 dates with a zone and real IP addresses', () => {
    expect(incomingCommentSchema.safeParse(validComment({ createdAt: '2025-10-25 10:00' })).success).to.equal(false);
    expect(incomingCommentSchema.safeParse(validComment({ createdAt: '2025-10-25T10:00:00+02:00' })).success).to.equal(true);
    expect(incomingCommentSchema.safeParse(validComment({ ip: '999.1.1.1' })).success).to.equal(false);
  });

  it('refuses lone surrogates in every text field and text that shows nothing, and keeps paired ones', () => {
    const message = (overrides: Record<string, unknown>) => incomingCommentSchema.safeParse(validComment(overrides)).error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    expect(message({ id: 'ls-\ud800' })).to.deep.equal(['id: must be well-formed Unicode (it holds a lone surrogate)']);
    expect(message({ text: 'fine \udfff' })).to.deep.equal(['text: must be well-formed Unicode (it holds a lone surrogate)']);
    expect(message({ article: { id: 'a', title: '\ud800' } })).to.deep.equal(['article.title: must be well-formed Unicode (it holds a lone surrogate)']);
    expect(message({ text: '\u0001\u200b\u00a0\u0000' })).to.deep.equal(['text: must contain visible characters, not only control or invisible ones']);
    expect(message({ id: 'smile-\ud83d\ude00', text: '\ud83d\udc4f' })).to.equal(undefined);
  });

  it('rejects ids with control characters', () => {
    expect(incomingCommentSchema.safeParse(validComment({ id: 'c-\u0000-1' })).success).to.equal(false);
    expect(incomingCommentSchema.safeParse(validComment({ author: { id: 'u\n1' } })).success).to.equal(false);
  });

  it('rejects operator objects where ids belong', () => {
    expect(incomingCommentSchema.safeParse(validComment({ id: { $ne: null } })).success).to.equal(false);
    expect(incomingCommentSchema.safeParse(validComment({ author: { id: { $gt: '' } } })).success).to.equal(false);
  });
});

describe('analyze-comment job contract', () => {
  it('gives one (publisher, comment) the same job id every time, and different ones different ids', () => {
    expect(commentJobId('p', 'c-1')).to.equal(commentJobId('p', 'c-1'));
    expect(commentJobId('p', 'c-1')).not.to.equal(commentJobId('p', 'c-2'));
    expect(commentJobId('p1', 'c')).not.to.equal(commentJobId('p', '1c'));
    expect(commentJobId('a:b', 'c:d')).to.match(/^c_[A-Za-z0-9_-]{32}$/);
  });

  it('rejects a payload of another version', () => {
    const job = { version: 2, publisherId: 'p', receivedAt: new Date().toISOString(), webhookId: 'w', comment: validComment() };
    expect(analyzeCommentJobSchema.safeParse(job).success).to.equal(false);
    expect(analyzeCommentJobSchema.safeParse({ ...job, version: 1 }).success).to.equal(true);
  });
});
