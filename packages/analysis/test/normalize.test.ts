import { expect } from 'chai';
import { normalize } from '../src/normalize/index.js';

/** Where each token of `text` sits in the original, as the highlighted substrings. */
function tokenSources(text: string): string[] {
  const n = normalize(text);
  return (n.tokenSpans ?? []).map(([start, end]) => text.slice(start, end));
}

describe('normalize', () => {
  it('keeps the original text and a clean display form with case', () => {
    const n = normalize('  Great   point,\u200b&amp; well   said!  ');
    expect(n.original).to.equal('  Great   point,\u200b&amp; well   said!  ');
    expect(n.display).to.equal('Great point,& well said!');
  });

  it('folds leetspeak inside words that mix letters and digits', () => {
    expect(normalize('fr3e m0ney').folded).to.equal('free money');
    expect(normalize('l00k at th1s 4w3s0m3 d34l').tokens).to.deep.equal(['look', 'at', 'this', 'awesome', 'deal']);
    expect(normalize('$hit and sh!t').tokens).to.deep.equal(['shit', 'and', 'shit']);
  });

  it('leaves numbers, prices, ordinals and model names alone', () => {
    expect(normalize('In 2025 it cost $100, open 24/7').folded).to.equal('in 2025 it cost $100, open 24/7');
    expect(normalize('covid19 win10 mp3 ps5 1st 10k 5pm').tokens).to.deep.equal(
      ['covid19', 'win10', 'mp3', 'ps5', '1st', '10k', '5pm'],
    );
  });

  it('does not read sentence punctuation as leetspeak', () => {
    expect(normalize('Wow! Really!').folded).to.equal('wow! really!');
  });

  it('removes zero-width and control characters that split words', () => {
    expect(normalize('f\u200bre\u200de mo\u00adney\u0007').tokens).to.deep.equal(['free', 'money']);
  });

  it('decodes named and numeric HTML entities once', () => {
    expect(normalize('Tom &amp; Jerry &lt;3 &#233;t&#xE9; &amp;lt;').display).to.equal('Tom & Jerry <3 été &lt;');
  });

  it('decodes literal \\u escapes left by double JSON encoding, keeping other backslashes', () => {
    const text = normalize(String.raw`Don\u2019t go\u002c it\u2019s bad \ud83d\ude20 C:\users \u0007 \ud83d`);
    expect(text.display).to.equal(String.raw`Don’t go, it’s bad 😠 C:\users \u0007 \ud83d`);
    expect(text.tokens.slice(0, 4)).to.deep.equal(["don't", 'go', "it's", 'bad']);
    const original = String.raw`a\u2019b`;
    const span = normalize(original).tokenSpans?.[0];
    expect(span && original.slice(span[0], span[1])).to.equal(original);
  });

  it('folds fullwidth and mathematical letters through NFKC, and Cyrillic look-alikes in Latin words', () => {
    expect(normalize('ｆｒｅｅ 𝐦𝐨𝐧𝐞𝐲').tokens).to.deep.equal(['free', 'money']);
    expect(normalize('frее mоnеy').tokens).to.deep.equal(['free', 'money']);
  });

  it('keeps real Russian and Greek words as they are', () => {
    expect(normalize('Привет мир').tokens).to.deep.equal(['привет', 'мир']);
    expect(normalize('Καλημέρα κόσμε').tokens).to.deep.equal(['καλημέρα', 'κόσμε']);
  });

  it('strips Latin diacritics and folds typographic apostrophes for matching', () => {
    expect(normalize('Café naïve don’t').tokens).to.deep.equal(['cafe', 'naive', "don't"]);
  });

  it('collapses three or more repeats to two, keeping real double letters', () => {
    expect(normalize('Sooooo gooood!!!!! cool').folded).to.equal('soo good!! cool');
  });

  it('keeps links and mentions intact in the folded text', () => {
    expect(normalize('Visit http://bit.ly/Ab3x or www.EXAMPLE.com @User1').folded).to.equal(
      'visit http://bit.ly/ab3x or www.example.com @user1',
    );
  });

  it('keeps emoji sequences joined by ZWJ in the display form', () => {
    const family = '\u{1F468}\u200d\u{1F469}\u200d\u{1F467}';
    expect(normalize(`family ${family}`).display).to.equal(`family ${family}`);
  });

  it('maps every token back to its span in the original text', () => {
    expect(tokenSources('Fr3e &amp; m\u200b0ney, Sooooo GOOD')).to.deep.equal(['Fr3e', 'm\u200b0ney', 'Sooooo', 'GOOD']);
  });

  it('maps tokens back when plain words, leetspeak, links, shouting and emoji share one comment', () => {
    const text = 'Plain words, then fr3e and www.Shop.com and GOOOOD 😂 stuff';
    expect(normalize(text).folded).to.equal('plain words, then free and www.shop.com and good 😂 stuff');
    expect(tokenSources(text)).to.deep.equal(
      ['Plain', 'words', 'then', 'fr3e', 'and', 'www', 'Shop', 'com', 'and', 'GOOOOD', 'stuff'],
    );
  });

  it('keeps stray surrogate halves as they are without joining the words around them', () => {
    const text = 'a\ud800b \udc00c';
    expect(normalize(text)).to.include({ display: text, folded: text });
    expect(normalize(text).tokens).to.deep.equal(['a', 'b', 'c']);
  });

  it('handles empty and whitespace-only input', () => {
    expect(normalize('')).to.include({ display: '', folded: '' });
    expect(normalize(' \n\t ').tokens).to.deep.equal([]);
  });
});
