/** Abuse phase: lexicon matches with spans and categories (insult, profanity, threat, identity attack) plus a learned classifier. */
export type { AbuseModel } from './model.js';
export { compileAbuseModel } from './model.js';
export { scoreAbuse } from './score.js';
export { trainAbuseModel, ABUSE_TRAINING, ABUSE_MODEL_VERSION } from './train.js';
