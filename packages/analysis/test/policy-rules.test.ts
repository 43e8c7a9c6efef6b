import { expect } from 'chai';
import { createAnalyzer, loadModels } from '../src/index.js';
import { withPhases } from '../src/language/index.js';
import { normalize } from '../src/normalize/index.js';
import { applyPolicy, defaultPolicy, POLICY_REASON_CODES, withOverrides, type PhaseResults, type PolicySubject } from '../src/policy/index.js';
import type { Flag, ModerationPolicy, PolicyOverrides, Reason } from '../src/types.js';

// Builders: a policy from overrides, the phase results of a harmless comment, and the comment the rules look at.

function policyWith(overrides: PolicyOverrides, version = 1): ModerationPolicy {
  return withOverrides(defaultPolicy, overrides, version);
}

interface Scores { spam?: number; toxic?: number; sentiment?: number }

function phaseResults(scores: Scores = {}): PhaseResults {
  return {
    language: withPhases('en', 0.9),
    spam: { score: scores.spam ?? 0.01, domains: [], reasons: [{ code: 'link', message: '1 link' }] },
    duplicate: { score: 0, reasons: [] },
    sentiment: { score: scores.sentiment ?? 0.1, label: 'neutral', sentences: [], drivers: [], reasons: [{ code: 'sentiment.negative', message: 'negative' }] },
    abuse: { score: scores.toxic ?? 0.01, categories: {}, spans: [], reasons: [{ code: 'insult', message: 'insult' }] },
  };
}

function comment(text: string, ids: { authorId?: string; articleId?: string } = {}): PolicySubject {
  return { text: normalize(text), authorId: ids.authorId ?? 'reader-1', articleId: ids.articleId ?? 'article-1' };
}

function decide(text: string, policy: ModerationPolicy, options: { scores?: Scores; authorId?: string; articleId?: string } = {}) {
  return applyPolicy(phaseResults(options.scores), policy, comment(text, options));
}

function policyFlag(flags: readonly Flag[]): Flag | undefined {
  return flags.find((flag) => flag.kind === 'policy');
}

function policyReasons(flags: readonly Flag[], code?: string): Reason[] {
  return (policyFlag(flags)?.reasons ?? []).filter((reason) => code === undefined || reason.code === code);
}

/** The original text each span of the given reasons covers. */
function spannedText(text: string, reasons: readonly Reason[]): string[] {
  return reasons.map((reason) => (reason.span ? text.slice(reason.span[0], reason.span[1]) : '(no span)'));
}

const banning = (...bannedTerms: string[]): ModerationPolicy => policyWith({ bannedTerms });

describe('policy: publisher terms', () => {
  it('matches a banned term however it is disguised: case, leetspeak, look-alike letters, hidden or spread-out letters', () => {
    const policy = banning('idiot');
    const disguises: Array<[text: string, written: string]> = [
      ['What an IDIOT.', 'IDIOT'],
      ['You are a 1d10t, frankly.', '1d10t'],
      ['Such an іdіot', 'іdіot'], // Cyrillic і
      ['Total id\u200Biot here', 'id\u200Biot'], // zero-width space inside
      ['you i d i o t', 'i d i o t'],
      ['you i.d.i.o.t!', 'i.d.i.o.t'],
    ];
    for (const [text, written] of disguises) {
      const reasons = policyReasons(decide(text, policy).flags, POLICY_REASON_CODES.bannedTerm);
      expect(reasons, text).to.have.length(1);
      expect(spannedText(text, reasons), text).to.deep.equal([written]);
      expect(reasons[0]?.message, text).to.equal(`banned term "idiot" (matched "${written}")`);
    }
  });

  it('matches a phrase across any spacing and line breaks, and a term written with leetspeak in the policy', () => {
    const policy = banning('cheap pills', 'fr3e m0ney');
    const text = 'Get CHEAP   \n pills and free money now';
    const reasons = policyReasons(decide(text, policy).flags, POLICY_REASON_CODES.bannedTerm);
    expect(spannedText(text, reasons)).to.deep.equal(['CHEAP   \n pills', 'free money']);
    expect(reasons.map((reason) => reason.message)).to.deep.equal([
      'banned term "cheap pills" (matched "CHEAP   \n pills")',
      'banned term "fr3e m0ney" (matched "free money")',
    ]);
  });

  it('matches whole words only: never a term inside a longer word, nor a phrase with a word in between', () => {
    const policy = banning('ass', 'cheap pills');
    for (const text of ['A classy passage; assess the bass.', 'c l a s s is over', 'cheap blue pills', 'cheappills']) {
      const decision = decide(text, policy);
      expect(policyFlag(decision.flags), text).to.equal(undefined);
      expect(decision.status, text).to.equal('approved');
    }
    expect(policyReasons(decide('What an ass!', policy).flags)).to.have.length(1);
  });

  it('points each span at the original text, through entities and collapsed whitespace before it', () => {
    const text = '  &lt;b&gt;   Well,\u00a0\u00a0you   1d10t &amp; m0r0n';
    const reasons = policyReasons(decide(text, banning('idiot', 'moron')).flags);
    expect(spannedText(text, reasons)).to.deep.equal(['1d10t', 'm0r0n']);
  });

  it('rejects a comment with a banned term, and holds one with a suspect term for review', () => {
    const policy = policyWith({ bannedTerms: ['scum'], suspectTerms: ['lawsuit'] });
    const banned = decide('They are scum.', policy);
    expect(banned.status).to.equal('rejected');
    expect(policyFlag(banned.flags)).to.include({ kind: 'policy', score: 1 });
    const suspect = decide('Expect a LAWSUIT over this.', policy);
    expect(suspect.status).to.equal('pending');
    expect(policyReasons(suspect.flags).map((reason) => reason.code)).to.deep.equal([POLICY_REASON_CODES.suspectTerm]);
    expect(policyReasons(suspect.flags)[0]?.message).to.equal('suspect term "lawsuit" (matched "LAWSUIT")');
    expect(decide('A calm remark.', policy)).to.deep.equal({ flags: [], status: 'approved' });
  });

  it('ignores terms with no letter or digit, which no word could match', () => {
    expect(decide('!!! ??? fine', banning('!!!', '  '))).to.deep.equal({ flags: [], status: 'approved' });
  });
});

