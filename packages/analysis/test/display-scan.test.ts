import { expect } from 'chai';
import { scanDisplay } from '../src/spam/display-scan.js';
import { CHAR_FLOOD, EMAIL } from '../src/spam/patterns.js';

const MAYBE_LINK = /[\p{L}\p{N}]\.[\p{L}\p{N}]|\bdot\b/iu;
const NON_ASCII = /[^\t\n\r\x20-\x7e]/;

/** Pieces that make the link, flood, e-mail and non-ASCII patterns match or nearly match. */
const PIECES = [
  'a.b', 'end. Next', 'x.', '.y', 'é.x', '1.5', 'site dot com', 'DoT', 'dots', '😀😀😀😀😀', '😀😀😀😀', 'aaaaa', 'aaaa',
  '!!!!!!', '?!.?!', '.....', '11111', 'me@x.io', '@', '@user', 'a@', '@b', 'x.@-y.com', 'é@ü.de', '%@1.co', 'ÉCOLE', 'Ωmega', '\u0345.x', '\u007f', '\t\n', 'word', ' ',
];

function random(seed: number): () => number {
  let state = seed;
  return () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 4294967296);
}

describe('display scan', () => {
  it('never rules out a link, flood, e-mail or non-ASCII character that the patterns find', () => {
    const next = random(3);
    for (let i = 0; i < 4000; i++) {
      const parts: string[] = [];
      for (let k = 0; k < 1 + Math.floor(next() * 4); k++) parts.push(PIECES[Math.floor(next() * PIECES.length)] ?? '');
      const text = parts.join(next() < 0.5 ? ' ' : '');
      const scan = scanDisplay(text);
      CHAR_FLOOD.lastIndex = 0;
      EMAIL.lastIndex = 0;
      if (MAYBE_LINK.test(text)) expect(scan.mayLink, text).to.equal(true);
      if (CHAR_FLOOD.test(text)) expect(scan.mayFlood, text).to.equal(true);
      if (EMAIL.test(text)) expect(scan.mayEmail, text).to.equal(true);
      expect(scan.nonAscii, text).to.equal(NON_ASCII.test(text));
    }
  });

  it('counts letters and capitals, non-Latin ones included', () => {
    expect(scanDisplay('ÉCOLE ok 42')).to.include({ letters: 7, upper: 5, digits: 2 });
  });
});
