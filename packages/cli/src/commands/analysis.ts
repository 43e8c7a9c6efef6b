import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Option, type Command } from 'commander';
import {
  DEFAULT_MODELS_DIR, EVAL_TASKS, LshIndex, createAnalyzer, evaluateRows, loadModels, parseEvalRows, trainModels,
  type Analyzer, type ArticleContext, type CommentForAnalysis, type DuplicateCandidate, type EvalTask,
} from '@moderato/analysis';
import { publisherOption, runAction, type CliContext, type CommandIo } from './io.js';
import { trainFromDecisions, type TrainFromDecisionsOptions } from './train-from-decisions.js';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
/** The labelled data sits next to the repository, never inside it. */
export const DEFAULT_DATA_DIR = resolve(REPO_ROOT, '..', 'shared', 'data');

/** `moderato train | eval | score`: the analysis commands. */
export function registerAnalysisCommands(program: Command, context: CliContext): void {
  const train = program.command('train')
    .description('train the analysis models from labelled data')
    .addOption(new Option('--data <dir>', 'the labelled data').default(DEFAULT_DATA_DIR))
    .addOption(new Option('--out <dir>', 'where the models are written').default(DEFAULT_MODELS_DIR))
    .option('--from-decisions', "instead: choose a publisher's spam and abuse flag levels from its moderators' decisions (reads MONGODB_URI)")
    .addOption(publisherOption().makeOptionMandatory(false))
    .option('--export <file>', 'with --from-decisions: also write each decided comment (text, flags, decision) as a JSON line')
    .option('--apply', 'with --from-decisions: set the levels in the policy when they do better on the newest decisions')
    .option('--models <dir>', 'with --from-decisions: the models whose tuned levels are the defaults');
  train.action(runAction(context, train, async (command) => {
    const options = command.opts<{ data: string; out: string; fromDecisions?: boolean } & TrainFromDecisionsOptions>();
    return options.fromDecisions ? trainFromDecisions(options, context.io) : trainWith(options, context.io);
  }));
  const evaluate = program.command('eval')
    .description('measure the shipped analysis on a labelled file; prints one JSON object')
    .addOption(new Option('--task <task>', 'what to measure').choices(EVAL_TASKS).makeOptionMandatory())
    .requiredOption('--data <file>', 'labelled rows, one JSON object a line')
    .option('--models <dir>', 'the models to measure (default: the shipped ones)');
  evaluate.action(runAction(context, evaluate, async (command) => evaluateWith(command.opts(), context.io)));
  const score = program.command('score')
    .description('analyze comments: JSONL on stdin, each line with its analysis on stdout')
    .option('--models <dir>', 'the models to score with (default: the shipped ones)');
  score.action(runAction(context, score, (command) => scoreStream(command.opts(), context.io)));
}

function trainWith(options: { data: string; out: string }, io: CommandIo): number {
  const report = trainModels({ dataDir: resolve(options.data), outDir: resolve(options.out), log: (line) => io.stderr.write(`${line}\n`) });
  io.stdout.write(`${JSON.stringify(report)}\n`);
  return 0;
}

function evaluateWith(options: { task: EvalTask; data: string; models?: string }, io: CommandIo): number {
  const rows = parseEvalRows(options.task, readFileSync(options.data, 'utf8'));
  const analyzer = createAnalyzer(loadModels(options.models === undefined ? undefined : resolve(options.models)));
  io.stdout.write(`${JSON.stringify(evaluateRows(options.task, rows, analyzer))}\n`);
  return 0;
}

async function scoreStream(options: { models?: string }, io: CommandIo): Promise<number> {
  const analyzer = createAnalyzer(loadModels(options.models === undefined ? undefined : resolve(options.models)));
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
