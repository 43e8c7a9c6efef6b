import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_MODELS_DIR } from '../src/models.js';
import { normalize } from '../src/normalize/index.js';
import { AFTER_CONTRAST_WEIGHT, BEFORE_CONTRAST_WEIGHT, EMOTICONS, NEGATION_FACTOR } from '../src/sentiment/cues.js';
import { analyzeSentences } from '../src/sentiment/features.js';
import { compile } from '../src/sentiment/model.js';
import { CLAUSE, EMOJI, EMOTICON, END, STOP, TokenScanner, WORD } from '../src/sentiment/scan.js';
import { scoreSentiment, type SentimentModel } from '../src/sentiment/index.js';
import { predictScore } from '../src/sentiment/train.js';

const model = JSON.parse(readFileSync(join(DEFAULT_MODELS_DIR, 'sentiment.json'), 'utf8')) as SentimentModel;

/** The tokenizer as one plain global regex: the definition the char-code scanner must reproduce. */
function referenceTokens(text: string): string[] {
  const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const emoticons = [...EMOTICONS.keys()].sort((a, b) => b.length - a.length).map(escape).join('|');
  const scan = new RegExp(
    String.raw`(?<=^|\s)(${emoticons})(?=$|[\s.,!?])|([\p{L}\p{N}]+(?:['*]+[\p{L}\p{N}]+)*)|` +
      String.raw`(\p{Extended_Pictographic})|([.!?\n]+)|([,;:()"\u2014\u2013]| - )`,
    'gu',
  );
  const kinds = [EMOTICON, WORD, EMOJI, STOP, CLAUSE];
  return [...text.matchAll(scan)].map((m) => `${kinds[m.slice(1).findIndex((g) => g !== undefined)]}:${m.index}:${m[0]}`);
}

function scannerTokens(text: string): string[] {
  const scanner = new TokenScanner(text);
  const tokens: string[] = [];
  for (let kind = scanner.next(); kind !== END; kind = scanner.next()) {
    tokens.push(`${kind}:${scanner.start}:${text.slice(scanner.start, scanner.end)}`);
  }
  return tokens;
}

const TRICKY = [
  'i love it :) really :-) xd. d: =d', 'no:)x :)! (: <3 </3 >:( t_t -_- ^_^', 'a - b -- c — d – e',
  "don't can't rock'n'roll sh*t a**hole it's'", 'café naïve über straße', 'good 😂😂 bad 👍🏽 ok 🙏',
  '\u00a0:)\u00a0 x\u2003:(\u2003', "it''s o'\u00e9t", 'wow!!! really?! no... yes?', '"quoted" (paren) semi; colon:',
  '𝒻𝒶𝓃𝒸𝓎 text 𝟙𝟚𝟛', 'ελληνικά και русский текст', '', '   ', ':):):)', ':d\n:(\n',
];

describe('sentiment scan', () => {
  it('gives the same tokens as the plain regex, ASCII or not', () => {
    for (const text of TRICKY) expect(scannerTokens(text), text).to.deep.equal(referenceTokens(text));
  });

  it('scores with the same numbers as the training path (vectorize + softmax)', () => {
    const weights = compile(model);
    for (const text of [...TRICKY, 'The plot was awful but the acting was great. Not bad at all!', '@user #win great day']) {
      const normalized = normalize(text);
      const expected = Math.round(predictScore(weights, analyzeSentences(normalized)) * 1e4) / 1e4;
      expect(scoreSentiment(normalized, model).score, text).to.equal(expected);
    }
  });

  it('counts domain cues: @mentions and #hashtags, capitalized words, words with digits', () => {
    const [s] = analyzeSentences(normalize('@user Saw Blue Rodeo at #Bala on May 19th with 2 friends'));
    expect(s?.tagged).to.equal(2);
    expect(s?.capitalized).to.equal(5);
    expect(s?.numeric).to.equal(2);
  });

  it('sums VADER lexicon ratings, slang AFINN lacks included, under negation and "but"', () => {
    const vader = (text: string): number => analyzeSentences(normalize(text)).reduce((sum, s) => sum + s.vader, 0);
    expect(vader('smh')).to.be.closeTo(-1.3, 1e-9);
    expect(vader('yay')).to.be.closeTo(2.4, 1e-9);
    expect(vader('not yay')).to.be.closeTo(2.4 * NEGATION_FACTOR, 1e-9);
    expect(vader('yay but smh')).to.be.closeTo(2.4 * BEFORE_CONTRAST_WEIGHT - 1.3 * AFTER_CONTRAST_WEIGHT, 1e-9);
    expect(vader('the meeting is on tuesday')).to.equal(0);
  });
});
