import { computeMetrics } from '../evaluate/metrics.js';

/**
 * Moderators' decisions as labelled data: a comment they rejected is one the detectors should have flagged, one they
 * approved is one they should have let through. From a publisher's decisions this chooses the spam and abuse flag
 * levels under which "flagged" best predicts "rejected" (F1: a flag holds a comment for a person, so missing a
 * rejected comment and holding an approved one both cost), and measures the current and the chosen levels on the
 * newest decisions, which the choice never saw: decisions drift with time (a new spam wave, a new desk policy), so a
 * random split would flatter the choice. The chosen levels are only proposed when they do better there.
 */

export interface DecisionExample {
  decidedAt: Date;
  rejected: boolean;
  /** The comment's spam and abuse scores when it was decided, in [0, 1]. */
  spamScore: number;
  abuseScore: number;
}

export interface FlagLevels {
  spam: number;
  toxic: number;
}

export interface FlagQuality {
  decisions: number;
  rejected: number;
  flagged: number;
  /** Of the flagged comments, the share moderators rejected. */
  precision: number;
  /** Of the rejected comments, the share that was flagged. */
  recall: number;
  f1: number;
}

export interface CalibrationReport {
  training: { decisions: number; rejected: number; from: Date; to: Date };
  heldOut: { decisions: number; rejected: number; from: Date; to: Date };
  current: FlagLevels;
  /** The levels that do best on the training decisions. */
  proposed: FlagLevels;
  /** The current and the proposed levels measured on the held-out decisions. */
  before: FlagQuality;
  after: FlagQuality;
  /** True when the proposed levels do better on the held-out decisions than the current ones. */
  better: boolean;
}

export interface CalibrationOptions {
  /** The newest share of decisions kept aside to measure (by decision time). */
  heldOutShare?: number;
  /** Fewer decisions than this in all, or fewer rejections than `minRejected` on either side, and nothing is learned. */
  minDecisions?: number;
  minRejected?: number;
}

/** The publisher has too few decisions to learn from or to measure on; the message says how many more are needed. */
export class NotEnoughDecisionsError extends Error {}

/** Levels tried: a coarse grid keeps the choice from fitting noise in a few hundred decisions. */
const LEVELS = Array.from({ length: 19 }, (_, i) => Math.round((i + 1) * 5) / 100);

export function calibrateFlagLevels(examples: readonly DecisionExample[], current: FlagLevels, options: CalibrationOptions = {}): CalibrationReport {
  const { heldOutShare = 0.25, minDecisions = 40, minRejected = 5 } = options;
  if (examples.length < minDecisions) {
    throw new NotEnoughDecisionsError(`Too few decisions to learn from: ${examples.length}; at least ${minDecisions} are needed.`);
  }
  const ordered = [...examples].sort((a, b) => a.decidedAt.getTime() - b.decidedAt.getTime());
  const split = Math.floor(ordered.length * (1 - heldOutShare));
  const training = ordered.slice(0, split);
  const heldOut = ordered.slice(split);
  requireBothOutcomes('older (training)', training, minRejected);
  requireBothOutcomes('newest (held-out)', heldOut, minRejected);
  const proposed = bestLevels(training, current);
  const before = flagQuality(heldOut, current);
  const after = flagQuality(heldOut, proposed);
  return {
    training: describe(training),
    heldOut: describe(heldOut),
    current,
    proposed,
    before,
    after,
    better: after.f1 > before.f1,
  };
}

/** How well "flagged under `levels`" predicts "rejected": the eval's binary metrics with "rejected" the positive class. */
export function flagQuality(examples: readonly DecisionExample[], levels: FlagLevels): FlagQuality {
  let flagged = 0;
  let rejected = 0;
  let both = 0;
  for (const example of examples) {
    const flags = isFlagged(example, levels);
    if (flags) flagged++;
    if (example.rejected) rejected++;
    if (flags && example.rejected) both++;
  }
  const confusion = {
    rejected: { rejected: both, approved: rejected - both },
    approved: { rejected: flagged - both, approved: examples.length - rejected - (flagged - both) },
  };
  const { precision = 0, recall = 0, f1 = 0 } = computeMetrics(confusion, ['approved', 'rejected'], 'rejected');
  return { decisions: examples.length, rejected, flagged, precision, recall, f1 };
}

/** The grid's best levels by F1; of equals, the ones closest to the current levels (no change without a gain). */
function bestLevels(examples: readonly DecisionExample[], current: FlagLevels): FlagLevels {
  let best = { levels: current, f1: flagQuality(examples, current).f1, distance: 0 };
  for (const spam of LEVELS) {
    for (const toxic of LEVELS) {
      const levels = { spam, toxic };
      const { f1 } = flagQuality(examples, levels);
      const distance = Math.abs(spam - current.spam) + Math.abs(toxic - current.toxic);
      if (f1 > best.f1 || (f1 === best.f1 && distance < best.distance)) best = { levels, f1, distance };
    }
  }
  return best.levels;
}

function isFlagged(example: DecisionExample, levels: FlagLevels): boolean {
  return example.spamScore >= levels.spam || example.abuseScore >= levels.toxic;
}

function requireBothOutcomes(part: string, examples: readonly DecisionExample[], minRejected: number): void {
  const rejected = examples.filter((example) => example.rejected).length;
  if (rejected < minRejected || rejected === examples.length) {
    throw new NotEnoughDecisionsError(
      `Too few decisions of each kind: the ${part} part holds ${examples.length} decision(s), ${rejected} rejected; ` +
        `it needs at least ${minRejected} rejected and at least one approved.`,
    );
  }
}

function describe(examples: readonly DecisionExample[]): CalibrationReport['training'] {
  return {
    decisions: examples.length,
    rejected: examples.filter((example) => example.rejected).length,
    from: examples[0]!.decidedAt,
    to: examples.at(-1)!.decidedAt,
  };
}
