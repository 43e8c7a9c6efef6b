import { join } from 'node:path';
import { parseCsvRecords } from '../learn/csv.js';
import { readRequired } from '../learn/data-file.js';

export interface LabelledComment {
  text: string;
  spam: boolean;
  /** Where it came from (video file name), for leave-one-source-out cross-validation. */
  source: string;
}

export const YOUTUBE_DIR = join('spam', 'youtube-spam-collection');
export const YOUTUBE_FILES = ['Youtube01-Psy.csv', 'Youtube02-KatyPerry.csv', 'Youtube03-LMFAO.csv'] as const;

/** The YouTube Spam Collection videos under `dataDir` (the shared data folder). CONTENT and CLASS only. */
export function readYoutubeComments(dataDir: string): LabelledComment[] {
  return YOUTUBE_FILES.flatMap((file) => {
    const csv = readRequired(join(dataDir, YOUTUBE_DIR, file), 'spam training data');
    return parseCsvRecords(csv).map((row) => ({
      text: stripHtml(row.CONTENT ?? ''),
      spam: row.CLASS === '1',
      source: file.replace(/\.csv$/, ''),
    }));
  });
}

const LINE_BREAK = /<br\s*\/?>/gi;
const TAG = /<\/?[a-z][^<>]*>/gi;

/** YouTube exported comments as HTML: line breaks become newlines, link tags give way to their text. */
export function stripHtml(html: string): string {
  return html.replace(LINE_BREAK, '\n').replace(TAG, '');
}

/** The SMS Spam Collection (another domain; used only to measure whether it helps). */
export function readSmsMessages(dataDir: string): LabelledComment[] {
  const text = readRequired(join(dataDir, 'spam', 'sms-spam-collection', 'SMSSpamCollection'), 'SMS spam data');
  return text
    .split('\n')
    .filter((line) => line.includes('\t'))
    .map((line) => {
      const tab = line.indexOf('\t');
      return { text: line.slice(tab + 1), spam: line.slice(0, tab) === 'spam', source: 'sms' };
    });
}

/**
 * NYT editorial snippets (VADER ground truth): news prose that is never spam. Used only to measure how often
 * ordinary news-style sentences would be flagged, never for training.
 */
export function readNewsProse(dataDir: string): string[] {
  const path = join(dataDir, 'sentiment', 'vader-ground-truth', 'nytEditorialSnippets_GroundTruth.txt');
  return readRequired(path, 'news prose check')
    .split(/\r?\n/)
    .map((line) => line.split('\t')[2] ?? '')
    .filter((text) => text.trim() !== '');
}
