import type { Analyzer } from '../analyzer.js';
import { similarity } from '../duplicates/index.js';
import type { Fingerprint } from '../types.js';
import { computeMetrics, confusionOf, type Metrics } from './metrics.js';
import { POSITIVE_LABEL, TASK_LABELS, type EvalRow, type EvalTask } from './rows.js';

export { computeMetrics, confusionOf, type Confusion, type Metrics } from './metrics.js';
export {
  EVAL_TASKS, EvalInputError, TASK_LABELS, isEvalTask, parseEvalLine, parseEvalRows, type EvalRow, type EvalTask,
} from './rows.js';

/**
 * Runs the shipped analysis on labelled rows and measures it. Spam and toxicity are predicted exactly as the
 * worker decides them (a flag under the analyzer's default policy); duplicates as the worker finds them (the
 * pair must share an exact key or an LSH band, then reach the settings' similarity threshold).
 */
export interface EvalReport extends Metrics {
  task: EvalTask;
  /** 'binary-polarity' when a sentiment file has no neutral rows: the sign of the score is compared. */
  mode?: 'three-class' | 'binary-polarity';
  /** Rows whose phase was skipped because the text was detected as non-English (predicted as the negative class). */
  skippedNonEnglish?: number;
  threshold?: number | { negative: number; positive: number };
  version: string;
}

export function evaluateRows(task: EvalTask, rows: readonly EvalRow[], analyzer: Analyzer): EvalReport {
  if (rows.length === 0) throw new Error(`eval ${task}: no rows`);
  switch (task) {
    case 'spam':
    case 'toxicity':
      return evaluateFlagTask(task, rows, analyzer);
    case 'sentiment':
      return evaluateSentiment(rows, analyzer);
    case 'duplicates':
      return evaluateDuplicates(rows, analyzer);
  }
}

function textOf(row: EvalRow, index: number): string {
  if ('text' in row) return row.text;
  throw new Error(`row ${index + 1}: expected a "text" field`);
}

function analyzeText(analyzer: Analyzer, text: string, index: number): ReturnType<Analyzer['analyze']> {
  return analyzer.analyze(
    { commentId: `eval-${index + 1}`, authorId: 'eval', articleId: 'eval', text },
    { policy: analyzer.defaultPolicy, duplicateCandidates: [] },
  );
}

function evaluateFlagTask(task: 'spam' | 'toxicity', rows: readonly EvalRow[], analyzer: Analyzer): EvalReport {
  const kind = task === 'spam' ? 'spam' : 'toxic';
  const [negative = '', positive = ''] = TASK_LABELS[task];
  let skipped = 0;
  const pairs = rows.map((row, i) => {
    const analysis = analyzeText(analyzer, textOf(row, i), i);
    if (task === 'toxicity' && !analysis.abuse) skipped++;
    const flagged = analysis.flags.some((f) => f.kind === kind);
    return { actual: row.label, predicted: flagged ? positive : negative };
  });
  const metrics = computeMetrics(confusionOf(pairs), TASK_LABELS[task], POSITIVE_LABEL[task]);
  const threshold = task === 'spam' ? analyzer.defaultPolicy.spam.flag : analyzer.defaultPolicy.toxic.flag;
  const report: EvalReport = { task, ...metrics, threshold, version: analyzer.version };
  if (task === 'toxicity') report.skippedNonEnglish = skipped;
  return report;
}

function evaluateSentiment(rows: readonly EvalRow[], analyzer: Analyzer): EvalReport {
  const binary = !rows.some((r) => r.label === 'neutral');
  let skipped = 0;
  const pairs = rows.map((row, i) => {
    const sentiment = analyzeText(analyzer, textOf(row, i), i).sentiment;
    if (!sentiment) {
      skipped++;
      return { actual: row.label, predicted: 'neutral' };
    }
    const predicted = binary ? (sentiment.score >= 0 ? 'positive' : 'negative') : sentiment.label;
    return { actual: row.label, predicted };
  });
  const labels = binary ? ['negative', 'positive'] : TASK_LABELS.sentiment;
  return {
    task: 'sentiment',
    mode: binary ? 'binary-polarity' : 'three-class',
    ...computeMetrics(confusionOf(pairs), labels),
    skippedNonEnglish: skipped,
    threshold: binary ? { negative: 0, positive: 0 } : analyzer.models.sentiment.thresholds,
    version: analyzer.version,
  };
}

function evaluateDuplicates(rows: readonly EvalRow[], analyzer: Analyzer): EvalReport {
  const settings = analyzer.models.duplicates;
  const threshold = analyzer.defaultPolicy.duplicate.flag;
  const pairs = rows.map((row, i) => {
    if (!('a' in row)) throw new Error(`row ${i + 1}: expected "a" and "b" fields`);
    const a = analyzer.fingerprint(row.a);
    const b = analyzer.fingerprint(row.b);
    const found = a.exact === b.exact || sharesBand(a, b);
    const duplicate = found && similarity(a, b, settings) >= threshold;
    return { actual: row.label, predicted: duplicate ? 'duplicate' : 'distinct' };
  });
  return {
    task: 'duplicates',
    ...computeMetrics(confusionOf(pairs), TASK_LABELS.duplicates, 'duplicate'),
    threshold,
    version: analyzer.version,
  };
}

function sharesBand(a: Fingerprint, b: Fingerprint): boolean {
  const keys = new Set(a.bands);
  return b.bands.some((k) => keys.has(k));
}
