import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SentimentLabel } from '../types.js';

/**
 * Readers for the labelled sentiment sets under `<data>/sentiment/` (layouts described in each SOURCE.md).
 * A missing set is skipped, so callers can train on a subset by writing a data directory with fewer files.
 */
export type PolarityLabel = 'negative' | 'positive';

export interface SentimentRow {
  text: string;
  /** 3-class label; sources that only know polarity never say 'neutral'. */
  label: SentimentLabel;
  /** Data set name, e.g. 'semeval', 'tweeteval', 'uci-yelp', 'vader-tweets'. */
  source: string;
  /** The part of the source it came from, where the source has parts (SemEval: '2013train', '2016test', …). */
  part?: string;
  /** VADER's mean human rating (-4…4), where the source has one: the intensity the label was cut from. */
  rating?: number;
}

/** VADER's mean human ratings (-4…4) within this band count as neutral. */
export const VADER_NEUTRAL_BAND = 0.5;

export const VADER_FILES: Readonly<Record<string, string>> = {
  'vader-tweets': 'tweets_GroundTruth.txt',
  'vader-movie': 'movieReviewSnippets_GroundTruth.txt',
  'vader-amazon': 'amazonReviewSnippets_GroundTruth.txt',
  'vader-nyt': 'nytEditorialSnippets_GroundTruth.txt',
};

export const UCI_FILES: Readonly<Record<string, string>> = {
  'uci-amazon': 'amazon_cells_labelled.txt',
  'uci-imdb': 'imdb_labelled.txt',
  'uci-yelp': 'yelp_labelled.txt',
};

const TWEETEVAL_LABELS: readonly SentimentLabel[] = ['negative', 'neutral', 'positive'];

function lines(path: string): string[] {
  return readFileSync(path, 'utf8').split('\n').map((l) => l.replace(/\r$/, ''));
}

export function readTweetEval(dir: string): SentimentRow[] {
  const textPath = join(dir, 'val_text.txt');
  if (!existsSync(textPath)) return [];
  const texts = lines(textPath);
  const labels = lines(join(dir, 'val_labels.txt'));
  const rows: SentimentRow[] = [];
  labels.forEach((raw, i) => {
    if (raw.trim() === '') return;
    const label = TWEETEVAL_LABELS[Number(raw)];
    const text = texts[i];
    if (label === undefined || text === undefined) throw new Error(`tweeteval: bad label or missing text at line ${i + 1}`);
    rows.push({ text: text.trim(), label, source: 'tweeteval' });
  });
  return rows;
}

export function vaderLabel(mean: number): SentimentLabel {
  if (mean >= VADER_NEUTRAL_BAND) return 'positive';
  if (mean <= -VADER_NEUTRAL_BAND) return 'negative';
  return 'neutral';
}

export function readVader(dir: string): SentimentRow[] {
  const rows: SentimentRow[] = [];
  for (const [source, file] of Object.entries(VADER_FILES)) {
    const path = join(dir, file);
    if (!existsSync(path)) continue;
    for (const line of lines(path)) {
      const [, mean, ...text] = line.split('\t');
      if (mean === undefined || text.length === 0) continue;
      rows.push({ text: text.join('\t').trim(), label: vaderLabel(Number(mean)), source, rating: Number(mean) });
    }
  }
  return rows;
}

export function readUci(dir: string): SentimentRow[] {
  const rows: SentimentRow[] = [];
  for (const [source, file] of Object.entries(UCI_FILES)) {
    const path = join(dir, file);
    if (!existsSync(path)) continue;
    for (const line of lines(path)) {
      const tab = line.lastIndexOf('\t');
      if (tab < 0) continue;
      const flag = line.slice(tab + 1).trim();
      rows.push({ text: line.slice(0, tab).trim(), label: flag === '1' ? 'positive' : 'negative', source });
    }
  }
  return rows;
}

/** Literal `\\u002c`-style escapes left in the SemEval downloads (see its SOURCE.md). */
const LITERAL_ESCAPE = /\\u([0-9a-fA-F]{4})/g;
const SEMEVAL_LABELS = new Set<string>(TWEETEVAL_LABELS);

/**
 * The SemEval 2013–2016 tweets (`source<TAB>label<TAB>text` after a header), written as TweetEval writes them:
 * handles as `@user`, links dropped, so a handle or a t.co id is not thousands of one-off features.
 */
export function readSemeval(dir: string): SentimentRow[] {
  const path = join(dir, 'tweets.tsv');
  if (!existsSync(path)) return [];
  const rows: SentimentRow[] = [];
  for (const line of lines(path).slice(1)) {
    const [part, label, ...text] = line.split('\t');
    if (part === undefined || label === undefined || text.length === 0) continue;
    if (!SEMEVAL_LABELS.has(label)) throw new Error(`semeval: unknown label ${label}`);
    const clean = text.join('\t').replace(LITERAL_ESCAPE, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
      .replace(/@\w+/g, '@user').replace(/https?:\/\/\S+/g, ' ').replace(/\s+/g, ' ').trim();
    rows.push({ text: clean, label: label as SentimentLabel, source: 'semeval', part: part.replace(/^twitter-/, '') });
  }
  return rows;
}

/** The year of a SemEval part ('2013train' → '2013'): the unit held out whole by the evaluation. */
export function semevalYear(row: SentimentRow): string {
  return row.part?.slice(0, 4) ?? '';
}

export const SEMEVAL_DIR = 'semeval-2013-2016-tweets';
export const TWEETEVAL_DIR = 'tweeteval-sentiment-val';

/**
 * The training rows under `<dataDir>/sentiment`. TweetEval's validation tweets are not among them: they are the
 * untouched hold-out the evaluation reports (readTweetEval reads them there).
 */
export function readSentimentData(dataDir: string): SentimentRow[] {
  const root = join(dataDir, 'sentiment');
  return [
    ...readSemeval(join(root, SEMEVAL_DIR)),
    ...readVader(join(root, 'vader-ground-truth')),
    ...readUci(join(root, 'uci-sentiment-labelled-sentences')),
  ];
}
