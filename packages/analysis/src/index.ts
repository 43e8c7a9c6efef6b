/** @moderato/analysis: the comment analysis pipeline, its models, training and evaluation. */
export type * from './types.js';
export { normalize } from './normalize/index.js';
export { detectLanguage, ENGLISH_ONLY_PHASES } from './language/index.js';
export { scoreSentiment, trainSentimentModel, type SentimentModel } from './sentiment/index.js';
export { scoreSpam, trainSpamModel, type SpamModel } from './spam/index.js';
export { scoreAbuse, trainAbuseModel, type AbuseModel } from './abuse/index.js';
export {
  fingerprintText, findDuplicate, laterNearCopies, similarity, LshIndex, parseDuplicateSettings, type DuplicateSettings,
} from './duplicates/index.js';
export {
  applyPolicy, defaultPolicy, explainPolicy, policyForModels, withOverrides, POLICY_REASON_CODES, TRUSTED_AUTHOR_TOXIC_LIMIT,
  type PolicyDecision, type PolicySubject,
} from './policy/index.js';
export { createAnalyzer, type Analyzer } from './analyzer.js';
export {
  loadModels, tunedDefaultPolicy, analysisVersion, DEFAULT_MODELS_DIR, MODEL_FILES, ANALYSIS_CODE_VERSION, type Models,
} from './models.js';
export { trainModels, type TrainOptions, type TrainReport } from './train.js';
export {
  evaluateRows, parseEvalRows, computeMetrics, EVAL_TASKS, type EvalTask, type EvalRow, type EvalReport,
} from './evaluate/index.js';
export {
  calibrateFlagLevels, flagQuality, NotEnoughDecisionsError,
  type CalibrationOptions, type CalibrationReport, type DecisionExample, type FlagLevels, type FlagQuality,
} from './feedback/calibrate.js';
