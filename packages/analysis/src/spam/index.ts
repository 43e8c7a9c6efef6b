/** Spam phase: rules with reasons (links, promotion, lures, contact details, floods) plus a learned classifier. */
export type { SpamModel } from './model.js';
export { compileSpamModel } from './model.js';
export type { SpamContext } from './score.js';
export { scoreSpam } from './score.js';
export { trainSpamModel, crossValidateSpam, spamExamples, SPAM_TRAINING, SPAM_MODEL_VERSION } from './train.js';
export { SHORTENER_DOMAINS, isShortener } from './shorteners.js';
