/**
 * In-process 5-fold cross-validation of the sentiment model on TweetEval (the other sources always train), under as
 * many fold assignments as asked. The training and scoring functions are the shipped ones; this skips the model
 * files and language detection that `npm run eval` goes through, so a run of ten assignments takes minutes and
 * its figures differ from the eval's by a few ten-thousandths (four tweets there are skipped as non-English).
 * Prints one JSON object: macro-recall per assignment, pooled, and the mean and spread across assignments.
 * Usage: node --conditions=source --import tsx packages/analysis/scripts/cv-sentiment.ts [dataDir]
 *          [--seeds 4242,1,2] [--options '{"intensity":{...}}']   (options merge into the shipped training options)
 */
import { resolve } from 'node:path';
import { computeMetrics, confusionOf } from '../src/evaluate/metrics.js';
import { normalize } from '../src/normalize/index.js';
import { readSentimentData } from '../src/sentiment/data.js';
import { scoreSentiment } from '../src/sentiment/score.js';
import { DEFAULT_SENTIMENT_TRAINING, foldOf, prepareRows, trainSentimentFromPrepared } from '../src/sentiment/train.js';

const FOLDS = 5;
const LABELS = ['negative', 'neutral', 'positive'];

function flag(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

const flagValues = new Set(['--seeds', '--options'].map(flag));
const dataDir = resolve(process.argv.slice(2).find((a) => !a.startsWith('--') && !flagValues.has(a)) ?? '../shared/data');
const seeds = (flag('--seeds') ?? '4242,1,2').split(',').map(Number);
const options = { ...DEFAULT_SENTIMENT_TRAINING, ...(JSON.parse(flag('--options') ?? '{}') as object) };

const prepared = prepareRows(readSentimentData(dataDir));
const tweets = prepared.filter((p) => p.row.source === 'tweeteval');
type Pair = { actual: string; predicted: string };

function crossValidate(seed: number): Pair[] {
  const fold = foldOf(tweets.length, FOLDS, seed);
  const pairs: Pair[] = [];
  for (let k = 0; k < FOLDS; k++) {
    const held = new Set(tweets.filter((_, i) => fold[i] === k));
    const model = trainSentimentFromPrepared(prepared.filter((p) => !held.has(p)), options);
    for (const p of held) pairs.push({ actual: p.row.label, predicted: scoreSentiment(normalize(p.row.text), model).label });
  }
  return pairs;
}

const macroRecall = (pairs: readonly Pair[]): number => computeMetrics(confusionOf(pairs), LABELS).macroRecall;
const round = (x: number): number => Math.round(x * 1e4) / 1e4;
const runs = seeds.map((seed) => ({ seed, pairs: crossValidate(seed) }));
const perAssignment = runs.map((r) => ({ seed: r.seed, macroRecall: round(macroRecall(r.pairs)) }));
const values = perAssignment.map((r) => r.macroRecall);
const mean = values.reduce((a, b) => a + b, 0) / values.length;
const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, values.length - 1));
console.log(JSON.stringify({
  task: 'sentiment',
  dataset: 'TweetEval sentiment val',
  scheme: `${FOLDS}-fold CV per fold assignment, other sources always train`,
  perAssignment,
  pooled: round(macroRecall(runs.flatMap((r) => r.pairs))),
  mean: round(mean),
  sd: round(sd),
}, null, 1));
