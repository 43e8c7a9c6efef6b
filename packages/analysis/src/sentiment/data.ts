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
  /** Data set name, e.g. 'tweeteval', 'uci-yelp', 'vader-tweets'. */
  source: string;
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

/** Every sentiment row under `<dataDir>/sentiment`. */
export function readSentimentData(dataDir: string): SentimentRow[] {
  const root = join(dataDir, 'sentiment');
  return [
    ...readTweetEval(join(root, 'tweeteval-sentiment-val')),
    ...readVader(join(root, 'vader-ground-truth')),
    ...readUci(join(root, 'uci-sentiment-labelled-sentences')),
  ];
}
