import type {
  AbuseResult, DuplicateResult, Flag, LanguageResult, ModerationPolicy, ModerationStatus, PolicyOverrides, Reason,
  SentimentResult, SpamResult,
} from '../types.js';
import {
  bannedAuthorReason, findPublisherRules, NO_FINDINGS, preModerationReason, termReason, trustedAuthorReason,
  type PolicySubject, type PublisherRuleFindings,
} from './rules.js';

export { POLICY_REASON_CODES, type PolicySubject } from './rules.js';

/**
 * Default thresholds when no models are at hand. With models, `policyForModels` replaces the spam, toxic and
 * duplicate flag levels by the ones tuned with the models (what the worker and `moderato eval` use).
 * Out of the box nothing is rejected unseen: every flagged comment waits for a moderator, because a wrongly
 * removed reader comment is costlier to a news publisher than one held for a minute. Publishers opt in to
 * automatic rejection by setting `reject` levels, banned terms or banned authors in their policy. Negative sentiment
 * alone never rejects.
 */
export const defaultPolicy: ModerationPolicy = {
  version: 0,
  spam: { flag: 0.5 },
  // Copies are held for a look, never rejected outright: a reader re-posting their own comment is not abuse.
  duplicate: { flag: 0.8 },
  toxic: { flag: 0.5 },
  negative: { flag: -0.8, hold: true },
  blockedDomains: [],
  bannedTerms: [],
  suspectTerms: [],
  preModeration: { all: false, articleIds: [] },
  // Banning is the publisher's own explicit act, like setting a reject level: it rejects unless they choose 'hold'.
  authors: { trusted: [], banned: [], bannedAction: 'reject' },
  // Long enough to catch a slip of the mouse, short enough that a published decision does not change much later.
  decisions: { undoWindowMinutes: 15 },
  // A year: long enough to answer for last season's decisions; the publisher may keep it from a day to ten years.
  audit: { retentionDays: 365 },
  // Decisions are the publisher's data: they change its flag levels only when the publisher asks for it.
  learning: { fromDecisions: false },
};

/**
 * The default policy with the flag levels the models were tuned to: the spam and abuse classifiers' thresholds
 * chosen by cross-validation, and the duplicates settings' near-copy similarity. Reject levels stay as above.
 */
export function policyForModels(models: Record<'spam' | 'abuse' | 'duplicates', object>, base: ModerationPolicy = defaultPolicy): ModerationPolicy {
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
    bannedTerms: [...base.bannedTerms],
    suspectTerms: [...base.suspectTerms],
    preModeration: { ...base.preModeration, articleIds: [...base.preModeration.articleIds] },
    authors: { ...base.authors, trusted: [...base.authors.trusted], banned: [...base.authors.banned] },
    decisions: { ...base.decisions },
    audit: { ...base.audit },
    learning: { ...base.learning },
  };
}

/**
 * A publisher's stored overrides laid over a policy, field by field: the overrides win, and a list given in them
 * replaces the base's list. `version` is the publisher's policy version the overrides are (0: never set).
 */
export function withOverrides(base: ModerationPolicy, overrides: PolicyOverrides, version = 0): ModerationPolicy {
  return {
    version,
    spam: { ...base.spam, ...overrides.spam },
    duplicate: { ...base.duplicate, ...overrides.duplicate },
    toxic: { ...base.toxic, ...overrides.toxic },
    negative: { ...base.negative, ...overrides.negative },
    blockedDomains: overrides.blockedDomains ?? base.blockedDomains,
    bannedTerms: overrides.bannedTerms ?? base.bannedTerms,
    suspectTerms: overrides.suspectTerms ?? base.suspectTerms,
    preModeration: { ...base.preModeration, ...overrides.preModeration },
    authors: { ...base.authors, ...overrides.authors },
    decisions: { ...base.decisions, ...overrides.decisions },
    audit: { ...base.audit, ...overrides.audit },
    learning: { ...base.learning, ...overrides.learning },
  };
}

/**
 * A publisher's stored policy as the API and the CLI show it: its version, the effective policy, the overrides and the
 * defaults they are laid over; whatever else `stored` carries (when it changed, by whom) is passed on as it is.
 */
