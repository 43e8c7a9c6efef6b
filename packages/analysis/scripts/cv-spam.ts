/**
 * Leave-one-video-out cross-validation of the spam model on the YouTube Spam Collection: each fold trains on two
 * videos (threshold chosen inside them) and measures on the third. Also reports how often the model trained on
 * all videos flags NYT editorial sentences (news prose that is never spam). Prints one JSON object.
 * Usage: node --conditions=source --import tsx packages/analysis/scripts/cv-spam.ts [dataDir] [--with-sms]
 */
import { resolve } from 'node:path';
import { normalize } from '../src/normalize/index.js';
import { readNewsProse, readSmsMessages, readYoutubeComments } from '../src/spam/data.js';
import { scoreSpam } from '../src/spam/score.js';
import { crossValidateSpam, spamExamples, SPAM_TRAINING, trainSpamModel } from '../src/spam/train.js';

const dataDir = resolve(process.argv.slice(2).find((a) => !a.startsWith('--')) ?? '../shared/data');
const withSms = process.argv.includes('--with-sms');
const examples = spamExamples(readYoutubeComments(dataDir), SPAM_TRAINING.bag);
if (withSms) {
  // SMS messages join every training fold but are never a test fold.
  examples.push(...spamExamples(readSmsMessages(dataDir), SPAM_TRAINING.bag).map((e) => ({ ...e, source: 'zz-sms' })));
}
const result = crossValidateSpam(examples, SPAM_TRAINING, withSms ? ['zz-sms'] : []);
const model = trainSpamModel(dataDir);
const prose = readNewsProse(dataDir);
const flagged = prose.filter((text) => scoreSpam(normalize(text), { blockedDomains: [] }, model).score >= model.threshold);
console.log(
  JSON.stringify(
    {
      task: 'spam',
      method: 'leave-one-video-out, threshold chosen inside the training videos',
      withSms,
      folds: result.folds,
      pooled: result.pooled,
      shippedThreshold: model.threshold,
      newsProseFlagRate: { n: prose.length, flagged: flagged.length, rate: Math.round((flagged.length / prose.length) * 10_000) / 10_000 },
    },
    null,
    1,
  ),
);
