import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { explainPolicy, tunedDefaultPolicy } from '@moderato/analysis';
import { AUTHOR_STANDINGS, externalId, policyOverridesSchema } from '@moderato/contracts';
import { RecordNotFoundError, findPublisherPolicy, replacePublisherPolicy, setAuthorStanding, type AuthorStanding } from '@moderato/storage';
import type { z } from 'zod';
import { withStorage } from './admin.js';
import { UsageError, integerIn, publisherOption, runAction, type CliContext, type CommandIo } from './io.js';

/**
 * `moderato policy show|set|author`: a publisher's moderation policy, as GET and PUT /v1/policy and
 * PUT /v1/authors/:authorId/standing handle it, and validated by the same schema. Changes are recorded as made by the CLI.
 */
export function registerPolicyCommands(program: Command, context: CliContext): void {
  const policy = program.command('policy').description("show and change a publisher's moderation policy");
  const show = policy.command('show')
    .description("print the publisher's policy: effective, overrides and defaults, as GET /v1/policy answers")
    .addOption(publisherOption())
    .option('--models <dir>', 'the models whose tuned levels are the defaults');
  show.action(runAction(context, show, (command) => showPolicy(command.opts(), context.io)));
  const set = policy.command('set')
    .description("replace the publisher's policy overrides with the file's")
    .addOption(publisherOption())
    .requiredOption('--file <path>', 'a JSON file: the overrides, or the whole PUT /v1/policy body')
    .addOption(new Option('--expect-version <n>', 'change only this version; fail if another is current').argParser(integerIn(0, 999_999_999)));
  set.action(runAction(context, set, (command) => setPolicy(command.opts(), context.io)));
  const author = policy.command('author')
    .description('trust or ban an author, or neither')
    .addOption(publisherOption())
    .addOption(new Option('--author <authorId>', "the publisher's own author id").argParser(authorId).makeOptionMandatory())
    .addOption(new Option('--standing <standing>', 'the new standing').choices(AUTHOR_STANDINGS).makeOptionMandatory())
    .option('--reason <text>', 'why, kept with the change');
  author.action(runAction(context, author, (command) => setAuthor(command.opts(), context.io)));
}

/** Prints what GET /v1/policy answers: version, effective policy, overrides, defaults, when and by whom. */
async function showPolicy(options: { publisher: string; models?: string }, io: CommandIo): Promise<number> {
  // The defaults the worker applies: the models' tuned flag levels.
  const defaults = tunedDefaultPolicy(options.models === undefined ? undefined : resolve(options.models));
  const stored = await withStorage((storage) => findPublisherPolicy(storage, options.publisher));
  if (!stored) throw new RecordNotFoundError(`publisher ${options.publisher}`);
  io.stdout.write(`${JSON.stringify(explainPolicy(defaults, stored), null, 2)}\n`);
  return 0;
}

/** Replaces the overrides with the file's (the object PUT /v1/policy takes as `policy`, or that whole body). */
async function setPolicy(options: { publisher: string; file: string; expectVersion?: number }, io: CommandIo): Promise<number> {
  const { publisher: publisherId, expectVersion } = options;
  const overrides = readPolicyFile(options.file);
  const result = await withStorage((storage) => replacePublisherPolicy(storage, {
    publisherId, overrides, changedBy: { cli: true }, ...(expectVersion !== undefined && { expectedVersion: expectVersion }),
  }));
  io.stdout.write(`Set the policy of ${publisherId}; it is now version ${result.version}.\n`);
  return 0;
}

async function setAuthor(options: { publisher: string; author: string; standing: AuthorStanding; reason?: string }, io: CommandIo): Promise<number> {
  const { publisher: publisherId, reason } = options;
  const result = await withStorage((storage) => setAuthorStanding(storage, {
    publisherId, authorId: options.author, standing: options.standing, changedBy: { cli: true }, ...(reason !== undefined && { reason }),
  }));
  io.stdout.write(result.changed
    ? `Author ${result.authorId} of ${publisherId} is now ${result.standing}; the policy is now version ${result.policyVersion}.\n`
    : `Author ${result.authorId} of ${publisherId} already was ${result.standing}; the policy stays at version ${result.policyVersion}.\n`);
  return 0;
}

/** An author id as the API takes it (the contracts' schema), or its message. */
function authorId(value: string): string {
  const parsed = externalId.safeParse(value);
  if (!parsed.success) throw new InvalidArgumentError(parsed.error.issues[0]?.message ?? 'not an author id');
  return parsed.data;
}

/** The file's policy overrides, checked by the schema PUT /v1/policy uses; every bad field is named. */
function readPolicyFile(path: string): z.output<typeof policyOverridesSchema> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = policyOverridesSchema.safeParse(unwrapBody(value));
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(top level)'}: ${issue.message}`);
  throw new UsageError(`${path} is not a valid policy:\n${problems.join('\n')}`);
}

/** A file holding the whole PUT body ({ "policy": {…} }) is taken too: the overrides never have a `policy` field. */
function unwrapBody(value: unknown): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === 'policy') return (value as { policy: unknown }).policy;
  }
  return value;
}
