import { expect } from 'chai';
// The page's own module, as the browser runs it: it touches no DOM, so Node imports it as it is.
import { EXCERPT_LENGTH, excerpt, segmentsOf, spanWithin } from '../public/js/spans.js';

interface Pointer {
  name: string;
  span?: unknown;
}

/** The pieces as a moderator would read them: each piece's text and the names of the reasons marking it. */
function pieces(text: string, pointers: Pointer[]): Array<[string, ...string[]]> {
  return segmentsOf(text, pointers).map((segment) => [segment.text, ...segment.covering.map((pointer) => pointer.name)]);
}

describe('moderator web: where reasons point in a comment', () => {
  describe('segmentsOf', () => {
    it('marks separate spans and leaves the text around them unmarked', () => {
      expect(pieces('you idiot, you moron!', [{ name: 'idiot', span: [4, 9] }, { name: 'moron', span: [15, 20] }])).to.deep.equal([
        ['you '], ['idiot', 'idiot'], [', you '], ['moron', 'moron'], ['!'],
      ]);
    });

    it('marks each piece of overlapping spans with every reason covering it', () => {
      expect(pieces('abcdef', [{ name: 'first', span: [0, 4] }, { name: 'second', span: [2, 6] }])).to.deep.equal([
        ['ab', 'first'], ['cd', 'first', 'second'], ['ef', 'second'],
      ]);
    });

    it('marks a word inside a flagged phrase with both, in the order the reasons came', () => {
      const text = 'You are an idiot.';
      expect(pieces(text, [{ name: 'idiot', span: [11, 16] }, { name: 'you are an idiot', span: [0, 16] }])).to.deep.equal([
        ['You are an ', 'you are an idiot'], ['idiot', 'idiot', 'you are an idiot'], ['.'],
      ]);
    });

    it('keeps adjacent spans apart, and equal spans together', () => {
      expect(pieces('foobar', [{ name: 'foo', span: [0, 3] }, { name: 'bar', span: [3, 6] }, { name: 'bar again', span: [3, 6] }])).to.deep.equal([
        ['foo', 'foo'], ['bar', 'bar', 'bar again'],
      ]);
    });

    it('ignores spans that are out of range, reversed, empty or not spans at all, and never throws', () => {
      const unusable: unknown[] = [
        [-1, 2], [3, 99], [4, 2], [3, 3], [1.5, 3], ['0', '3'], [0], [0, 1, 2], [Number.NaN, 2], [0, Infinity], null, 'x', { 0: 0, 1: 2 },
      ];
      const pointers: Pointer[] = [{ name: 'missing' }, ...unusable.map((span) => ({ name: JSON.stringify(span), span })), { name: 'good', span: [0, 3] }];
      expect(pieces('hello', pointers)).to.deep.equal([['hel', 'good'], ['lo']]);
    });

    it('counts UTF-16 units, as the analysis does: emoji before a span take two each', () => {
      const text = '😀😀 You are an idiot.';
      expect(text.indexOf('idiot')).to.equal(16);
      expect(pieces(text, [{ name: 'insult', span: [16, 21] }])).to.deep.equal([['😀😀 You are an '], ['idiot', 'insult'], ['.']]);
    });

    it('widens a span that cuts an emoji in half to the whole emoji', () => {
      // '😀' is the two units [1, 3).
      expect(pieces('a😀b', [{ name: 'ends inside', span: [0, 2] }])).to.deep.equal([['a😀', 'ends inside'], ['b']]);
      expect(pieces('a😀b', [{ name: 'starts inside', span: [2, 4] }])).to.deep.equal([['a'], ['😀b', 'starts inside']]);
    });

    it('returns the whole text as one piece when nothing points into it, and nothing for no text', () => {
      expect(pieces('<b>not markup</b>', [])).to.deep.equal([['<b>not markup</b>']]);
      expect(pieces('', [{ name: 'any', span: [0, 1] }])).to.deep.equal([]);
    });
  });

  describe('spanWithin and excerpt', () => {
    it('gives the offsets of a usable span, and undefined for any other', () => {
      expect(spanWithin('hello', [1, 4])).to.deep.equal([1, 4]);
      expect(spanWithin('hello', [0, 5])).to.deep.equal([0, 5]);
      for (const span of [[4, 1], [2, 2], [0, 6], [-1, 1], undefined]) expect(spanWithin('hello', span), JSON.stringify(span)).to.equal(undefined);
    });

    it('quotes the words a span points at, and nothing for an unusable span', () => {
      expect(excerpt('You are an IDIOT.', [11, 16])).to.equal('IDIOT');
      expect(excerpt('😀 idiot', [3, 8])).to.equal('idiot');
      expect(excerpt('short', [3, 99])).to.equal(undefined);
    });

    it('shortens a long excerpt with an ellipsis, never cutting an emoji in half', () => {
      const shouting = 'A'.repeat(200);
      expect(excerpt(shouting, [0, 200])).to.equal(`${'A'.repeat(EXCERPT_LENGTH)}…`);
      const emoji = `${'a'.repeat(EXCERPT_LENGTH - 1)}😀😀`;
      expect(excerpt(emoji, [0, emoji.length])).to.equal(`${'a'.repeat(EXCERPT_LENGTH - 1)}…`);
    });
  });
});
