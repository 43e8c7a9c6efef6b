import { expect } from 'chai';
import { computeMetrics, confusionOf, parseEvalRows } from '../src/evaluate/index.js';

/** `count` copies of one (actual, predicted) pair. */
const pairs = (actual: string, predicted: string, count: number) => Array.from({ length: count }, () => ({ actual, predicted }));

describe('evaluation metrics', () => {
  it('computes binary figures for the positive class from a hand-checked confusion', () => {
    // 8 spam: 6 caught, 2 missed; 12 ham: 9 passed, 3 wrongly flagged.
    const confusion = confusionOf([...pairs('spam', 'spam', 6), ...pairs('spam', 'ham', 2), ...pairs('ham', 'ham', 9), ...pairs('ham', 'spam', 3)]);
    const m = computeMetrics(confusion, ['ham', 'spam'], 'spam');
    expect(m).to.include({ n: 20, accuracy: 0.75, precision: 0.6667, recall: 0.75, f1: 0.7059, fpr: 0.25 });
    // ham: precision 9/11, recall 9/12 → F1 0.7826; spam F1 0.7059.
    expect(m.macroRecall).to.equal(0.75);
    expect(m.macroF1).to.equal(0.7442);
    expect(m.confusion).to.deep.equal({ ham: { ham: 9, spam: 3 }, spam: { ham: 2, spam: 6 } });
  });

  it('averages recall over the classes present, as TweetEval does', () => {
    const confusion = confusionOf([
      ...pairs('negative', 'negative', 2), ...pairs('negative', 'neutral', 2),
      ...pairs('neutral', 'neutral', 3), ...pairs('neutral', 'positive', 1),
      ...pairs('positive', 'positive', 4),
    ]);
    const m = computeMetrics(confusion, ['negative', 'neutral', 'positive']);
    expect(m.macroRecall).to.equal(0.75); // (0.5 + 0.75 + 1) / 3
    expect(m.accuracy).to.equal(0.75);
    expect(m).to.not.have.property('f1');
  });

  it('parses eval JSONL and names the line and field of a bad row', () => {
    expect(parseEvalRows('spam', '{"text":"hi","label":"ham"}\n\n{"text":"buy","label":"spam"}\n')).to.have.length(2);
    expect(() => parseEvalRows('spam', '{"text":"hi","label":"ham"}\n{"text":"x","label":"junk"}')).to.throw(/line 2: field "label"/);
    expect(() => parseEvalRows('duplicates', '{"a":"x","label":"duplicate"}')).to.throw(/line 1: field "b"/);
    expect(() => parseEvalRows('toxicity', 'not json')).to.throw(/line 1: not valid JSON/);
  });
});
