/**
 * The labelled JSONL formats `moderato eval` reads. Every line is checked; a bad line is an error naming its
 * number and field, never skipped.
 */
export const EVAL_TASKS = ['spam', 'sentiment', 'toxicity', 'duplicates'] as const;
export type EvalTask = (typeof EVAL_TASKS)[number];

export const TASK_LABELS: Readonly<Record<EvalTask, readonly string[]>> = {
  spam: ['ham', 'spam'],
  sentiment: ['negative', 'neutral', 'positive'],
  toxicity: ['ok', 'toxic'],
  duplicates: ['distinct', 'duplicate'],
};

/** The positive class of each binary task. */
export const POSITIVE_LABEL: Readonly<Partial<Record<EvalTask, string>>> = {
  spam: 'spam',
  toxicity: 'toxic',
  duplicates: 'duplicate',
};

export type EvalRow = { text: string; label: string } | { a: string; b: string; label: string };

export function isEvalTask(value: string): value is EvalTask {
  return (EVAL_TASKS as readonly string[]).includes(value);
}

export class EvalInputError extends Error {}

/** Parses one JSONL line (1-based `lineNumber` for messages); blank lines return undefined. */
export function parseEvalLine(task: EvalTask, line: string, lineNumber: number): EvalRow | undefined {
  if (line.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new EvalInputError(`line ${lineNumber}: not valid JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new EvalInputError(`line ${lineNumber}: expected a JSON object`);
  }
  const record = value as Record<string, unknown>;
  const text = (field: string): string => {
    const v = record[field];
    if (typeof v !== 'string') throw new EvalInputError(`line ${lineNumber}: field "${field}" must be a string`);
    return v;
  };
  const label = text('label');
  if (!TASK_LABELS[task].includes(label)) {
    throw new EvalInputError(
      `line ${lineNumber}: field "label" must be one of ${TASK_LABELS[task].join(', ')} for task ${task}, got "${label}"`,
    );
  }
  return task === 'duplicates' ? { a: text('a'), b: text('b'), label } : { text: text('text'), label };
}

export function parseEvalRows(task: EvalTask, jsonl: string): EvalRow[] {
  const rows: EvalRow[] = [];
  jsonl.split('\n').forEach((line, i) => {
    const row = parseEvalLine(task, line, i + 1);
    if (row) rows.push(row);
  });
  return rows;
}
