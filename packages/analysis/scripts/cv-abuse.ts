/**
 * Measures the abuse model: trained on TweetEval offensive train (threshold chosen by 5-fold CV inside train: its
 * out-of-fold figures are printed as trainCv),
 * scored on TweetEval offensive val (held out), and, as cross-domain checks with the same model and threshold, on
 * TweetEval hate val, Davidson et al. (offensive+hate vs neither) and the Jigsaw sample. Prints one JSON object.
 * Usage: node --conditions=source --import tsx packages/analysis/scripts/cv-abuse.ts [dataDir]
 */
import { resolve } from 'node:path';
import { normalize } from '../src/normalize/index.js';
import type { LabelledText } from '../src/abuse/data.js';
import { readDavidson, readJigsawSample, readTweetEval } from '../src/abuse/data.js';
import type { AbuseModel } from '../src/abuse/model.js';
import { scoreAbuse } from '../src/abuse/score.js';
import { trainAbuseModel } from '../src/abuse/train.js';
import { binaryFigures } from '../src/learn/metrics.js';

const dataDir = resolve(process.argv[2] ?? '../shared/data');
let trainCv: ReturnType<typeof binaryFigures> | undefined;
const model = trainAbuseModel(dataDir, undefined, (scores, labels, threshold) => {
  trainCv = binaryFigures(scores.map((s) => s >= threshold), labels);
});

function measure(rows: readonly LabelledText[], m: AbuseModel): ReturnType<typeof binaryFigures> {
  const predicted = rows.map((row) => scoreAbuse(normalize(row.text), m).score >= m.threshold);
  return binaryFigures(predicted, rows.map((row) => row.abusive));
}

console.log(
  JSON.stringify(
    {
      task: 'toxicity',
      threshold: model.threshold,
      features: Object.keys(model.classifier.weights).length,
      // 5-fold out-of-fold classifier scores inside train, at the threshold chosen on them (so a little optimistic);
      // the rules that read whom a harsh word is aimed at are not applied here, unlike the rows below.
      trainCv,
      offensiveVal: measure(readTweetEval(dataDir, 'offensive', 'val'), model),
      hateVal: measure(readTweetEval(dataDir, 'hate', 'val'), model),
      davidson: measure(readDavidson(dataDir), model),
      jigsawSample: measure(readJigsawSample(dataDir), model),
    },
    null,
    1,
  ),
);
