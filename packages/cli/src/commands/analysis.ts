import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  DEFAULT_MODELS_DIR, EVAL_TASKS, LshIndex, createAnalyzer, evaluateRows, loadModels, parseEvalRows, trainModels,
  type Analyzer, type ArticleContext, type CommentForAnalysis, type DuplicateCandidate, type EvalTask,
} from '@moderato/analysis';
import { UsageError, type CommandIo } from './io.js';

/** `moderato train | eval | score`: the analysis commands. Each returns its exit code. */
export type { CommandIo } from './io.js';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
/** The labelled data sits next to the repository, never inside it. */
export const DEFAULT_DATA_DIR = resolve(REPO_ROOT, '..', 'shared', 'data');

const USAGE = {
  train: 'usage: moderato train [--data DIR] [--out DIR]',
  eval: `usage: moderato eval --task <${EVAL_TASKS.join('|')}> --data FILE.jsonl [--models DIR]`,
  score: 'usage: moderato score [--models DIR] < comments.jsonl',
};

function parse<T extends Record<string, { type: 'string' }>>(argv: string[], options: T, usage: string) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: false, strict: true }).values;
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${usage}`);
  }
}

async function run(io: CommandIo, body: () => Promise<number> | number): Promise<number> {
  try {
    return await body();
  } catch (error) {
    io.stderr.write(`${error instanceof UsageError ? '' : 'error: '}${(error as Error).message}\n`);
    return error instanceof UsageError ? 2 : 1;
  }
}

export async function trainCommand(argv: string[], io: CommandIo): Promise<number> {
  return run(io, () => {
    const args = parse(argv, { data: { type: 'string' }, out: { type: 'string' } }, USAGE.train);
    const dataDir = resolve(args.data ?? DEFAULT_DATA_DIR);
    const outDir = resolve(args.out ?? DEFAULT_MODELS_DIR);
    const report = trainModels({ dataDir, outDir, log: (line) => io.stderr.write(`${line}\n`) });
    io.stdout.write(`${JSON.stringify(report)}\n`);
    return 0;
  });
}

export async function evalCommand(argv: string[], io: CommandIo): Promise<number> {
  return run(io, () => {
    const args = parse(argv, { task: { type: 'string' }, data: { type: 'string' }, models: { type: 'string' } }, USAGE.eval);
    const task = args.task;
    if (task === undefined || !(EVAL_TASKS as readonly string[]).includes(task)) {
      throw new UsageError(`--task must be one of ${EVAL_TASKS.join(', ')}\n${USAGE.eval}`);
    }
    if (args.data === undefined) throw new UsageError(`--data FILE.jsonl is required\n${USAGE.eval}`);
    const rows = parseEvalRows(task as EvalTask, readFileSync(args.data, 'utf8'));
    const analyzer = createAnalyzer(loadModels(args.models === undefined ? undefined : resolve(args.models)));
    io.stdout.write(`${JSON.stringify(evaluateRows(task as EvalTask, rows, analyzer))}\n`);
    return 0;
  });
}

export async function scoreCommand(argv: string[], io: CommandIo): Promise<number> {
  return run(io, async () => {
    const args = parse(argv, { models: { type: 'string' } }, USAGE.score);
    const analyzer = createAnalyzer(loadModels(args.models === undefined ? undefined : resolve(args.models)));
    const scorer = new StreamScorer(analyzer);
    let bad = 0;
    let lineNumber = 0;
    for await (const line of createInterface({ input: io.stdin, crlfDelay: Infinity })) {
      lineNumber++;
      if (line.trim() === '') continue;
      const parsed = parseScoreLine(line, lineNumber);
      if (typeof parsed === 'string') {
        bad++;
        io.stderr.write(`error: ${parsed}\n`);
        continue;
      }
      io.stdout.write(`${JSON.stringify(scorer.score(parsed.input, parsed.comment, parsed.article))}\n`);
    }
    if (bad > 0) io.stderr.write(`error: ${bad} input line(s) rejected; see above\n`);
    return bad > 0 ? 1 : 0;
  });
}

interface ScoreLine {
  input: Record<string, unknown>;
  comment: CommentForAnalysis;
  article?: ArticleContext;
}

/** Validates one input line; returns a message naming the line and field when it is unusable. */
export function parseScoreLine(line: string, lineNumber: number): ScoreLine | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return `line ${lineNumber}: not valid JSON`;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `line ${lineNumber}: expected a JSON object`;
  const input = value as Record<string, unknown>;
  if (typeof input.text !== 'string') return `line ${lineNumber}: field "text" must be a string`;
  for (const field of ['commentId', 'authorId', 'articleId', 'language'] as const) {
    if (input[field] !== undefined && typeof input[field] !== 'string') {
      return `line ${lineNumber}: field "${field}" must be a string when given`;
    }
  }
  const articleId = (input.articleId as string | undefined) ?? 'unknown-article';
  const comment: CommentForAnalysis = {
    commentId: (input.commentId as string | undefined) ?? `line-${lineNumber}`,
    authorId: (input.authorId as string | undefined) ?? 'unknown-author',
    articleId,
    text: input.text,
  };
  if (typeof input.language === 'string') comment.language = input.language;
  if (input.article === undefined) return { input, comment };
  const article = input.article as Record<string, unknown> | null;
  if (typeof article !== 'object' || article === null || Array.isArray(article)) {
    return `line ${lineNumber}: field "article" must be an object with optional title and body`;
  }
  for (const field of ['title', 'body'] as const) {
    if (article[field] !== undefined && typeof article[field] !== 'string') {
      return `line ${lineNumber}: field "article.${field}" must be a string when given`;
    }
  }
  const context: ArticleContext = { id: articleId };
  if (typeof article.title === 'string') context.title = article.title;
  if (typeof article.body === 'string') context.body = article.body;
  return { input, comment, article: context };
}

/** Scores a stream of comments, finding duplicates among the comments seen earlier in the same stream. */
class StreamScorer {
  private readonly index = new LshIndex();
  private readonly seen = new Map<string, DuplicateCandidate>();

  constructor(private readonly analyzer: Analyzer) {}

  score(input: Record<string, unknown>, comment: CommentForAnalysis, article?: ArticleContext): Record<string, unknown> {
    const fingerprint = this.analyzer.fingerprint(comment.text);
    const duplicateCandidates = this.index.query(fingerprint).flatMap((id) => this.seen.get(id) ?? []);
    const analysis = this.analyzer.analyze(comment, { article, policy: this.analyzer.defaultPolicy, duplicateCandidates });
    const key = `${this.seen.size}:${comment.commentId}`;
    this.seen.set(key, { ...comment, commentId: comment.commentId, fingerprint });
    this.index.add(key, fingerprint);
    return { ...input, analysis };
  }
}
