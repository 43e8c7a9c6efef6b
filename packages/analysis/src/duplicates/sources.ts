import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { SourceText } from './near-copy-pairs.js';

/**
 * Reads base texts for the near-copy generator. Understands the shapes in ../shared/data: CSV with a CONTENT
 * column (YouTube Spam Collection), text lines optionally followed by a tab and a label (TweetEval, UCI sentences),
 * and JSONL with a "text" field. Each file is one group.
 */
export function readSourceTexts(path: string): SourceText[] {
  const content = readFileSync(path, 'utf8');
  const group = basename(path);
  const texts = path.endsWith('.csv')
    ? csvColumn(content, 'CONTENT')
    : path.endsWith('.jsonl')
      ? jsonlTexts(content, path)
      : content.split('\n').map((line) => line.replace(/\t[^\t]*$/, ''));
  return texts.map((text) => ({ group, text: cleanSourceText(text) })).filter((t) => t.text !== '');
}

/**
 * Markup (YouTube's `<br />`, `<a href…>`) and TweetEval's anonymized `@user` mentions are artifacts of how the
 * corpora were collected, not comment text: runs of "@user @user …" would make unrelated tweets look alike.
 */
function cleanSourceText(text: string): string {
  return text
    .replace(/<[^>]{0,500}>/g, ' ')
    .replace(/(^|\s)@user\b/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The sources used to tune the shipped settings (YouTube comments and offensive-language tweets). */
export const TUNING_SOURCES = [
  'spam/youtube-spam-collection/Youtube01-Psy.csv',
  'spam/youtube-spam-collection/Youtube02-KatyPerry.csv',
  'spam/youtube-spam-collection/Youtube03-LMFAO.csv',
  'toxicity/tweeteval-offensive/train_text.txt',
];

/** Sources kept aside for reporting: other tweets and review sentences, never seen while tuning. */
export const REPORT_SOURCES = [
  'sentiment/tweeteval-sentiment-val/val_text.txt',
  'sentiment/uci-sentiment-labelled-sentences/amazon_cells_labelled.txt',
  'sentiment/uci-sentiment-labelled-sentences/imdb_labelled.txt',
  'sentiment/uci-sentiment-labelled-sentences/yelp_labelled.txt',
];

export function readSources(dataDir: string, relativePaths: readonly string[]): SourceText[] {
  return relativePaths.flatMap((p) => readSourceTexts(join(dataDir, p)));
}

function jsonlTexts(content: string, path: string): string[] {
  return content
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      const row = JSON.parse(line) as { text?: unknown };
      if (typeof row.text !== 'string') throw new Error(`${path}:${i + 1}: expected a "text" string`);
      return row.text;
    });
}

/** One column of an RFC 4180 CSV with a header row. */
export function csvColumn(content: string, column: string): string[] {
  const rows = parseCsv(content);
  const header = rows.shift() ?? [];
  const at = header.indexOf(column);
  if (at < 0) throw new Error(`CSV has no ${column} column (header: ${header.join(',')})`);
  return rows.map((row) => row[at] ?? '');
}

function parseCsv(content: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = (): void => {
    row.push(field);
    field = '';
  };
  const endRow = (): void => {
    endField();
    rows.push(row);
    row = [];
  };
  for (let i = 0; i < content.length; i++) {
    const c = content[i];
    if (quoted && c === '"' && content[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (quoted) field += c;
    else if (c === ',') endField();
    else if (c === '\n') endRow();
    else if (c !== '\r') field += c;
  }
  if (field !== '' || row.length > 0) endRow();
  return rows.filter((r) => r.length > 1 || r[0] !== '');
}
