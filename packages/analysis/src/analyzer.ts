import { scoreAbuse } from './abuse/index.js';
import { findDuplicate, fingerprintText, laterNearCopies } from './duplicates/index.js';
import { detectLanguage } from './language/index.js';
import { analysisVersion, type Models } from './models.js';
import { normalize } from './normalize/index.js';
import { applyPolicy, policyForModels } from './policy/index.js';
import { scoreSentiment } from './sentiment/index.js';
import { scoreSpam } from './spam/index.js';
import type {
  Analysis, AnalysisContext, CommentForAnalysis, DuplicateCandidate, Fingerprint, ModerationPolicy, NormalizedText,
} from './types.js';

/**
 * The ordered pipeline: normalize → language → sentiment → spam → duplicates → abuse → policy. Pure and
 * synchronous; the worker, the CLI and the evaluation all go through `analyze` with the same models.
 */
export interface Analyzer {
  readonly version: string;
  readonly models: Models;
  /** The policy whose thresholds are the models' tuned operating points; publishers override from here. */
  readonly defaultPolicy: ModerationPolicy;
  analyze(comment: CommentForAnalysis, context: AnalysisContext): Analysis;
  /** Fingerprint of a text, so the caller can fetch duplicate candidates by band keys before `analyze`. */
  fingerprint(text: string): Fingerprint;
  /** Candidates posted after the comment that are near-copies of it (processed first, they named no original). */
  laterNearCopies(comment: CommentForAnalysis, fingerprint: Fingerprint, candidates: readonly DuplicateCandidate[]): DuplicateCandidate[];
}

/**
 * The pipeline over `models`. `loadModels` has built the spam and abuse tables already; one analysis is still run
 * before returning for what is built on first use (the sentiment weights, character-class tables, JIT), so the
 * first real comment is not slowed down.
 */
export function createAnalyzer(models: Models): Analyzer {
  const version = analysisVersion(models);
  const defaultPolicy = policyForModels(models);
  const normalized = new HandOver();
  const analyzer: Analyzer = {
    version,
    models,
    defaultPolicy,
    fingerprint: (text) => fingerprintText(normalized.keep(text, normalize(text)), models.duplicates),
    analyze: (comment, context) => {
      const text = normalized.take(comment.text) ?? normalize(comment.text);
      return analyzeNormalized(text, comment, context, models, version);
    },
    laterNearCopies: (comment, fingerprint, candidates) => laterNearCopies(comment, fingerprint, candidates, models.duplicates),
  };
  analyzer.analyze(WARM_UP, { policy: defaultPolicy, duplicateCandidates: [] });
  return analyzer;
}

/** Exercises every phase (English, a link, a repeated letter, an insult) for the warm-up. */
const WARM_UP: CommentForAnalysis = {
  commentId: 'warm-up',
  authorId: 'warm-up',
  articleId: 'warm-up',
  text: 'Great talks, finally!!! But you are a stupid liar 😂 see http://bit.ly/x3k9 fr3e m0ney',
};

/**
 * The worker fingerprints a comment (to fetch duplicate candidates), then analyzes the same text: the normalized
 * text computed for the fingerprint is handed over to that next `analyze` of the identical string, once, so the
 * text is normalized once. Normalization is pure, so the result is the same as normalizing again.
 */
class HandOver {
  private text: string | undefined;
  private normalized: NormalizedText | undefined;

  keep(text: string, normalized: NormalizedText): NormalizedText {
    this.text = text;
    this.normalized = normalized;
    return normalized;
  }

  take(text: string): NormalizedText | undefined {
    const normalized = text === this.text ? this.normalized : undefined;
    this.text = undefined;
    this.normalized = undefined;
    return normalized;
  }
}

function analyzeNormalized(
  text: NormalizedText, comment: CommentForAnalysis, context: AnalysisContext, models: Models, version: string,
): Analysis {
  const language = detectLanguage(text, comment.language);
  const english = language.phasesSkipped.length === 0;
  const sentiment = english ? scoreSentiment(text, models.sentiment, context.article) : undefined;
  const spam = scoreSpam(text, { article: context.article, blockedDomains: context.policy.blockedDomains }, models.spam);
  const fingerprint = context.fingerprint ?? fingerprintText(text, models.duplicates);
  const duplicate = findDuplicate(comment, fingerprint, context.duplicateCandidates, models.duplicates);
  const abuse = english ? scoreAbuse(text, models.abuse) : undefined;
  const subject = { text, authorId: comment.authorId, articleId: comment.articleId };
  const { flags, status } = applyPolicy({ language, sentiment, spam, duplicate, abuse }, context.policy, subject);
  const analysis: Analysis = {
    version, policyVersion: context.policy.version, normalized: text.display, language, spam, duplicate, fingerprint, flags, status,
  };
  if (sentiment) analysis.sentiment = sentiment;
  if (abuse) analysis.abuse = abuse;
  return analysis;
}
