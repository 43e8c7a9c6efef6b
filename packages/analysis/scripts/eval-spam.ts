/**
 * Spam: leave-one-video-out over the YouTube Spam Collection (train on two videos, measure on the third): the figure
 * held out by source. Next to it, 5-fold cross-validation with the videos mixed (every video in every training fold),
 * which is what a figure looks like when the videos tested on are not new.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsvRecords } from '../src/learn/csv.js';
import { YOUTUBE_DIR, YOUTUBE_FILES, stripHtml } from '../src/spam/data.js';
import type { EvalKit, TableRow } from './eval-kit.js';
import { pooled } from './eval-kit.js';

const HEADER = 'COMMENT_ID,AUTHOR,DATE,CONTENT,CLASS\n';
const FOLDS = 5;

type Row = Record<string, string>;

function readVideo(kit: EvalKit, file: string): { csv: string; rows: Row[] } {
  const csv = readFileSync(join(kit.dataDir, YOUTUBE_DIR, file), 'utf8');
  return { csv, rows: parseCsvRecords(csv) };
}

const asEvalRow = (r: Row): Record<string, string> => ({ text: stripHtml(r.CONTENT ?? ''), label: r.CLASS === '1' ? 'spam' : 'ham' });

export async function section(kit: EvalKit): Promise<TableRow[]> {
  const rows: TableRow[] = [];
  const reports = [];
  for (const held of YOUTUBE_FILES) {
    const name = `spam-${held.replace(/\.csv$/, '')}`;
    kit.log(`  ${name}`);
    const subset = kit.dataSubset(name, { [`${YOUTUBE_DIR}/${held}`]: HEADER });
    const models = kit.trainInto(name, 'spam', subset);
    const report = kit.evaluate('spam', readVideo(kit, held).rows.map(asEvalRow), models, name);
    reports.push(report);
    rows.push({ task: 'spam', dataset: `YouTube ${held.replace(/^Youtube\d+-|\.csv$/g, '')}`, scheme: 'leave-one-video-out', report });
  }
  rows.push({
    task: 'spam', dataset: '**YouTube, all 3 videos pooled**', scheme: 'leave-one-video-out',
    report: pooled('spam', reports), target: 'F1 ≥ 0.93, FPR ≤ 0.03', role: 'held out by source',
  });
  rows.push({
    task: 'spam', dataset: 'YouTube, all 3 videos pooled', scheme: `${FOLDS}-fold CV, videos mixed`,
    report: mixedFolds(kit), role: 'cross-validated',
  });
  return rows;
}

/** Row i of every video is in fold i mod FOLDS; each fold's rows are cut from the training copy and measured. */
function mixedFolds(kit: EvalKit): ReturnType<typeof pooled> {
  const videos = YOUTUBE_FILES.map((file) => ({ file, rows: readVideo(kit, file).rows }));
  const reports = [];
  for (let fold = 0; fold < FOLDS; fold++) {
    const name = `spam-fold-${fold}`;
    kit.log(`  ${name}`);
    const overrides: Record<string, string> = {};
    const test: Array<Record<string, string>> = [];
    for (const { file, rows } of videos) {
      overrides[`${YOUTUBE_DIR}/${file}`] = HEADER + rows.filter((_, i) => i % FOLDS !== fold).map(csvLine).join('');
      test.push(...rows.filter((_, i) => i % FOLDS === fold).map(asEvalRow));
    }
    const models = kit.trainInto(name, 'spam', kit.dataSubset(name, overrides));
    reports.push(kit.evaluate('spam', test, models, name));
  }
  return pooled('spam', reports);
}

function csvLine(row: Row): string {
  const cell = (value: string | undefined): string => `"${(value ?? '').replace(/"/g, '""')}"`;
  return `${['COMMENT_ID', 'AUTHOR', 'DATE', 'CONTENT', 'CLASS'].map((key) => cell(row[key])).join(',')}\n`;
}
