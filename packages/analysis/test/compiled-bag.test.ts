import { expect } from 'chai';
import { abuseBagSpec } from '../src/abuse/features.js';
import { compileAbuseModel } from '../src/abuse/model.js';
import { normalize } from '../src/normalize/index.js';
import type { BagSpec } from '../src/learn/bag.js';
import { bagStrings, hashString, hashTable } from '../src/learn/bag.js';
import { spamBagSpec } from '../src/spam/features.js';
import type { LinearWeights } from '../src/learn/linear-model.js';
import { topContributions } from '../src/learn/linear-model.js';
import { compileSpamModel } from '../src/spam/model.js';
import type { CompiledBag } from '../src/learn/compiled-bag.js';
import { SEED_NEWS_COMMENTS, shippedAbuseModel, shippedSpamModel } from './spam-fixtures.js';

/** Texts whose words are in and out of the models' vocabularies, numbers, skipped words, masks and repeats. */
const TEXTS = [
  ...SEED_NEWS_COMMENTS,
  'Subscribe to my channel 12345 for FREE views on my new video video video',
  'you are such an idiot, f*ck off and shut up @user http://t.co/x',
  'ünïcödé wörds and 😀 emoji, 42 reasons, 7 days',
  'Qwertyzz blorptastic xylophonist zzzzz aaa bb c',
  'the the the the',
  '',
];

function compiled(): Array<{ name: string; spec: BagSpec; bag: CompiledBag; weights: LinearWeights }> {
  const spam = shippedSpamModel();
  const abuse = shippedAbuseModel();
  const s = compileSpamModel(spam);
  const a = compileAbuseModel(abuse);
  return [
    { name: 'spam', spec: spamBagSpec(spam.bag), bag: s.bag, weights: s.weights },
    { name: 'abuse', spec: abuseBagSpec(abuse.bag), bag: a.bag, weights: a.weights },
  ];
}

describe('compiled bag scoring', () => {
  for (const { name, spec, bag, weights } of compiled()) {
    const table = hashTable(weights.weights);

    it(`adds exactly the hashed weights of the named features, in their order (${name} model)`, () => {
      for (const text of TEXTS) {
        const named = bagStrings(normalize(text).tokens, spec);
        let expected = 0;
        for (const feature of named) expected += table.get(hashString(feature)) ?? 0;
        // Twice: the second time unknown words come from the recently-seen words.
        for (let pass = 0; pass < 2; pass++) {
          const result = bag.sum(normalize(text).tokens);
          expect(result.count, text).to.equal(named.length);
          expect(result.sum, text).to.equal(expected);
        }
      }
    });

  }

  it('names the same top features as ranking every named feature (abuse explanations)', () => {
    const abuse = compileAbuseModel(shippedAbuseModel());
    const spec = abuseBagSpec(shippedAbuseModel().bag);
    for (const text of TEXTS) {
      const tokens = normalize(text).tokens;
      const expected = topContributions(abuse.weights, bagStrings(tokens, spec), 12);
      expect(abuse.explainer.top(tokens, abuse.bag.sum(tokens).count, 12), text).to.deep.equal(expected);
    }
  });
});
