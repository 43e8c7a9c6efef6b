import { expect } from 'chai';
import { withPhases } from '../src/language/index.js';
import { loadModels, tunedDefaultPolicy } from '../src/models.js';
import { applyPolicy, defaultPolicy, policyForModels, withOverrides, type PhaseResults } from '../src/policy/index.js';
import type { ModerationPolicy } from '../src/types.js';

/** Phase results of a harmless English comment, with the given scores overridden. */
function results(scores: { spam?: number; duplicate?: number; toxic?: number; sentiment?: number; language?: string } = {}): PhaseResults {
  const r: PhaseResults = {
    language: withPhases(scores.language ?? 'en', 0.9),
    spam: { score: scores.spam ?? 0.01, domains: [], reasons: [{ code: 'link', message: '1 link' }] },
    duplicate: { score: scores.duplicate ?? 0, reasons: [] },
    sentiment: {
      score: scores.sentiment ?? 0.2, label: 'neutral', sentences: [], drivers: [],
      reasons: [{ code: 'sentiment.negative', message: 'negative wording: awful' }],
    },
    abuse: { score: scores.toxic ?? 0.01, categories: {}, spans: [], reasons: [{ code: 'insult', message: 'insult: idiot' }] },
  };
  if (r.language.phasesSkipped.length > 0) {
    delete r.sentiment;
    delete r.abuse;
  }
  return r;
}

const policy: ModerationPolicy = { ...defaultPolicy, spam: { flag: 0.5, reject: 0.9 }, toxic: { flag: 0.6 } };

describe('policy', () => {
  it('approves a comment with no score over any threshold', () => {
    expect(applyPolicy(results(), policy)).to.deep.equal({ flags: [], status: 'approved' });
  });

  it('flags for review at the flag threshold, carrying the phase reasons', () => {
    const decision = applyPolicy(results({ spam: 0.5 }), policy);
    expect(decision.status).to.equal('pending');
    expect(decision.flags).to.deep.equal([{ kind: 'spam', score: 0.5, reasons: [{ code: 'link', message: '1 link' }] }]);
  });

  it('rejects at the reject threshold', () => {
    expect(applyPolicy(results({ spam: 0.95 }), policy).status).to.equal('rejected');
  });

  it('never rejects on a flag that has no reject level', () => {
    const decision = applyPolicy(results({ toxic: 0.99 }), policy);
    expect(decision.status).to.equal('pending');
    expect(decision.flags.map((f) => f.kind)).to.deep.equal(['toxic']);
  });

  it('flags strongly negative sentiment for review only', () => {
    const decision = applyPolicy(results({ sentiment: -0.9 }), { ...policy, negative: { flag: -0.8, hold: true } });
    expect(decision.status).to.equal('pending');
    expect(decision.flags[0]?.kind).to.equal('negative');
    expect(applyPolicy(results({ sentiment: -0.5 }), { ...policy, negative: { flag: -0.8, hold: true } }).flags).to.deep.equal([]);
  });

  it('asks for review of comments in a language whose abuse check did not run, saying why', () => {
    const decision = applyPolicy(results({ language: 'fr' }), policy);
    expect(decision.status).to.equal('pending');
    expect(decision.flags[0]?.kind).to.equal('unsupported_language');
    expect(decision.flags[0]?.reasons[0]?.message).to.contain("'fr'").and.contain('abuse');
  });

  it('uses the publisher thresholds it is given', () => {
    const strict: ModerationPolicy = { ...policy, spam: { flag: 0.2 } };
    expect(applyPolicy(results({ spam: 0.3 }), strict).status).to.equal('pending');
    expect(applyPolicy(results({ spam: 0.3 }), policy).status).to.equal('approved');
  });

  it("lays a publisher's overrides over the defaults threshold by threshold, keeping the rest", () => {
    const merged = withOverrides(defaultPolicy, { spam: { reject: 0.9 }, blockedDomains: ['spam.example'] });
    expect(merged.spam).to.deep.equal({ ...defaultPolicy.spam, reject: 0.9 });
    expect(merged.toxic).to.deep.equal(defaultPolicy.toxic);
    expect(merged.blockedDomains).to.deep.equal(['spam.example']);
    expect(applyPolicy(results({ spam: 0.95 }), merged).status).to.equal('rejected');
    expect(applyPolicy(results({ spam: 0.95 }), defaultPolicy).status).to.equal('pending');
  });
});

describe('tunedDefaultPolicy', () => {
  it('gives the same defaults as the loaded models do, without building them', () => {
    const tuned = tunedDefaultPolicy();
    expect(tuned).to.deep.equal(policyForModels(loadModels()));
    expect(tuned.spam.flag).to.not.equal(defaultPolicy.spam.flag);
  });
});
