import { expect } from 'chai';
import { chooseThreshold, thresholdForFpr, thresholdForRecall } from '../src/duplicates/tune.js';

/** `count` pairs whose similarities are spread evenly over [from, to]. */
function scores(count: number, from: number, to: number, duplicate: boolean) {
  return Array.from({ length: count }, (_, i) => ({ similarity: from + ((to - from) * i) / (count - 1), duplicate }));
}

describe('duplicates: threshold tuning', () => {
  const distinct = scores(1000, 0, 0.5, false);
  const duplicates = scores(1000, 0.7, 1, true);

  it('puts the false-positive bound just above the allowed share of distinct pairs', () => {
    const threshold = thresholdForFpr(distinct.map((s) => s.similarity), 0.01);
    const fpr = distinct.filter((s) => s.similarity >= threshold).length / distinct.length;
    expect(fpr).to.be.at.most(0.01);
    expect(threshold).to.be.closeTo(0.5, 0.011);
  });

  it('puts the recall bound where the wanted share of duplicates stays above it', () => {
    const threshold = thresholdForRecall(duplicates.map((s) => s.similarity), 0.99);
    expect(duplicates.filter((s) => s.similarity >= threshold).length / duplicates.length).to.be.at.least(0.99);
    expect(threshold).to.be.closeTo(0.7, 0.011);
  });

  it('chooses the middle of the gap, or the false-positive bound when the classes overlap', () => {
    const options = { maxFpr: 0.01, minRecall: 0.99, maxBackgroundPerMillion: 25 };
    expect(chooseThreshold([...distinct, ...duplicates], options)).to.be.closeTo(0.6, 0.011);
    const overlapping = scores(1000, 0.3, 1, true);
    const low = thresholdForFpr(distinct.map((s) => s.similarity), 0.01);
    expect(chooseThreshold([...distinct, ...overlapping], options)).to.equal(low);
  });
});
