import { expect } from 'chai';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { normalize } from '../src/normalize/index.js';
import { scoreSpam, trainSpamModel } from '../src/spam/index.js';
import type { SpamContext } from '../src/spam/index.js';
import type { Reason } from '../src/types.js';
import { newsArticle, titleOnly } from './news-fixtures.js';
import { SEED_NEWS_COMMENTS, shippedSpamModel, writeYoutubeDataDir } from './spam-fixtures.js';

const model = shippedSpamModel();
const noContext: SpamContext = { blockedDomains: [] };

function spam(text: string, context: SpamContext = noContext): ReturnType<typeof scoreSpam> {
  return scoreSpam(normalize(text), context, model);
}

/** The text each reason's span points at in the original comment. */
function spanned(text: string, reasons: Reason[], code: string): string[] {
  return reasons.filter((r) => r.code === code && r.span).map((r) => text.slice(r.span?.[0], r.span?.[1]));
}

describe('spam rules', () => {
  it('folds leetspeak before matching money lures, pointing at the original spelling', () => {
    const text = 'Get Fr3e M0ney today';
    const result = spam(text);
    expect(result.reasons.map((r) => r.code)).to.include('money_lure');
    expect(spanned(text, result.reasons, 'money_lure')).to.deep.equal(['Fr3e M0ney']);
  });

  it('quotes a lure as the author wrote it, currency and capitals included', () => {
    const text = 'Great article!!! Make $5000 a week from home';
    const lure = spam(text).reasons.find((r) => r.code === 'money_lure');
    expect(lure?.message).to.equal('offers money, prizes or earnings: "Make $5000"');
    expect(spanned(text, [lure!], 'money_lure')).to.deep.equal(['Make $5000']);
  });

  it('recognises shortened links, including bare ones without http', () => {
    const text = 'great stuff here bit.ly/3xYz and more';
    const result = spam(text);
    expect(spanned(text, result.reasons, 'shortener')).to.deep.equal(['bit.ly/3xYz']);
    expect(result.domains).to.deep.equal(['bit.ly']);
  });

  it('points each repeated link at its own place, even where an entity changed how the text splits', () => {
    const text = 'a&nbsp;b see bit.ly/x and bit.ly/x again';
    const spans = spam(text).reasons.filter((r) => r.code === 'shortener').map((r) => r.span);
    const first = text.indexOf('bit.ly/x');
    const second = text.indexOf('bit.ly/x', first + 1);
    expect(spans).to.deep.equal([[first, first + 8], [second, second + 8]]);
  });

  it('gives no span rather than a wrong one where lower-casing changes the length of the text', () => {
    const text = 'İİ&nbsp;see bit.ly/x and bit.ly/x again';
    for (const r of spam(text).reasons.filter((r) => r.code === 'shortener')) {
      if (r.span) expect(text.slice(...r.span)).to.equal('bit.ly/x');
    }
  });

  it('parses www. and bare domains but not abbreviations or joined sentences', () => {
    expect(spam('see www.example-shop.com for details').domains).to.deep.equal(['example-shop.com']);
    expect(spam('It ended.Next time, e.g. on 3.5 days, i.e. soon').domains).to.deep.equal([]);
  });

  it("scores a link to a publisher's blocked domain as spam with that reason", () => {
    const text = 'Read this https://www.cheap-pills.com/offer now';
    const result = spam(text, { blockedDomains: ['cheap-pills.com'] });
    expect(result.score).to.be.at.least(0.99);
    expect(spanned(text, result.reasons, 'blocked_domain')).to.deep.equal(['https://www.cheap-pills.com/offer']);
    expect(spam(text).reasons.map((r) => r.code)).not.to.include('blocked_domain');
  });

  it('finds e-mail addresses, phone numbers and requests to be contacted privately', () => {
    const text = 'Write to me at jane.doe@mailbox.org or call +1 555 123 4567';
    expect(spanned(text, spam(text).reasons, 'contact_details')).to.deep.equal(['jane.doe@mailbox.org', '+1 555 123 4567']);
    expect(spam('Message me on WhatsApp for details').reasons.map((r) => r.code)).to.include('contact_details');
    expect(spam('The treaty was signed in 1994, 2001 and 2019.').reasons).to.deep.equal([]);
  });

  it('flags shouting over the run of capitals, and emoji floods', () => {
    const text = 'this is it: BUY NOW BEFORE IT IS GONE FOREVER';
    expect(spanned(text, spam(text).reasons, 'shouting')).to.deep.equal(['BUY NOW BEFORE IT IS GONE FOREVER']);
    const emoji = 'wow 🔥🔥💰💰🤑🤑🚀 amazing';
    expect(spanned(emoji, spam(emoji).reasons, 'emoji_flood')).to.deep.equal(['🔥🔥💰💰🤑🤑🚀']);
    expect(spam('Great to see them talking 🙂').reasons).to.deep.equal([]);
  });

  it('calls out self-promotion and scores it as spam under the shipped threshold', () => {
    const text = 'Nice one! Check out my channel and subscribe to me';
    const result = spam(text);
    expect(result.reasons.map((r) => r.code)).to.include('self_promotion');
    expect(result.score).to.be.at.least(model.threshold);
  });

  it('marks comments that share no topic word with the article as off topic, only when its body is known', () => {
    const article = newsArticle();
    const text = 'My grandmother bakes wonderful apple pies every autumn using fruit from her orchard garden';
    expect(spam(text, { article, blockedDomains: [] }).reasons.map((r) => r.code)).to.deep.equal(['off_topic']);
    expect(spam(text, { article: titleOnly(article), blockedDomains: [] }).reasons).to.deep.equal([]);
    expect(spam(text).reasons).to.deep.equal([]);
    const onTopic = 'The council should keep the branch libraries open and find the savings elsewhere in the budget';
    expect(spam(onTopic, { article, blockedDomains: [] }).reasons).to.deep.equal([]);
  });

  it('adds weight for being off topic only beside a spam sign', () => {
    const article = newsArticle();
    const digression = 'My grandmother bakes wonderful apple pies every autumn using fruit from her orchard garden';
    expect(spam(digression, { article, blockedDomains: [] }).score).to.equal(spam(digression).score);
    const promotion = 'Grandma bakes the best apple pies and cheesecakes, see bit.ly/pies4u';
    expect(spam(promotion, { article, blockedDomains: [] }).score).to.be.above(spam(promotion).score);
  });
});

