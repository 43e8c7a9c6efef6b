import { scoreAbuse } from './abuse/index.js';
import { findDuplicate, fingerprintText } from './duplicates/index.js';
import { detectLanguage } from './language/index.js';
import { analysisVersion, type Models } from './models.js';
import { normalize } from './normalize/index.js';
import { applyPolicy, policyForModels } from './policy/index.js';
import { scoreSentiment } from './sentiment/index.js';
import { scoreSpam } from './spam/index.js';
import type {
  Analysis, AnalysisContext, CommentForAnalysis, Fingerprint, ModerationPolicy, NormalizedText,
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
}

export function createAnalyzer(models: Models): Analyzer {
  const version = analysisVersion(models);
  const defaultPolicy = policyForModels(models);
  return {
    version,
    models,
    defaultPolicy,
    fingerprint: (text) => fingerprintText(normalize(text), models.duplicates),
    analyze: (comment, context) => analyzeNormalized(normalize(comment.text), comment, context, models, version),
  };
}

function analyzeNormalized(
  text: NormalizedText, comment: CommentForAnalysis, context: AnalysisContext, models: Models, version: string,
): Analysis {
  const language = detectLanguage(text, comment.language);
  const english = language.phasesSkipped.length === 0;
  const sentiment = english ? scoreSentiment(text, models.sentiment) : undefined;
  const spam = scoreSpam(text, { article: context.article, blockedDomains: context.policy.blockedDomains }, models.spam);
  const fingerprint = context.fingerprint ?? fingerprintText(text, models.duplicates);
  const duplicate = findDuplicate(comment, fingerprint, context.duplicateCandidates, models.duplicates);
  const abuse = english ? scoreAbuse(text, models.abuse) : undefined;
  const { flags, status } = applyPolicy({ language, sentiment, spam, duplicate, abuse }, context.policy);
  const analysis: Analysis = {
    version, normalized: text.display, language, spam, duplicate, fingerprint, flags, status,
  };
  if (sentiment) analysis.sentiment = sentiment;
  if (abuse) analysis.abuse = abuse;
  return analysis;
}
