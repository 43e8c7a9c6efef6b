import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AbuseModel } from '../src/abuse/index.js';
import type { SpamModel } from '../src/spam/index.js';

const modelsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'models');

/** The shipped models, read as the service reads them. */
export function shippedSpamModel(): SpamModel {
  return JSON.parse(readFileSync(join(modelsDir, 'spam.json'), 'utf8')) as SpamModel;
}

export function shippedAbuseModel(): AbuseModel {
  return JSON.parse(readFileSync(join(modelsDir, 'abuse.json'), 'utf8')) as AbuseModel;
}

/** The reader comments under the seed article (shared/seed/article-and-comments.txt): ordinary news talk. */
export const SEED_NEWS_COMMENTS = [
  "Hoping for a verifiable mechanism. That's essential for trust.",
  'Finally, some serious diplomatic effort to de-escalate. Progress!',
  "It's good that Qatar and Turkiye are mediating, as direct talks often stall. However, without genuine commitment from both capitals to enforce agreements, these talks are just temporary fixes.",
  "Pakistan's security concerns are valid, but Afghanistan also faces internal challenges with militant groups. A monitoring mechanism is key, but its implementation will be complex.",
  'Pakistan has every right to demand security from cross-border threats. Hope this works.',
  'Dialogue is always the first step. Good to see them talking.',
];

const SPAM_LINES = [
  'check out my channel and subscribe',
  'free money at bit.ly/cash now',
  'subscribe to my channel please',
  'visit my website www.cheap-deals.com for free gift cards',
  'earn money from home, whatsapp me',
];
const HAM_LINES = [
  'i love this song so much',
  'the chorus gets better every time',
  'who is watching this in the rain',
  'this reminds me of summer with my friends',
  'great beat and a great voice',
];

function csvField(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}

/** A temporary shared-data folder holding three small YouTube-format CSVs (`video` varies the wording). */
export function writeYoutubeDataDir(rowsPerClass = 5): string {
  const dataDir = mkdtempSync(join(tmpdir(), 'moderato-spam-'));
  const dir = join(dataDir, 'spam', 'youtube-spam-collection');
  mkdirSync(dir, { recursive: true });
  ['Youtube01-Psy.csv', 'Youtube02-KatyPerry.csv', 'Youtube03-LMFAO.csv'].forEach((file, video) => {
    const rows = ['COMMENT_ID,AUTHOR,DATE,CONTENT,CLASS'];
    for (let i = 0; i < rowsPerClass; i++) {
      const spam = `${SPAM_LINES[(i + video) % SPAM_LINES.length] ?? ''} ${video}${i}`;
      const ham = `${HAM_LINES[(i + video) % HAM_LINES.length] ?? ''}, really, ${video}`;
      rows.push(`s${video}${i},a,2013-01-01,${csvField(spam)},1`, `h${video}${i},b,2013-01-01,${csvField(ham)},0`);
    }
    writeFileSync(join(dir, file), `${rows.join('\n')}\n`);
  });
  return dataDir;
}

const OFFENSIVE_LINES = ['@user you are a stupid idiot', 'shut up you moron', 'this is fucking bullshit', 'what a pathetic loser'];
const FINE_LINES = ['@user thanks for sharing this', 'great game last night', 'see you at the meeting', 'the vote is on tuesday'];

/** A temporary shared-data folder with a small TweetEval-offensive-format train split. */
export function writeOffensiveDataDir(rowsPerClass = 12): string {
  const dataDir = mkdtempSync(join(tmpdir(), 'moderato-abuse-'));
  const dir = join(dataDir, 'toxicity', 'tweeteval-offensive');
  mkdirSync(dir, { recursive: true });
  const texts: string[] = [];
  const labels: string[] = [];
  for (let i = 0; i < rowsPerClass; i++) {
    texts.push(`${OFFENSIVE_LINES[i % OFFENSIVE_LINES.length] ?? ''} ${i}`, `${FINE_LINES[i % FINE_LINES.length] ?? ''} ${i}`);
    labels.push('1', '0');
  }
  writeFileSync(join(dir, 'train_text.txt'), `${texts.join('\n')}\n`);
  writeFileSync(join(dir, 'train_labels.txt'), `${labels.join('\n')}\n`);
  return dataDir;
}
