import { expect } from 'chai';
import { createAnalyzer, loadModels, type Analyzer } from '../src/index.js';
import type { Analysis, DuplicateCandidate } from '../src/types.js';

/** The project's seed article (Istanbul talks) and its six reader comments: mild, on-topic, nothing to flag. */
const ARTICLE = {
  id: 'istanbul-talks',
  title: 'High-Stakes Dialogue in Istanbul',
  body: 'Officials from Pakistan and Afghanistan are engaged in a crucial second round of talks in Istanbul, Turkiye, ' +
    'focused on resolving escalating border tensions and curbing cross-border terrorist activities. Pakistan seeks a ' +
    'concrete and verifiable monitoring mechanism. Qatar and Turkiye mediated the initial ceasefire.',
};
const SEED_COMMENTS: Array<[author: string, text: string]> = [
  ['Raphael', "Hoping for a verifiable mechanism. That's essential for trust."],
  ['Michelangelo', 'Finally, some serious diplomatic effort to de-escalate. Progress!'],
  ['Leonardo', "It's good that Qatar and Turkiye are mediating, as direct talks often stall. However, without genuine commitment from both capitals to enforce agreements, these talks are just temporary fixes."],
  ['Michelangelo', "Pakistan's security concerns are valid, but Afghanistan also faces internal challenges with militant groups. A monitoring mechanism is key, but its implementation will be complex."],
  ['Leonardo', 'Pakistan has every right to demand security from cross-border threats. Hope this works.'],
  ['Michelangelo', 'Dialogue is always the first step. Good to see them talking.'],
];

let analyzer: Analyzer;
function analyze(text: string, options: { authorId?: string; commentId?: string; candidates?: DuplicateCandidate[] } = {}): Analysis {
  return analyzer.analyze(
    { commentId: options.commentId ?? 'c-new', authorId: options.authorId ?? 'reader', articleId: ARTICLE.id, text },
    { article: ARTICLE, policy: analyzer.defaultPolicy, duplicateCandidates: options.candidates ?? [] },
  );
}
function storedAs(commentId: string, text: string, authorId = 'someone'): DuplicateCandidate {
  return { commentId, authorId, articleId: ARTICLE.id, fingerprint: analyzer.fingerprint(text) };
}

describe('analyzer (shipped models, end to end)', () => {
  before(() => {
    analyzer = createAnalyzer(loadModels());
  });

  it('approves the seed comments: no flags, English, sentiment well above the negative-review level', () => {
    for (const [authorId, text] of SEED_COMMENTS) {
      const analysis = analyze(text, { authorId });
      expect(analysis.flags, text).to.deep.equal([]);
      expect(analysis.status, text).to.equal('approved');
      expect(analysis.language.code, text).to.equal('en');
      expect(analysis.sentiment?.score, text).to.be.above(analyzer.defaultPolicy.negative.flag + 0.2);
    }
  });

  it('does not call the seed comments copies of each other', () => {
    const stored: DuplicateCandidate[] = [];
    SEED_COMMENTS.forEach(([authorId, text], i) => {
      expect(analyze(text, { authorId, candidates: stored }).duplicate.match, text).to.equal(undefined);
      stored.push(storedAs(`seed-${i}`, text, authorId));
    });
  });

  it('holds obvious spam with reasons a moderator can read', () => {
    const analysis = analyze('CHECK OUT MY CHANNEL!!! subscribe for fr3e m0ney http://bit.ly/abc123 💰💰💰💰');
    const spam = analysis.flags.find((f) => f.kind === 'spam');
    expect(spam, 'spam flag').to.not.equal(undefined);
    expect(analysis.status).to.not.equal('approved');
    expect(spam?.reasons.length).to.be.greaterThan(0);
  });

  it('holds an abusive comment and points at the offending words', () => {
    const text = 'You are a stupid idiot and a disgusting liar.';
    const analysis = analyze(text);
    expect(analysis.flags.map((f) => f.kind)).to.include('toxic');
    const spans = analysis.abuse?.spans ?? [];
    expect(spans.map((s) => text.slice(s.start, s.end).toLowerCase())).to.include('idiot');
  });

  it('names the comment a near-copy duplicates and its similarity', () => {
    const original = SEED_COMMENTS[2]?.[1] ?? '';
    const copy = original.replace('temporary fixes', 'temporary fixes!!! 😂').replace('genuine', 'genuin');
    const analysis = analyze(copy, { authorId: 'copycat', candidates: [storedAs('seed-2', original, 'Leonardo')] });
    expect(analysis.duplicate.match?.commentId).to.equal('seed-2');
    expect(analysis.duplicate.match?.similarity).to.be.above(0.5);
    expect(analysis.flags.map((f) => f.kind)).to.include('duplicate');
  });

  it('skips sentiment and abuse for another language and says so', () => {
    const analysis = analyze('Espero que estas conversaciones traigan por fin la paz a la frontera entre los dos países.');
    expect(analysis.language.code).to.equal('es');
    expect(analysis.language.phasesSkipped).to.deep.equal(['sentiment', 'abuse']);
    expect(analysis).to.not.have.property('sentiment');
    expect(analysis).to.not.have.property('abuse');
    expect(analysis.flags.map((f) => f.kind)).to.deep.equal(['unsupported_language']);
    expect(analysis.spam.score).to.be.a('number');
  });

  it('stamps every analysis with the code and model versions', () => {
    expect(analyze('Good to see them talking.').version).to.equal(analyzer.version);
    expect(analyzer.version).to.match(/^analysis-.*;sentiment-.*;spam-.*;abuse-.*;duplicates-/);
  });

  it('gives the same analysis whether the worker fingerprinted the text first or not', () => {
    const text = SEED_COMMENTS[2]?.[1] ?? '';
    const comment = { commentId: 'c-new', authorId: 'reader', articleId: ARTICLE.id, text };
    const fresh = analyze(text);
    const fingerprint = analyzer.fingerprint(text);
    const handedOver = analyzer.analyze(comment, { article: ARTICLE, policy: analyzer.defaultPolicy, duplicateCandidates: [], fingerprint });
    expect(handedOver).to.deep.equal(fresh);
  });

  it('analyzes the comment it is given even when another text was fingerprinted just before', () => {
    analyzer.fingerprint('CHECK OUT MY CHANNEL!!! subscribe for fr3e m0ney');
    const text = SEED_COMMENTS[5]?.[1] ?? '';
    expect(analyze(text)).to.deep.equal(createAnalyzer(loadModels()).analyze(
      { commentId: 'c-new', authorId: 'reader', articleId: ARTICLE.id, text },
      { article: ARTICLE, policy: analyzer.defaultPolicy, duplicateCandidates: [] },
    ));
  });

  it('is deterministic: the same comment gives the same analysis', () => {
    const text = SEED_COMMENTS[3]?.[1] ?? '';
    expect(analyze(text)).to.deep.equal(analyze(text));
  });
});
