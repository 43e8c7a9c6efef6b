import { expect } from 'chai';
import type { TrainingExample, TrainOptions } from '../src/learn/linear-model.js';
import { linearMargin, trainLinearModel } from '../src/learn/linear-model.js';

/** Documents built from named features: "shared" in every one, "rude" only in positives, "kind" only in negatives. */
function examples(): TrainingExample[] {
  const rows: TrainingExample[] = [];
  for (let i = 0; i < 30; i++) rows.push({ features: ['w:shared', 'w:rude', `w:pos${i % 4}`], label: 1 });
  for (let i = 0; i < 10; i++) rows.push({ features: ['w:shared', 'w:kind', `w:neg${i % 4}`], label: 0 });
  return rows;
}

const OPTIONS: TrainOptions = { l2: 1e-3, minDocFrequency: 1, maxFeatures: 1000, iterations: 200 };

describe('trainLinearModel with naiveBayesScaling', () => {
  it('gives no weight to a feature both classes hold equally, and keeps the telling ones', () => {
    const model = trainLinearModel(examples(), { ...OPTIONS, naiveBayesScaling: true });
    expect(model.weights.get('w:shared')).to.equal(0);
    expect(model.weights.get('w:rude')).to.be.above(0);
    expect(model.weights.get('w:kind')).to.be.below(0);
  });

  it('saves weights that score plain, unscaled features', () => {
    const model = trainLinearModel(examples(), { ...OPTIONS, naiveBayesScaling: true });
    expect(linearMargin(model, ['w:shared', 'w:rude', 'w:pos0'])).to.be.above(0);
    expect(linearMargin(model, ['w:shared', 'w:kind', 'w:neg0'])).to.be.below(0);
  });

  it('leaves the weights as they were when not asked for', () => {
    const plain = trainLinearModel(examples(), OPTIONS);
    const unscaled = trainLinearModel(examples(), { ...OPTIONS, naiveBayesScaling: false });
    const scaled = trainLinearModel(examples(), { ...OPTIONS, naiveBayesScaling: true });
    expect([...unscaled.weights]).to.deep.equal([...plain.weights]);
    expect(plain.weights.get('w:shared')).to.not.equal(0);
    expect(plain.weights.get('w:rude')).to.not.equal(scaled.weights.get('w:rude'));
  });
});
