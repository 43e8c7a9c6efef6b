import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_MODELS_DIR } from '../src/models.js';
import { normalize } from '../src/normalize/index.js';
import { defaultPolicy } from '../src/policy/index.js';
import { scoreSentiment, type SentimentModel } from '../src/sentiment/index.js';

const model = JSON.parse(readFileSync(join(DEFAULT_MODELS_DIR, 'sentiment.json'), 'utf8')) as SentimentModel;
const SEED_ARTICLE = new URL('../../../shared/fixtures/seed-article.json', import.meta.url);

const sentiment = (text: string) => scoreSentiment(normalize(text), model);
const score = (text: string) => sentiment(text).score;

describe('sentiment (shipped model)', () => {
  it('labels clear cases and keeps scores in [-1, 1]', () => {
    expect(sentiment('I love this, what a wonderful and thoughtful article!').label).to.equal('positive');
    expect(sentiment('This is awful, a terrible and dishonest piece of reporting.').label).to.equal('negative');
    for (const text of ['love love love', 'hate hate hate', '']) {
      expect(Math.abs(score(text))).to.be.at.most(1);
    }
  });

  it('flips and damps sentiment under negation', () => {
    expect(score('This plan is good.')).to.be.above(0);
    expect(score('This plan is not good.')).to.be.below(score('This plan is good.'));
    expect(score('This plan is not good.')).to.be.below(0);
    expect(score("Honestly, it isn't bad at all.")).to.be.above(score('Honestly, it is bad.'));
  });

  it('weights the clause after "but" more than the one before', () => {
    const praiseLast = score('The plot was awful but the acting was great.');
    const praiseFirst = score('The acting was great but the plot was awful.');
    expect(praiseFirst).to.be.below(0);
    expect(praiseLast - praiseFirst).to.be.above(0.5);
    expect(score('The plot was bad but the acting was wonderful.')).to.be.above(score('The plot was bad.') + 0.5);
  });

  it('reads intensifiers as stronger', () => {
    expect(score('The food was extremely good.')).to.be.above(score('The food was slightly good.'));
  });

  it('reads emoji and emoticons', () => {
    expect(score('Just saw the news 😍😍')).to.be.above(score('Just saw the news'));
    expect(score('Just saw the news :(')).to.be.below(score('Just saw the news'));
    expect(sentiment('Just saw the news :(').drivers.map((d) => d.token)).to.include(':(');
  });

  it('names a negated word with its negator, so the reason reads the way the word counted', () => {
    const result = sentiment('The service was not good and the staff did not help.');
    const tokens = result.drivers.map((d) => d.token);
    expect(tokens).to.include.members(['not good', 'not help']);
    expect(tokens).to.not.include('good');
    expect(result.drivers.find((d) => d.token === 'not good')?.weight).to.be.below(0);
  });

  it('reads leetspeak and elongation through the normalizer', () => {
    expect(score('this is sooooo gr8 and aw3some')).to.be.above(0.2);
  });

  it('scores each sentence and names the words that drove the result', () => {
    const result = sentiment('What a disaster. Still, the mediators did a great job!');
    expect(result.sentences.map((s) => s.text)).to.deep.equal(['What a disaster', 'Still, the mediators did a great job']);
    expect(result.sentences[0]?.score).to.be.below(0);
    expect(result.sentences[1]?.score).to.be.above(0);
    expect(result.drivers.map((d) => d.token)).to.include.members(['disaster', 'great']);
  });

  it('keeps every seed news comment, civil disagreement included, above the negative flag level', () => {
    const seed = JSON.parse(readFileSync(SEED_ARTICLE, 'utf8')) as { comments: Array<{ text: string }> };
    expect(seed.comments).to.have.length.above(0);
    for (const { text } of seed.comments) expect(score(text), text).to.be.above(defaultPolicy.negative.flag);
  });

  it('gives a reason naming the words when the label is not neutral', () => {
    const result = sentiment('A horrible, disgusting decision.');
    expect(result.reasons[0]?.code).to.equal('sentiment.negative');
    expect(result.reasons[0]?.message).to.match(/horrible|disgusting/);
  });
});
