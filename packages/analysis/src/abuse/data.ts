import { join } from 'node:path';
import { parseCsvRecords } from '../learn/csv.js';
import { readRequired } from '../learn/data-file.js';

export interface LabelledText {
  text: string;
  abusive: boolean;
}

export const OFFENSIVE_DIR = join('toxicity', 'tweeteval-offensive');

/** A TweetEval split: `<split>_text.txt` and `<split>_labels.txt`, one per line, 1 = offensive/hate. */
export function readTweetEval(dataDir: string, task: 'offensive' | 'hate', split: 'train' | 'val'): LabelledText[] {
  const dir = join(dataDir, 'toxicity', `tweeteval-${task}`);
  const texts = readRequired(join(dir, `${split}_text.txt`), `TweetEval ${task} ${split}`).split('\n');
  const labels = readRequired(join(dir, `${split}_labels.txt`), `TweetEval ${task} ${split}`).split('\n');
  return labels
    .map((label, i) => ({ label: label.trim(), text: texts[i] ?? '' }))
    .filter((row) => row.label !== '')
    .map((row) => ({ text: row.text, abusive: row.label === '1' }));
}

/** Davidson et al.: offensive (1) and hate (0) count as abusive, neither (2) as not. */
export function readDavidson(dataDir: string): LabelledText[] {
  const csv = readRequired(join(dataDir, 'toxicity', 'davidson-hate-offensive', 'labeled_data.csv'), 'Davidson data');
  return parseCsvRecords(csv).map((row) => ({ text: row.tweet ?? '', abusive: row.class !== '2' }));
}

/** Jigsaw sample: toxic = any of the six labels. */
export function readJigsawSample(dataDir: string): LabelledText[] {
  const csv = readRequired(join(dataDir, 'toxicity', 'jigsaw-toxic-sample-ibm', 'test_examples.csv'), 'Jigsaw sample');
  const labels = ['toxic', 'severe_toxic', 'obscene', 'threat', 'insult', 'identity_hate'];
  return parseCsvRecords(csv).map((row) => ({ text: row.comment_text ?? '', abusive: labels.some((l) => row[l] === '1') }));
}
