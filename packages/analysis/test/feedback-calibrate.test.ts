import { expect } from 'chai';
import { seededRandom } from '../src/duplicates/hash.js';
import { NotEnoughDecisionsError, calibrateFlagLevels, flagQuality, type DecisionExample } from '../src/index.js';

/**
 * Decisions a day apart: rejected comments score spam in [rejectedFrom, 1), approved ones in [0, approvedTo);
 * abuse scores stay low, as on a desk whose rejections are mostly spam.
 */
function buildDecisions(count: number, shape: { rejectedShare: number; rejectedFrom: number; approvedTo: number; seed?: number }): DecisionExample[] {
  const random = seededRandom(shape.seed ?? 7);
  const start = Date.UTC(2026, 0, 1);
  return Array.from({ length: count }, (_, i) => {
    const rejected = random() < shape.rejectedShare;
    const spamScore = rejected ? shape.rejectedFrom + random() * (1 - shape.rejectedFrom) : random() * shape.approvedTo;
    return { decidedAt: new Date(start + i * 86_400_000), rejected, spamScore, abuseScore: random() * 0.2 };
  });
}

describe('feedback: flag levels from moderators\' decisions', () => {
  it('lowers a spam level that lets most rejected comments through, and shows the gain on the newest decisions', () => {
    const decisions = buildDecisions(400, { rejectedShare: 0.3, rejectedFrom: 0.4, approvedTo: 0.35 });
    const report = calibrateFlagLevels(decisions, { spam: 0.8, toxic: 0.5 });
    expect(report.proposed.spam).to.be.within(0.35, 0.4);
    expect(report.better).to.equal(true);
    expect(report.after.recall).to.be.greaterThan(report.before.recall);
    expect(report.after.f1).to.be.greaterThan(0.95);
    expect(report.before.f1).to.be.lessThan(report.after.f1);
  });

  it('measures on the newest quarter of decisions, which the choice never saw', () => {
    const decisions = buildDecisions(200, { rejectedShare: 0.3, rejectedFrom: 0.4, approvedTo: 0.35 });
    const shuffled = [...decisions].reverse();
    const report = calibrateFlagLevels(shuffled, { spam: 0.5, toxic: 0.5 });
    expect(report.training.decisions).to.equal(150);
    expect(report.heldOut.decisions).to.equal(50);
    expect(report.heldOut.from.getTime()).to.be.greaterThan(report.training.to.getTime());
    expect(report.before).to.deep.equal(flagQuality(decisions.slice(150), { spam: 0.5, toxic: 0.5 }));
  });

  it('keeps the current levels when no other level does better', () => {
    const decisions = buildDecisions(200, { rejectedShare: 0.3, rejectedFrom: 0.6, approvedTo: 0.4 });
    const report = calibrateFlagLevels(decisions, { spam: 0.5, toxic: 0.5 });
    expect(report.proposed).to.deep.equal({ spam: 0.5, toxic: 0.5 });
    expect(report.better).to.equal(false);
  });

  it('refuses to learn from too few decisions, or from a part with no rejection, saying what it needs', () => {
    const few = buildDecisions(20, { rejectedShare: 0.5, rejectedFrom: 0.4, approvedTo: 0.35 });
    expect(() => calibrateFlagLevels(few, { spam: 0.5, toxic: 0.5 })).to.throw(NotEnoughDecisionsError, /20; at least 40/);
    const allApproved = buildDecisions(100, { rejectedShare: 0, rejectedFrom: 0.4, approvedTo: 0.35 });
    expect(() => calibrateFlagLevels(allApproved, { spam: 0.5, toxic: 0.5 })).to.throw(NotEnoughDecisionsError, /0 rejected/);
  });
});
