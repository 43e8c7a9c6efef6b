import { expect } from 'chai';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { scoreAbuse, trainAbuseModel } from '../src/abuse/index.js';
import { normalize } from '../src/normalize/index.js';
import type { AbuseResult } from '../src/types.js';
import { SEED_NEWS_COMMENTS, shippedAbuseModel, writeOffensiveDataDir } from './spam-fixtures.js';

const model = shippedAbuseModel();

/** Harsh reviews of films and policies with no insult aimed at a person: negative is not toxic. */
const PLAIN_CRITICISM = [
  'Unfortunately, this is a bad movie that is just plain bad.',
  'What a disappointing film. The script is weak, the pacing is slow and the ending makes no sense.',
  'I found the sequel dull and overlong. The jokes fall flat and the story is a mess.',
  'Terrible plan, awful execution, and the worst reporting I have read this year.',
  'The new tax plan is badly designed. It punishes savers and rewards nobody. I cannot support it.',
  'This bill is a bad idea. It is expensive, it is unfair to renters, and it will not work.',
  "The minister's plan is a failure. Prices are up, wages are down, and nothing has improved.",
  'The reform is wrong-headed and poorly explained. Voters deserve better than this.',
];

function abuse(text: string): AbuseResult {
  return scoreAbuse(normalize(text), model);
}

/** [category, spanned original text] of each matched span. */
function spans(text: string): Array<[string, string]> {
  return abuse(text).spans.map((s) => [s.category, text.slice(s.start, s.end)]);
}

describe('abuse', () => {
  it('catches an insult with its span and category', () => {
    const text = 'Honestly you are a complete IDIOT.';
    const result = abuse(text);
    expect(spans(text)).to.deep.include(['insult', 'IDIOT']);
    expect(result.categories.insult).to.be.greaterThan(0);
    expect(result.score).to.be.at.least(model.threshold);
  });

  it('treats threats as abusive whatever the classifier says, spanning the threat', () => {
    const text = 'Keep talking and I will kill you';
    const result = abuse(text);
    expect(spans(text)).to.deep.equal([['threat', 'I will kill you']]);
    expect(result.score).to.be.at.least(0.9);
    expect(spans('People like you should be shot')).to.deep.include(['threat', 'you should be shot']);
  });

  it('catches leetspeak and masked profanity, pointing at the original spelling', () => {
    expect(spans('this is sh1t')).to.deep.equal([['profanity', 'sh1t']]);
    expect(spans('what the f*ck is this')).to.deep.equal([['profanity', 'f*ck']]);
    expect(spans('such a B!tch')).to.deep.include(['profanity', 'B!tch']);
    expect(spans('fuuuuck off')[0]).to.deep.equal(['profanity', 'fuuuuck']);
  });

  it('reads doubled letters as single ones, unless the word as written is an allowed one', () => {
    expect(spans('what an iddiot')).to.deep.equal([['insult', 'iddiot']]);
    expect(spans('shiitake risotto')).to.deep.equal([]);
  });

  it('explains a score the classifier alone raised with the words it weighed most, never with function words', () => {
    const text = 'She is such a drama queen, whining about her followers all day.';
    // Measured against a stricter copy of the model, so the fixture does not depend on the shipped threshold.
    const strict = { ...model, threshold: 0.2 };
    const result = scoreAbuse(normalize(text), strict);
    if (result.score < strict.threshold) throw new Error(`fixture no longer scores above ${strict.threshold}: ${result.score}`);
    const reason = result.reasons.find((r) => r.code === 'classifier');
    expect(reason?.message).to.match(/^worded like offensive comments: "/);
    const named = [...(reason?.message ?? '').matchAll(/"([^"]+)"/g)].map((m) => m[1] ?? '');
    expect(named.length).to.be.above(0);
    for (const word of named) {
      expect(word.length, word).to.be.at.least(3);
      for (const part of word.split(' ')) expect(['is', 'such', 'a', 'about', 'her', 'she', 'all'], word).to.not.include(part);
    }
  });

  it('does not count harsh words said of a decision, a policy or an institution, but does when said of a person', () => {
    for (const text of ['The council made a stupid decision.', 'This government is a disgrace.', 'What a pathetic, useless ministry.']) {
      const result = abuse(text);
      expect(result.spans, text).to.deep.equal([]);
      expect(result.score, text).to.be.below(model.threshold);
    }
    for (const text of ['You made a stupid decision, you idiot.', 'The minister is a disgrace and a liar.', 'What a pathetic, useless man.']) {
      expect(abuse(text).score, text).to.be.at.least(model.threshold);
    }
  });

  it('names attacks on groups as identity attacks', () => {
    const text = 'all immigrants are vermin';
    expect(spans(text)).to.deep.include(['identity_attack', 'all immigrants are vermin']);
    expect(abuse(text).score).to.be.at.least(0.9);
  });

  it('does not match words that merely contain a listed one (Scunthorpe problem)', () => {
    for (const text of ['Scunthorpe United won', 'The assessment was a classic of its kind', 'a cocktail in the cockpit', 'Dickens wrote about class']) {
      expect(abuse(text).spans, text).to.deep.equal([]);
      expect(abuse(text).score, text).to.be.below(model.threshold);
    }
  });

  it('does not flag plain negative criticism of a film or a policy at the shipped threshold', () => {
    for (const text of PLAIN_CRITICISM) expect(abuse(text).score, text).to.be.below(model.threshold);
  });

  it('leaves the seed news comments unflagged and unmarked', () => {
    for (const comment of SEED_NEWS_COMMENTS) {
      const result = abuse(comment);
      expect(result.score, comment).to.be.below(model.threshold);
      expect(result.spans, comment).to.deep.equal([]);
    }
  });
});

describe('trainAbuseModel', () => {
  it('gives byte-identical models on the same data', () => {
    const dataDir = writeOffensiveDataDir();
    try {
      const first = JSON.stringify(trainAbuseModel(dataDir));
      expect(JSON.stringify(trainAbuseModel(dataDir))).to.equal(first);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('names the missing file when the data is not there', () => {
    const dataDir = writeOffensiveDataDir();
    try {
      expect(() => trainAbuseModel(join(dataDir, 'nowhere'))).to.throw(/train_text\.txt/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
