/** Spam: leave-one-video-out over the YouTube Spam Collection (train on two videos, measure on the third). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsvRecords } from '../src/learn/csv.js';
import { YOUTUBE_DIR, YOUTUBE_FILES, stripHtml } from '../src/spam/data.js';
import type { EvalKit, TableRow } from './eval-kit.js';
import { pooled } from './eval-kit.js';

const HEADER = 'COMMENT_ID,AUTHOR,DATE,CONTENT,CLASS\n';

export async function section(kit: EvalKit): Promise<TableRow[]> {
  const rows: TableRow[] = [];
  const reports = [];
  for (const held of YOUTUBE_FILES) {
    const name = `spam-${held.replace(/\.csv$/, '')}`;
    kit.log(`  ${name}`);
    const subset = kit.dataSubset(name, { [`${YOUTUBE_DIR}/${held}`]: HEADER });
    const models = kit.trainInto(name, 'spam', subset);
    const csv = readFileSync(join(kit.dataDir, YOUTUBE_DIR, held), 'utf8');
    const test = parseCsvRecords(csv).map((r) => ({ text: stripHtml(r.CONTENT ?? ''), label: r.CLASS === '1' ? 'spam' : 'ham' }));
    const report = kit.evaluate('spam', test, models, name);
    reports.push(report);
    rows.push({ task: 'spam', dataset: `YouTube ${held.replace(/^Youtube\d+-|\.csv$/g, '')}`, scheme: 'leave-one-video-out', report });
  }
  rows.push({
    task: 'spam', dataset: '**YouTube, all 3 videos pooled**', scheme: 'leave-one-video-out',
    report: pooled('spam', reports), target: 'F1 ≥ 0.93, FPR ≤ 0.03',
  });
  return rows;
}