export function explainPolicy<T extends { version: number; overrides: PolicyOverrides }>(defaults: ModerationPolicy, stored: T) {
  const { version, overrides, ...rest } = stored;
  return { version, policy: withOverrides(defaults, overrides, version), overrides, defaults, ...rest };
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

/** A toxic score at or above this keeps even a trusted author's comment from being approved unseen. */
export const TRUSTED_AUTHOR_TOXIC_LIMIT = 0.9;

/**
 * Turns phase scores into flags (each with the reasons behind it) and a status under `policy`. With `subject` (the
 * comment's text, author and article) the publisher's own rules run too, reported as one `policy` flag.
 *
 * The status, first rule that applies:
 * 1. rejected — a score at or above its `reject` level, a banned term, or a banned author with `bannedAction: 'reject'`;
 * 2. pending — pre-moderation (of all comments or of this article): holds everyone's comments, trusted authors' too;
 * 3. approved — a trusted author, unless the comment has a toxic flag scoring ≥ TRUSTED_AUTHOR_TOXIC_LIMIT (0.9):
 *    trust waives the holding flags (spam, duplicate, toxic below 0.9, negative, language, suspect terms), which are
 *    still reported, but never a rejection and never threats or slurs;
 * 4. pending — any flag that holds: a raised score flag (negative only when `negative.hold`), the unsupported-language
 *    flag, a suspect term, a banned author with `bannedAction: 'hold'`;
 * 5. approved.
 */
export function applyPolicy(results: PhaseResults, policy: ModerationPolicy, subject?: PolicySubject): PolicyDecision {
  const tally = new Tally();
  const flags = scoreFlags(results, policy, tally);
  const findings = subject ? findPublisherRules(policy, subject) : NO_FINDINGS;
  const reasons = ruleReasons(findings, policy, subject, tally);
  const trusted = findings.standing === 'trusted' && subject !== undefined && tally.wouldHold();
  const trustWaives = trusted && tally.rejectedBy.length === 0 && !tally.firmHold && !tally.tooToxic;
  if (trusted) reasons.push(trustedAuthorReason(subject.authorId, trustMessage(tally, trustWaives)));
  if (reasons.length > 0) flags.push({ kind: 'policy', score: Math.max(0, ...reasons.map((r) => r.weight ?? 0)), reasons });
  return { flags, status: statusOf(tally, trustWaives) };
}

function statusOf(tally: Tally, trustWaives: boolean): ModerationStatus {
  if (tally.rejectedBy.length > 0) return 'rejected';
  if (trustWaives) return 'approved'; // only when nothing rejects and nothing holds firmly (see trustWaives)
  return tally.wouldHold() ? 'pending' : 'approved';
}

/** What would reject or hold the comment, in words, so the trusted-author reason can say what it waived or why not. */
class Tally {
  readonly rejectedBy: string[] = [];
  readonly heldBy: string[] = [];
  /** Pre-moderation: a hold that trust does not waive. */
  firmHold = false;
  /** A toxic flag at or above TRUSTED_AUTHOR_TOXIC_LIMIT. */
  tooToxic = false;

  wouldHold(): boolean {
    return this.rejectedBy.length > 0 || this.heldBy.length > 0 || this.firmHold;
  }
}

function scoreFlags(results: PhaseResults, policy: ModerationPolicy, tally: Tally): Flag[] {
  const flags: Flag[] = [];
  const consider = (kind: Flag['kind'], score: number, reasons: Flag['reasons'], level: { flag: number; reject?: number }): void => {
    if (score < level.flag) return;
    flags.push({ kind, score, reasons });
    if (level.reject !== undefined && score >= level.reject) tally.rejectedBy.push(`${kind} score ${score.toFixed(2)}`);
    else tally.heldBy.push(`${kind} flag`);
  };
  consider('spam', results.spam.score, results.spam.reasons, policy.spam);
  consider('duplicate', results.duplicate.score, results.duplicate.reasons, policy.duplicate);
  if (results.abuse) {
    consider('toxic', results.abuse.score, results.abuse.reasons, policy.toxic);
    if (results.abuse.score >= Math.max(policy.toxic.flag, TRUSTED_AUTHOR_TOXIC_LIMIT)) tally.tooToxic = true;
  }
  if (results.sentiment && results.sentiment.score <= policy.negative.flag) {
    // Reported either way; held only when the publisher holds very negative comments (the default).
    flags.push({ kind: 'negative', score: results.sentiment.score, reasons: results.sentiment.reasons });
    if (policy.negative.hold) tally.heldBy.push('negative flag');
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
    tally.heldBy.push('unsupported language');
  }
  return flags;
}

/** The `policy` flag's reasons for what the publisher's rules found (the trusted-author one is added after). */
function ruleReasons(findings: PublisherRuleFindings, policy: ModerationPolicy, subject: PolicySubject | undefined, tally: Tally): Reason[] {
  const reasons: Reason[] = [];
  for (const match of findings.bannedTerms) reasons.push(termReason('banned', match));
  if (findings.bannedTerms.length > 0) tally.rejectedBy.push('banned term');
  for (const match of findings.suspectTerms) reasons.push(termReason('suspect', match));
  if (findings.suspectTerms.length > 0) tally.heldBy.push('suspect term');
  if (!subject) return reasons;
  if (findings.standing === 'banned') {
    reasons.push(bannedAuthorReason(subject.authorId, policy.authors.bannedAction));
    if (policy.authors.bannedAction === 'reject') tally.rejectedBy.push('banned author');
    else tally.heldBy.push('banned author');
  }
  if (findings.preModerated) {
    reasons.push(preModerationReason(findings.preModerated, subject.articleId));
    tally.firmHold = true;
  }
  return reasons;
}

function trustMessage(tally: Tally, waived: boolean): string {
  if (waived) return `approved despite ${unique(tally.heldBy).join(', ')}`;
  if (tally.rejectedBy.length > 0) return `not approved: rejected for ${unique(tally.rejectedBy).join(', ')}`;
  if (tally.firmHold) return 'not approved: pre-moderation holds every comment';
  return `not approved: toxic score at or above ${TRUSTED_AUTHOR_TOXIC_LIMIT}`;
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}
