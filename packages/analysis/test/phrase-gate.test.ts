import { expect } from 'chai';
import {
  DIRECTED_INSULT_ANCHORS, DIRECTED_INSULTS, IDENTITY_ATTACK_ANCHORS, IDENTITY_ATTACKS, THREAT_ANCHORS, THREATS,
} from '../src/abuse/lexicon/index.js';
import {
  CALL_TO_ACTION, CALL_TO_ACTION_ANCHORS, CONTACT_PHRASE, CONTACT_PHRASE_ANCHORS, CRYPTO_TERM, CRYPTO_TERM_ANCHORS,
  MONEY_LURE, MONEY_LURE_ANCHORS, SELF_PROMOTION, SELF_PROMOTION_ANCHORS,
} from '../src/spam/patterns.js';
import { PhraseGate } from '../src/spam/phrase-gate.js';

/**
 * Random strings drawn from a pattern's own grammar (the regex subset the phrase patterns use: literals, groups,
 * alternation, ?, +, \w, \d, \b, ^, $ and lookaheads), so every alternative of every pattern gets exercised.
 */
type Node =
  | { kind: 'text'; value: string }
  | { kind: 'word' | 'digits' }
  | { kind: 'choice'; options: Node[][] }
  | { kind: 'optional'; node: Node };

function parse(source: string): Node[][] {
  let at = 0;
  const alternation = (): Node[][] => {
    const options: Node[][] = [sequence()];
    while (source[at] === '|') {
      at++;
      options.push(sequence());
    }
    return options;
  };
  const sequence = (): Node[] => {
    const nodes: Node[] = [];
    while (at < source.length && source[at] !== '|' && source[at] !== ')') {
      let node = atom();
      if (source[at] === '?') {
        at++;
        node = { kind: 'optional', node };
      } else if (source[at] === '+') at++; // one repetition is a valid match
      nodes.push(node);
    }
    return nodes;
  };
  const atom = (): Node => {
    const ch = source[at++] ?? '';
    if (ch === '(') {
      const lookahead = source.startsWith('?!', at);
      at += 2; // "?:" or "?!"
      const options = alternation();
      at++; // ")"
      return lookahead ? { kind: 'text', value: '' } : { kind: 'choice', options };
    }
    if (ch === '^' || ch === '$') return { kind: 'text', value: '' };
    if (ch !== '\\') return { kind: 'text', value: ch };
    const escaped = source[at++] ?? '';
    if (escaped === 'b') return { kind: 'text', value: '' };
    if (escaped === 'w') return { kind: 'word' };
    if (escaped === 'd') return { kind: 'digits' };
    return { kind: 'text', value: escaped };
  };
  return alternation();
}

function random(seed: number): () => number {
  let state = seed;
  return () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 4294967296);
}

function generate(options: Node[][], next: () => number): string {
  const pick = options[Math.floor(next() * options.length)] ?? [];
  return pick.map((node) => render(node, next)).join('');
}

function render(node: Node, next: () => number): string {
  switch (node.kind) {
    case 'text':
      return node.value;
    case 'word':
      return ['zork', 'x', 'news'][Math.floor(next() * 3)] ?? 'x';
    case 'digits':
      return '42';
    case 'choice':
      return generate(node.options, next);
    case 'optional':
      return next() < 0.5 ? '' : render(node.node, next);
  }
}

const PATTERNS: Array<[string, RegExp, readonly string[]]> = [
  ['SELF_PROMOTION', SELF_PROMOTION, SELF_PROMOTION_ANCHORS],
  ['CALL_TO_ACTION', CALL_TO_ACTION, CALL_TO_ACTION_ANCHORS],
  ['MONEY_LURE', MONEY_LURE, MONEY_LURE_ANCHORS],
  ['CRYPTO_TERM', CRYPTO_TERM, CRYPTO_TERM_ANCHORS],
  ['CONTACT_PHRASE', CONTACT_PHRASE, CONTACT_PHRASE_ANCHORS],
  ['THREATS', THREATS, THREAT_ANCHORS],
  ['IDENTITY_ATTACKS', IDENTITY_ATTACKS, IDENTITY_ATTACK_ANCHORS],
  ['DIRECTED_INSULTS', DIRECTED_INSULTS, DIRECTED_INSULT_ANCHORS],
];

describe('phrase gate', () => {
  for (const [name, pattern, anchors] of PATTERNS) {
    it(`lets through every phrase ${name} matches (anchors complete)`, () => {
      const gate = new PhraseGate([anchors]);
      const grammar = parse(pattern.source);
      const next = random(7);
      let matched = 0;
      for (let i = 0; i < 3000; i++) {
        const phrase = generate(grammar, next);
        const text = `so ${phrase} ok`;
        const flags = pattern.flags.replace('g', '');
        if (!new RegExp(pattern.source, flags).test(text)) continue;
        matched++;
        expect(gate.scan(text.split(' ')), phrase).to.equal(1);
      }
      expect(matched, 'generated phrases that match').to.be.greaterThan(1000);
    });
  }

  it('skips a pattern when no anchor is among the words, including inside tokens with apostrophes or masks', () => {
    const gate = new PhraseGate([['kill'], ['idiot']]);
    expect(gate.scan(['we', 'skilled', 'killers'])).to.equal(0);
    expect(gate.scan(["kill'em", 'all'])).to.equal(1);
    expect(gate.scan(['you', 'f*ck', 'idiot'])).to.equal(2);
    expect(gate.scan(['é', 'idiot'])).to.equal(2);
  });

  it('refuses an anchor that is not a run of word characters', () => {
    expect(() => new PhraseGate([["you're"]])).to.throw(/you're/);
  });
});
