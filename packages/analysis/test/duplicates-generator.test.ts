import { expect } from 'chai';
import { makeNearCopyPairs, type SourceText } from '../scripts/make-near-copies.js';
import { applyEvasion, EVASIONS } from '../src/duplicates/evasions.js';
import { seededRandom } from '../src/duplicates/hash.js';
import { normalize } from '../src/normalize/index.js';
import { commentText } from './duplicates-fixtures.js';

const sources: SourceText[] = Array.from({ length: 60 }, (_, i) => ({ group: `video-${i % 3}`, text: commentText(i) }));

describe('duplicates: near-copy generator', () => {
  it('gives the same pairs for the same seed and other pairs for another seed', () => {
    const first = makeNearCopyPairs(sources, { seed: 7, n: 40 });
    expect(makeNearCopyPairs(sources, { seed: 7, n: 40 })).to.deep.equal(first);
    expect(makeNearCopyPairs(sources, { seed: 8, n: 40 })).to.not.deep.equal(first);
  });

  it('labels half the pairs as duplicates, each a changed copy of its base text', () => {
    const pairs = makeNearCopyPairs(sources, { seed: 3, n: 60 });
    const duplicates = pairs.filter((p) => p.label === 'duplicate');
    expect(duplicates).to.have.length(30);
    for (const p of duplicates) {
      expect(p.b).to.not.equal(p.a);
      expect(p.kind.split('+').every((k) => (EVASIONS as readonly string[]).includes(k))).to.equal(true);
    }
    const distinct = pairs.filter((p) => p.label === 'distinct');
    expect(new Set(distinct.map((p) => p.kind.replace(/_(prefix|suffix)$/, '')))).to.deep.equal(
      new Set(['random', 'same_topic', 'template']),
    );
    for (const p of distinct) expect(p.a).to.not.equal(p.b);
  });

  it('has evasions that normalization undoes and evasions that really change the words', () => {
    const text = commentText(4);
    const apply = (name: (typeof EVASIONS)[number]) => normalize(applyEvasion(name, text, seededRandom(5))).tokens;
    for (const name of ['case', 'emoji', 'zero_width'] as const) expect(apply(name)).to.deep.equal(normalize(text).tokens);
    for (const name of ['typos', 'drop_words', 'swap_words', 'add_link'] as const) {
      expect(apply(name)).to.not.deep.equal(normalize(text).tokens);
    }
  });

  it('refuses a source too small to make distinct pairs from', () => {
    expect(() => makeNearCopyPairs(sources.slice(0, 3), { seed: 1, n: 4 })).to.throw(/usable source texts/);
  });
});
