/**
 * The analysis contract: what each phase takes and returns. Phases are pure functions, run in order
 * normalize → language → sentiment → spam → duplicates → abuse → policy; every score comes with
 * human-readable reasons so a moderator sees why an item was held.
 */

/** One human-readable reason behind a score. `code` is stable (for filters and UIs), `message` is for people. */
export interface Reason {
  code: string;
  message: string;
  /** Character offsets [start, end) into the ORIGINAL text, when the reason points at a span. */
  span?: [number, number];
  /** How much this reason contributed to the score, when that is meaningful. */
  weight?: number;
}

export interface NormalizedText {
  /** The text exactly as submitted, kept for display. */
  original: string;
  /** NFKC, HTML entities decoded, zero-width and control characters removed, whitespace collapsed; case kept. */
  display: string;
  /** `display` case-folded, homoglyphs and leetspeak folded, repeated characters collapsed: for matching. */
  folded: string;
  /** Word tokens of `folded`. */
  tokens: string[];
  /** Optional (added by analysis core): [start, end) offsets into `original` of each token, for spans. */
  tokenSpans?: Array<[number, number]>;
}

export interface LanguageResult {
  /** ISO 639-1 code, or 'und' when undetermined (too short, mixed, unknown script). */
  code: string;
  confidence: number;
  /** Phases that ran and phases that were skipped because they only support English. */
  phasesRun: PhaseName[];
  phasesSkipped: PhaseName[];
}

export type PhaseName = 'normalize' | 'language' | 'sentiment' | 'spam' | 'duplicates' | 'abuse' | 'policy';

export type SentimentLabel = 'negative' | 'neutral' | 'positive';

export interface SentimentResult {
  /** Calibrated score in [-1, 1]. */
  score: number;
  label: SentimentLabel;
  sentences: Array<{ text: string; score: number }>;
  /** Words (or emoji/emoticons) that drove the score, strongest first. */
  drivers: Array<{ token: string; weight: number }>;
  reasons: Reason[];
}

export interface SpamResult {
  /** Probability-like score in [0, 1]. */
  score: number;
  /** Registrable domains of the links found. */
  domains: string[];
  reasons: Reason[];
}

export type AbuseCategory = 'insult' | 'profanity' | 'threat' | 'identity_attack';

export interface AbuseResult {
  /** Probability-like score in [0, 1] that the text is abusive/offensive. */
  score: number;
  categories: Partial<Record<AbuseCategory, number>>;
  /** Matched spans into the ORIGINAL text. */
  spans: Array<{ start: number; end: number; category: AbuseCategory; text: string }>;
  reasons: Reason[];
}

/** What is stored per comment so later comments can be compared with it. */
export interface Fingerprint {
  /** Hex hash of the normalized text: equal for exact (normalized) duplicates. */
  exact: string;
  /** The near-duplicate signature (e.g. MinHash values or SimHash words), opaque to callers. */
  signature: number[];
  /** LSH band keys; two texts that share any band key are candidates. Stored in an indexed array field. */
  bands: string[];
}

export type DuplicateScope = 'article' | 'author' | 'publisher';

/** A previously stored comment whose fingerprint shares at least one band key (found by an indexed lookup). */
export interface DuplicateCandidate {
  commentId: string;
  authorId: string;
  articleId: string;
  fingerprint: Fingerprint;
  /** When the comment was posted; with the checked comment's time, a comment posted later is never its original. */
  createdAt?: Date;
}

export interface DuplicateResult {
  /** Similarity in [0, 1] to the closest candidate (0 when none). */
  score: number;
  match?: {
    commentId: string;
    similarity: number;
    exact: boolean;
    /** Narrowest scope that holds: same article, else same author, else anywhere in the publisher. */
    scope: DuplicateScope;
  };
  reasons: Reason[];
}

export interface ArticleContext {
  id: string;
  title?: string;
  body?: string;
}

/** `policy`: what the publisher's own rules did (terms, pre-moderation, banned or trusted authors). */
export type FlagKind = 'spam' | 'duplicate' | 'negative' | 'toxic' | 'unsupported_language' | 'policy';

