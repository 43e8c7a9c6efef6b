/** What every eval-* section shares with eval-all.ts: the table row, the training/eval kit, pooling and the table. */
import {
  copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { createAnalyzer } from '../src/analyzer.js';
import { computeMetrics, evaluateRows, parseEvalRows, type EvalReport, type EvalTask } from '../src/evaluate/index.js';
import { TASK_LABELS } from '../src/evaluate/rows.js';
import { DEFAULT_MODELS_DIR, MODEL_FILES, loadModels, type Models } from '../src/models.js';
import { trainModels } from '../src/train.js';

export interface TableRow {
  task: EvalTask;
  dataset: string;
  scheme: string;
  report: EvalReport;
  target?: string;
  /** Marks the row the per-task summary shows: the figure held out by source, or the cross-validated one. */
  role?: SummaryRole;
}

export type SummaryRole = 'held out by source' | 'cross-validated';

/** The figure each task is judged by, as named in its target. */
const HEADLINE_METRIC: Record<EvalTask, keyof EvalReport & ('f1' | 'macroRecall' | 'macroF1' | 'recall')> = {
  spam: 'f1', sentiment: 'macroRecall', toxicity: 'macroF1', duplicates: 'recall',
};

/** What a section needs: the data folder, a scratch dir, and helpers to train on a subset and evaluate. */
export interface EvalKit {
  dataDir: string;
  scratch: string;
  log: (line: string) => void;
  /** A training copy of the data folder: every file symlinked, except `overrides` (relative path → new content). */
  dataSubset: (name: string, overrides: Record<string, string>) => string;
  /** Trains `model` on `dataDir` into a fresh models dir holding the shipped versions of the other models. */
  trainInto: (name: string, model: keyof Models, dataDir: string) => string;
  /** Writes rows as JSONL and evaluates them exactly as `moderato eval --task --data --models` does. */
  evaluate: (task: EvalTask, rows: ReadonlyArray<Record<string, string>>, modelsDir: string, name: string) => EvalReport;
}

export function makeKit(dataDir: string, scratch: string): EvalKit {
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const dataSubset = (name: string, overrides: Record<string, string>): string => {
    const root = join(scratch, 'data', name);
    linkTree(dataDir, root, '', overrides);
    return root;
  };
  const trainInto = (name: string, model: keyof Models, subset: string): string => {
    const out = join(scratch, 'models', name);
    mkdirSync(out, { recursive: true });
    for (const file of Object.values(MODEL_FILES)) {
      if (existsSync(join(DEFAULT_MODELS_DIR, file))) copyFileSync(join(DEFAULT_MODELS_DIR, file), join(out, file));
    }
    const started = Date.now();
    trainModels({ dataDir: subset, outDir: out, only: [model] });
    log(`  trained ${model} for ${name} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return out;
  };
  const evaluate: EvalKit['evaluate'] = (task, rows, modelsDir, name) => {
    const file = join(scratch, 'jsonl', `${name}.jsonl`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
    return evaluateRows(task, parseEvalRows(task, readFileSync(file, 'utf8')), createAnalyzer(loadModels(modelsDir)));
  };
  return { dataDir, scratch, log, dataSubset, trainInto, evaluate };
}

function linkTree(from: string, to: string, relative: string, overrides: Record<string, string>): void {
  mkdirSync(join(to, relative), { recursive: true });
  for (const entry of readdirSync(join(from, relative))) {
    const path = relative === '' ? entry : `${relative}/${entry}`;
    if (statSync(join(from, path)).isDirectory()) linkTree(from, to, path, overrides);
    else if (path in overrides) writeFileSync(join(to, path), overrides[path] ?? '');
    else symlinkSync(join(from, path), join(to, path));
  }
}

/** Sums the confusion matrices of several folds and recomputes the metrics on the pool. */
export function pooled(task: EvalTask, reports: readonly EvalReport[], labels = TASK_LABELS[task]): EvalReport {
  const confusion: Record<string, Record<string, number>> = {};
  for (const r of reports) {
    for (const [actual, row] of Object.entries(r.confusion)) {
      for (const [predicted, n] of Object.entries(row)) {
        const target = (confusion[actual] ??= {});
        target[predicted] = (target[predicted] ?? 0) + n;
      }
    }
  }
  const positive = { spam: 'spam', toxicity: 'toxic', duplicates: 'duplicate', sentiment: undefined }[task];
  const first = reports[0];
  const report: EvalReport = { task, ...computeMetrics(confusion, labels, positive), version: first?.version ?? '' };
  if (first?.mode) report.mode = first.mode;
  return report;
}

const fmt = (x: number | undefined): string => (x === undefined ? '–' : x.toFixed(3));

export function markdownTable(rows: readonly TableRow[]): string {
  const lines = [
    '| task | data (held out) | scheme | n | accuracy | precision | recall | F1 | FPR | macro-recall | macro-F1 | target |',
    '|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const { task, dataset, scheme, report: r, target } of rows) {
    lines.push(`| ${task} | ${dataset} | ${scheme} | ${r.n} | ${fmt(r.accuracy)} | ${fmt(r.precision)} | ${fmt(r.recall)} | ` +
      `${fmt(r.f1)} | ${fmt(r.fpr)} | ${fmt(r.macroRecall)} | ${fmt(r.macroF1)} | ${target ?? ''} |`);
  }
  return lines.join('\n');
}

/**
 * Per task, the figure held out by source next to the cross-validated one (from the rows marked with a `role`); a
 * task whose rows carry no role is listed with dashes rather than left out.
 */
export function summaryTable(rows: readonly TableRow[]): string {
  const lines = [
    '| task | figure | held out by source | cross-validated |',
    '|---|---|---|---|',
  ];
  for (const task of [...new Set(rows.map((r) => r.task))]) {
    const metric = HEADLINE_METRIC[task];
    const cell = (role: SummaryRole): string => {
      const found = rows.filter((r) => r.task === task && r.role === role);
      return found.length === 0 ? '–' : found.map((r) => `${fmt(r.report[metric] as number | undefined)} (${r.dataset.replace(/\*\*/g, '')}, ${r.scheme})`).join('; ');
    };
    lines.push(`| ${task} | ${metric} | ${cell('held out by source')} | ${cell('cross-validated')} |`);
  }
  return lines.join('\n');
}