describe('spam classifier (shipped model)', () => {
  it('keeps the seed news comments well below the spam threshold', () => {
    for (const comment of SEED_NEWS_COMMENTS) expect(spam(comment).score, comment).to.be.below(model.threshold * 0.8);
  });

  it('does not count a citation of a government or encyclopedia page as promotion', () => {
    const result = spam('The full ruling is at www.supremecourt.gov/opinions if you want to read it.');
    expect(result.score).to.be.below(model.threshold);
    expect(result.reasons.find((r) => r.code === 'link')?.weight).to.equal(0);
  });

  it('scores typical comment spam above the threshold', () => {
    for (const text of ['Subscribe to my channel for free iPhone giveaway!! bit.ly/win', 'Make money from home $500 a day, WhatsApp me now']) {
      expect(spam(text).score, text).to.be.at.least(model.threshold);
    }
  });
});

describe('trainSpamModel', () => {
  it('gives byte-identical models on the same data', () => {
    const dataDir = writeYoutubeDataDir();
    try {
      const first = JSON.stringify(trainSpamModel(dataDir));
      expect(JSON.stringify(trainSpamModel(dataDir))).to.equal(first);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('names the missing file when the data is not there', () => {
    const dataDir = writeYoutubeDataDir();
    try {
      expect(() => trainSpamModel(join(dataDir, 'nowhere'))).to.throw(/Youtube01-Psy\.csv/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