describe('policy: pre-moderation', () => {
  it('holds every comment on a pre-moderated article, and only there', () => {
    const policy = policyWith({ preModeration: { articleIds: ['trial-coverage'] } });
    const held = decide('A calm remark.', policy, { articleId: 'trial-coverage' });
    expect(held.status).to.equal('pending');
    expect(policyReasons(held.flags).map((reason) => reason.code)).to.deep.equal([POLICY_REASON_CODES.preModeration]);
    expect(policyReasons(held.flags)[0]?.message).to.contain('"trial-coverage"');
    expect(decide('A calm remark.', policy, { articleId: 'weather' }).status).to.equal('approved');
  });

  it('holds every comment of the publisher when all are pre-moderated', () => {
    const policy = policyWith({ preModeration: { all: true } });
    for (const articleId of ['a', 'b']) expect(decide('A calm remark.', policy, { articleId }).status).to.equal('pending');
  });
});

describe('policy: authors', () => {
  const authors = policyWith({ authors: { trusted: ['regular'], banned: ['troll'] }, bannedTerms: ['scum'] });

  it("approves a trusted author's comment that a mild flag would hold, saying so, with the flag still reported", () => {
    const decision = decide('Buy my book at my site', authors, { authorId: 'regular', scores: { spam: 0.6 } });
    expect(decision.status).to.equal('approved');
    expect(decision.flags.map((flag) => flag.kind)).to.deep.equal(['spam', 'policy']);
    const [trusted] = policyReasons(decision.flags, POLICY_REASON_CODES.trustedAuthor);
    expect(trusted?.message).to.equal('author "regular" is trusted by the publisher: approved despite spam flag');
  });

  it("leaves a trusted author's clean comment without any flag", () => {
    expect(decide('A calm remark.', authors, { authorId: 'regular' })).to.deep.equal({ flags: [], status: 'approved' });
  });

  it('does not approve a trusted author past a banned term, a reject level, a very toxic score or pre-moderation', () => {
    const bannedTerm = decide('You are scum', authors, { authorId: 'regular' });
    expect(bannedTerm.status).to.equal('rejected');
    expect(policyReasons(bannedTerm.flags, POLICY_REASON_CODES.trustedAuthor)[0]?.message).to.contain('not approved: rejected for banned term');
    const rejecting = policyWith({ authors: { trusted: ['regular'] }, spam: { reject: 0.9 } });
    expect(decide('A calm remark.', rejecting, { authorId: 'regular', scores: { spam: 0.95 } }).status).to.equal('rejected');
    expect(decide('A calm remark.', authors, { authorId: 'regular', scores: { toxic: 0.95 } }).status).to.equal('pending');
    expect(decide('A calm remark.', authors, { authorId: 'regular', scores: { toxic: 0.7 } }).status).to.equal('approved');
    const preModerated = policyWith({ authors: { trusted: ['regular'] }, preModeration: { all: true } });
    expect(decide('A calm remark.', preModerated, { authorId: 'regular' }).status).to.equal('pending');
  });

  it("rejects a banned author's comments, or holds them when the publisher chose 'hold'", () => {
    const rejected = decide('A calm remark.', authors, { authorId: 'troll' });
    expect(rejected.status).to.equal('rejected');
    expect(policyReasons(rejected.flags)).to.deep.equal([
      { code: POLICY_REASON_CODES.bannedAuthor, message: 'author "troll" is banned by the publisher: rejected', weight: 1 },
    ]);
    const holding = policyWith({ authors: { banned: ['troll'], bannedAction: 'hold' } });
    const held = decide('A calm remark.', holding, { authorId: 'troll' });
    expect(held.status).to.equal('pending');
    expect(policyReasons(held.flags)[0]?.message).to.contain('held for review');
    expect(decide('A calm remark.', holding, { authorId: 'someone-else' }).status).to.equal('approved');
  });

  it('keeps an author listed as both banned and trusted banned', () => {
    const both = policyWith({ authors: { trusted: ['u-1'], banned: ['u-1'] } });
    expect(decide('A calm remark.', both, { authorId: 'u-1', scores: { spam: 0.6 } }).status).to.equal('rejected');
  });

  it('finds authors in long lists', () => {
    const ids = Array.from({ length: 5_000 }, (_, i) => `u-${i}`);
    const policy = policyWith({ authors: { banned: ids } });
    expect(decide('A calm remark.', policy, { authorId: 'u-4999' }).status).to.equal('rejected');
    expect(decide('A calm remark.', policy, { authorId: 'u-5000' }).status).to.equal('approved');
  });
});