export interface Flag {
  kind: FlagKind;
  score: number;
  reasons: Reason[];
}

export type ModerationStatus = 'approved' | 'pending' | 'rejected';

/** What happens to the comments of an author the publisher banned. */
export type BannedAuthorAction = 'reject' | 'hold';

/**
 * A publisher's policy: thresholds on the phase scores, and the publisher's own rules. A flag is raised at `flag`; at
 * `reject` (when set) the comment is rejected outright.
 */
export interface ModerationPolicy {
  /** The publisher's policy version this was built from; 0 for the defaults (never set). Stored with each analysis. */
  version: number;
  spam: { flag: number; reject?: number };
  duplicate: { flag: number; reject?: number };
  toxic: { flag: number; reject?: number };
  /**
   * Sentiment at or below `flag` raises a negative flag; `hold` says whether that flag alone holds the comment for
   * review (when false the flag is still reported, and the comment is approved unless something else holds it).
   */
  negative: { flag: number; hold: boolean };
  /** Domains (registrable) whose links count as spam for this publisher. */
  blockedDomains: string[];
  /** Words or phrases that reject a comment, matched whole after normalization (case, leetspeak, look-alikes). */
  bannedTerms: string[];
  /** Words or phrases that hold a comment for review, matched like `bannedTerms`. */
  suspectTerms: string[];
  /** Hold every comment for a moderator: all of the publisher's, or those on the listed articles. */
  preModeration: { all: boolean; articleIds: string[] };
  /** Author ids (the publisher's own) the publisher trusts or has banned. */
  authors: { trusted: string[]; banned: string[]; bannedAction: BannedAuthorAction };
  /** How long a moderator may undo or change a decision, in minutes from when it was made (0: never). */
  decisions: { undoWindowMinutes: number };
  /** How many days the audit log keeps each entry (GET /v1/audit), counted from when it was written. */
  audit: { retentionDays: number };
  /** Whether `moderato train --from-decisions` may set the spam and abuse flag levels from the moderators' decisions. */
  learning: { fromDecisions: boolean };
}

/** A publisher's stored changes to the default policy: every part optional; lists replace the defaults' lists. */
export interface PolicyOverrides {
  spam?: Partial<ModerationPolicy['spam']>;
  duplicate?: Partial<ModerationPolicy['duplicate']>;
  toxic?: Partial<ModerationPolicy['toxic']>;
  negative?: Partial<ModerationPolicy['negative']>;
  blockedDomains?: string[];
  bannedTerms?: string[];
  suspectTerms?: string[];
  preModeration?: Partial<ModerationPolicy['preModeration']>;
  authors?: Partial<ModerationPolicy['authors']>;
  decisions?: Partial<ModerationPolicy['decisions']>;
  audit?: Partial<ModerationPolicy['audit']>;
  learning?: Partial<ModerationPolicy['learning']>;
}

export interface CommentForAnalysis {
  commentId: string;
  authorId: string;
  articleId: string;
  text: string;
  /** Language declared by the publisher, if any; detection still runs. */
  language?: string;
  /** When it was posted: duplicate candidates posted after it are not its original (see `laterNearCopies`). */
  createdAt?: Date;
}

export interface AnalysisContext {
  article?: ArticleContext;
  policy: ModerationPolicy;
  duplicateCandidates: DuplicateCandidate[];
  /**
   * Optional (added by analysis core): the fingerprint the caller already computed with `analyzer.fingerprint`
   * for this same text to fetch candidates; passing it saves computing it twice.
   */
  fingerprint?: Fingerprint;
}

export interface Analysis {
  /** Version of the analysis code and models that produced this, for re-scoring decisions. */
  version: string;
  /** The publisher policy version applied (`ModerationPolicy.version`; 0: the defaults). */
  policyVersion: number;
  normalized: string;
  language: LanguageResult;
  sentiment?: SentimentResult;
  spam: SpamResult;
  duplicate: DuplicateResult;
  abuse?: AbuseResult;
  fingerprint: Fingerprint;
  flags: Flag[];
  status: ModerationStatus;
}
