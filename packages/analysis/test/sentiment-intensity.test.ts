import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_MODELS_DIR } from '../src/models.js';
import { normalize } from '../src/normalize/index.js';
import { scoreSentiment, type SentimentModel } from '../src/sentiment/index.js';
import { compile } from '../src/sentiment/model.js';
import { intensityLogit, intensityTarget, trainIntensity, type IntensityExample } from '../src/sentiment/intensity.js';

const model = JSON.parse(readFileSync(join(DEFAULT_MODELS_DIR, 'sentiment.json'), 'utf8')) as SentimentModel;
const score = (text: string): number => scoreSentiment(normalize(text), model).score;

/** One feature per word: 0 "awful", 1 "bad", 2 "fine", 3 "good", 4 "superb". */
function example(word: number, target: number): IntensityExample {
  return { vector: { indices: [word], values: [1] }, target, weight: 1 };
}

describe('sentiment intensity', () => {
  it('turns VADER ratings into targets in [-1, 1] and labels into -1, 0 and 1', () => {
    expect(intensityTarget({ text: 'x', label: 'positive', source: 'vader-tweets', rating: 1.5 })).to.equal(0.5);
    expect(intensityTarget({ text: 'x', label: 'negative', source: 'vader-nyt', rating: -3.6 })).to.equal(-1);
    expect(intensityTarget({ text: 'x', label: 'neutral', source: 'tweeteval' })).to.equal(0);
    expect(intensityTarget({ text: 'x', label: 'negative', source: 'uci-yelp' })).to.equal(-1);
  });

  it('learns how strong each word is, not only its direction, and the same data gives the same weights', () => {
    const rows = [example(0, -0.9), example(1, -0.4), example(2, 0.1), example(3, 0.5), example(4, 0.95)];
    const data = Array.from({ length: 40 }, () => rows).flat();
    const options = { epochs: 30, learningRate: 0.2, l2: 0, seed: 7, seeds: 2 };
    const trained = trainIntensity(data, 5, options);
    const outputs = [0, 1, 2, 3, 4].map((w) => Math.tanh(intensityLogit(trained, { indices: [w], values: [1] })));
    expect([...outputs].sort((a, b) => a - b)).to.deep.equal(outputs);
    outputs.forEach((y, w) => expect(y).to.be.closeTo(rows[w]?.target ?? 0, 0.1));
    expect(trainIntensity(data, 5, options).weights).to.deep.equal(trained.weights);
  });

  it('scores emphatic praise and abuse further from zero than mild wording (shipped model)', () => {
    expect(score('This is absolutely wonderful, the best news all year!')).to.be.greaterThan(score('This is nice.'));
    expect(score('This is a disgusting, horrible, shameful decision.')).to.be.lessThan(score('This is a poor decision.'));
  });

  it('refuses a model file without matching intensity weights, naming the model', () => {
    const { intensity: _dropped, ...older } = model;
    expect(() => compile(older as SentimentModel)).to.throw(/sentiment model sentiment-[^:]+: intensity weights do not match/);
  });

  it('refuses a model file trained on another list of lexicon features, naming what it lacks', () => {
    const older = { ...model, dense: model.dense.filter((name) => name !== 'vader') };
    expect(() => compile(older)).to.throw(/sentiment model sentiment-[^:]+: trained on other lexicon features .*\(missing: vader\); retrain/);
  });
});