describe('policy: negative comments and versions', () => {
  it('reports a very negative comment without holding it when the publisher sets negative.hold false', () => {
    const relaxed = policyWith({ negative: { hold: false } });
    const decision = decide('A calm remark.', relaxed, { scores: { sentiment: -0.95 } });
    expect(decision.status).to.equal('approved');
    expect(decision.flags.map((flag) => flag.kind)).to.deep.equal(['negative']);
    expect(decide('A calm remark.', policyWith({}), { scores: { sentiment: -0.95 } }).status).to.equal('pending');
    // Anything else that holds still does.
    expect(decide('A calm remark.', relaxed, { scores: { sentiment: -0.95, spam: 0.6 } }).status).to.equal('pending');
  });

  it('lays the new fields over the defaults: overrides win, lists replace, the version is carried', () => {
    const base = policyWith({ bannedTerms: ['a1'], authors: { trusted: ['t1'], banned: ['b1'] } }, 3);
    const merged = withOverrides(base, { bannedTerms: ['a2'], negative: { hold: false }, authors: { banned: ['b2'], bannedAction: 'hold' }, preModeration: { all: true } }, 4);
    expect(merged.version).to.equal(4);
    expect(merged.bannedTerms).to.deep.equal(['a2']);
    expect(merged.suspectTerms).to.deep.equal([]);
    expect(merged.negative).to.deep.equal({ flag: defaultPolicy.negative.flag, hold: false });
    expect(merged.authors).to.deep.equal({ trusted: ['t1'], banned: ['b2'], bannedAction: 'hold' });
    expect(merged.preModeration).to.deep.equal({ all: true, articleIds: [] });
    expect(withOverrides(defaultPolicy, {}).version).to.equal(0);
  });

  it("passes the policy version into the analysis, and runs the publisher's rules on the comment as received", () => {
    const analyzer = createAnalyzer(loadModels());
    const policy = withOverrides(analyzer.defaultPolicy, { bannedTerms: ['ceasefire'], suspectTerms: ['border'] }, 7);
    const text = 'The c3asefire on the b0rder will hold.';
    const analysis = analyzer.analyze({ commentId: 'c-1', authorId: 'u-1', articleId: 'a-1', text }, { policy, duplicateCandidates: [] });
    expect(analysis.policyVersion).to.equal(7);
    expect(analysis.status).to.equal('rejected');
    const reasons = policyReasons(analysis.flags);
    expect(reasons.map((reason) => reason.code)).to.deep.equal([POLICY_REASON_CODES.bannedTerm, POLICY_REASON_CODES.suspectTerm]);
    expect(spannedText(text, reasons)).to.deep.equal(['c3asefire', 'b0rder']);
    const defaults = analyzer.analyze({ commentId: 'c-2', authorId: 'u-1', articleId: 'a-1', text }, { policy: analyzer.defaultPolicy, duplicateCandidates: [] });
    expect(defaults.policyVersion).to.equal(0);
    expect(policyFlag(defaults.flags)).to.equal(undefined);
  });
});
