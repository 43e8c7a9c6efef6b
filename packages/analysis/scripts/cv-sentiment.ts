/**
 * In-process measurement of the sentiment training choices, for choosing them without the TweetEval hold-out:
 *  - `years`: each SemEval year (2013, 2014, 2015, 2016) held out whole, the model trained on the rest;
 *  - `folds`: 5-fold cross-validation over the SemEval tweets (the other sources always train);
 *  - `holdout`: trained on everything, scored on the 2,000 TweetEval validation tweets. This is the figure
 *    reported, never the one a choice is made on.
 * The training and scoring functions are the shipped ones; this skips the model files and language detection that
 * `npm run eval` goes through, so its figures differ from the eval's by a few ten-thousandths.
 * Prints one JSON object per scheme.
 * Usage: node --conditions=source --import tsx packages/analysis/scripts/cv-sentiment.ts [dataDir]
 *          [--scheme years,folds,holdout] [--without vader-movie,uci-yelp] [--options '{"hashBits":16}']
 *          (options merge into the shipped training options; --without drops training sources)
 */
import { join, resolve } from 'node:path';
import { computeMetrics, confusionOf } from '../src/evaluate/metrics.js';
import { normalize } from '../src/normalize/index.js';
import { SEMEVAL_DIR, TWEETEVAL_DIR, readSentimentData, readTweetEval, semevalYear } from '../src/sentiment/data.js';
import { scoreSentiment } from '../src/sentiment/score.js';
import {
  DEFAULT_SENTIMENT_TRAINING, foldOf, prepareRows, trainSentimentFromPrepared, type PreparedRow,
} from '../src/sentiment/train.js';

const FOLDS = 5;
const FOLD_SEED = 4242;
const LABELS = ['negative', 'neutral', 'positive'];

function flag(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

const flagValues = new Set(['--scheme', '--without', '--options'].map(flag));
const dataDir = resolve(process.argv.slice(2).find((a) => !a.startsWith('--') && !flagValues.has(a)) ?? '../shared/data');
const schemes = (flag('--scheme') ?? 'years').split(',');
const without = new Set((flag('--without') ?? '').split(',').filter((s) => s !== ''));
const options = { ...DEFAULT_SENTIMENT_TRAINING, ...(JSON.parse(flag('--options') ?? '{}') as object) };

const prepared = prepareRows(readSentimentData(dataDir).filter((r) => !without.has(r.source)));
const semeval = prepared.filter((p) => p.row.source === 'semeval');
type Pair = { actual: string; predicted: string };

/** Trains without `held` and labels `held`. */
function predictHeld(held: ReadonlySet<PreparedRow>): Pair[] {
  const model = trainSentimentFromPrepared(prepared.filter((p) => !held.has(p)), options);
  return [...held].map((p) => ({ actual: p.row.label, predicted: scoreSentiment(normalize(p.row.text), model).label }));
}

const round = (x: number): number => Math.round(x * 1e4) / 1e4;
function figures(pairs: readonly Pair[]): { n: number; macroRecall: number; accuracy: number } {
  const m = computeMetrics(confusionOf(pairs), LABELS);
  return { n: pairs.length, macroRecall: round(m.macroRecall), accuracy: round(m.accuracy) };
}

function years(): object {
  const all: Pair[] = [];
  const perYear: Record<string, object> = {};
  for (const year of [...new Set(semeval.map((p) => semevalYear(p.row)))].sort()) {
    const pairs = predictHeld(new Set(semeval.filter((p) => semevalYear(p.row) === year)));
    perYear[year] = figures(pairs);
    all.push(...pairs);
    process.stderr.write(`  year ${year}: ${JSON.stringify(perYear[year])}\n`);
  }
  return { scheme: 'each SemEval year held out', pooled: figures(all), perYear };
}

function folds(): object {
  const fold = foldOf(semeval.length, FOLDS, FOLD_SEED);
  const all: Pair[] = [];
  for (let k = 0; k < FOLDS; k++) all.push(...predictHeld(new Set(semeval.filter((_, i) => fold[i] === k))));
  return { scheme: `${FOLDS}-fold CV over SemEval, fold seed ${FOLD_SEED}`, pooled: figures(all) };
}

function holdout(): object {
  const model = trainSentimentFromPrepared(prepared, options);
  const tweets = readTweetEval(join(dataDir, 'sentiment', TWEETEVAL_DIR));
  const pairs = tweets.map((r) => ({ actual: r.label, predicted: scoreSentiment(normalize(r.text), model).label }));
  return { scheme: `trained on all (${SEMEVAL_DIR} and the rest), TweetEval val held out`, heldOut: figures(pairs) };
}

const run = { years, folds, holdout };
for (const scheme of schemes) {
  const measure = run[scheme as keyof typeof run];
  if (!measure) throw new Error(`--scheme: unknown scheme ${scheme}`);
  const started = Date.now();
  const result = measure();
  console.log(JSON.stringify({ task: 'sentiment', without: [...without], options: flag('--options') ?? '{}', ...result,
    seconds: Math.round((Date.now() - started) / 1000) }));
}
