import type { Models } from '../models.js';
import type {
  AbuseResult, DuplicateResult, Flag, LanguageResult, ModerationPolicy, ModerationStatus, PolicyOverrides, SentimentResult,
  SpamResult,
} from '../types.js';

/**
 * Default thresholds when no models are at hand. With models, `policyForModels` replaces the spam, toxic and
 * duplicate flag levels by the ones tuned with the models (what the worker and `moderato eval` use).
 * Out of the box nothing is rejected unseen: every flagged comment waits for a moderator, because a wrongly
 * removed reader comment is costlier to a news publisher than one held for a minute. Publishers opt in to
 * automatic rejection by setting `reject` levels in their policy. Negative sentiment alone never rejects.
 */
export const defaultPolicy: ModerationPolicy = {
  spam: { flag: 0.5 },
  // Copies are held for a look, never rejected outright: a reader re-posting their own comment is not abuse.
  duplicate: { flag: 0.8 },
  toxic: { flag: 0.5 },
  negative: { flag: -0.8 },
  blockedDomains: [],
};

/**
 * The default policy with the flag levels the models were tuned to: the spam and abuse classifiers' thresholds
 * chosen by cross-validation, and the duplicates settings' near-copy similarity. Reject levels stay as above.
 */
export function policyForModels(models: Models, base: ModerationPolicy = defaultPolicy): ModerationPolicy {
  const tuned = (model: object, fallback: number): number => {
    const threshold = (model as { threshold?: unknown }).threshold;
    return typeof threshold === 'number' && Number.isFinite(threshold) ? threshold : fallback;
  };
  return {
    ...base,
    spam: { ...base.spam, flag: tuned(models.spam, base.spam.flag) },
    toxic: { ...base.toxic, flag: tuned(models.abuse, base.toxic.flag) },
    duplicate: { ...base.duplicate, flag: tuned(models.duplicates, base.duplicate.flag) },
    blockedDomains: [...base.blockedDomains],
  };
}

/** A publisher's stored overrides laid over a policy, threshold by threshold. */
export function withOverrides(base: ModerationPolicy, overrides: PolicyOverrides): ModerationPolicy {
  return {
    spam: { ...base.spam, ...overrides.spam },
    duplicate: { ...base.duplicate, ...overrides.duplicate },
    toxic: { ...base.toxic, ...overrides.toxic },
    negative: { ...base.negative, ...overrides.negative },
    blockedDomains: overrides.blockedDomains ?? base.blockedDomains,
  };
}

export interface PhaseResults {
  language: LanguageResult;
  sentiment?: SentimentResult;
  spam: SpamResult;
  duplicate: DuplicateResult;
  abuse?: AbuseResult;
}

export interface PolicyDecision {
  flags: Flag[];
  status: ModerationStatus;
}

/** Turns phase scores into flags (each with the reasons behind it) and a status under `policy`. */
export function applyPolicy(results: PhaseResults, policy: ModerationPolicy): PolicyDecision {
  const flags: Flag[] = [];
  let rejected = false;
  const consider = (kind: Flag['kind'], score: number, reasons: Flag['reasons'], level: { flag: number; reject?: number }): void => {
    if (score < level.flag) return;
    flags.push({ kind, score, reasons });
    if (level.reject !== undefined && score >= level.reject) rejected = true;
  };
  consider('spam', results.spam.score, results.spam.reasons, policy.spam);
  consider('duplicate', results.duplicate.score, results.duplicate.reasons, policy.duplicate);
  if (results.abuse) consider('toxic', results.abuse.score, results.abuse.reasons, policy.toxic);
  if (results.sentiment && results.sentiment.score <= policy.negative.flag) {
    flags.push({ kind: 'negative', score: results.sentiment.score, reasons: results.sentiment.reasons });
  }
  const { language } = results;
  if (language.phasesSkipped.length > 0) {
    flags.push({
      kind: 'unsupported_language',
      score: language.confidence,
      reasons: [{
        code: 'language.unsupported',
        message: `detected language '${language.code}': ${language.phasesSkipped.join(' and ')} not checked`,
      }],
    });
  }
  const status: ModerationStatus = rejected ? 'rejected' : flags.length > 0 ? 'pending' : 'approved';
  return { flags, status };
}
