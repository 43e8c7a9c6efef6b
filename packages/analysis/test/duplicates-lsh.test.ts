import { expect } from 'chai';
import { LshIndex } from '../src/duplicates/index.js';
import { fingerprintOf, randomComment } from './duplicates-fixtures.js';

describe('duplicates: LshIndex', () => {
  const index = new LshIndex();
  for (let i = 0; i < 2000; i++) index.add(`c-${i}`, fingerprintOf(randomComment(i + 100)));

  it('surfaces a stored comment for its near copy, and nothing unrelated', () => {
    const words = randomComment(500_000).split(' ');
    index.add('original', fingerprintOf(words.join(' ')));
    words[5] = 'changed';
    expect(index.query(fingerprintOf(words.join(' ')))).to.deep.equal(['original']);
  });

  it('surfaces exact copies of short comments through the exact key', () => {
    index.add('short-1', fingerprintOf('Great article!'));
    expect(index.query(fingerprintOf('great ARTICLE'))).to.deep.equal(['short-1']);
  });

  it('returns nothing for a new unrelated comment', () => {
    expect(index.query(fingerprintOf(randomComment(99_999)))).to.deep.equal([]);
    expect(index.size).to.equal(2002);
  });
});
