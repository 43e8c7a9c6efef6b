import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { explainPolicy, tunedDefaultPolicy } from '@moderato/analysis';
import { authorStandingSchema, externalId, policyOverridesSchema } from '@moderato/contracts';
import { RecordNotFoundError, findPublisherPolicy, replacePublisherPolicy, setAuthorStanding } from '@moderato/storage';
import type { z } from 'zod';
import { withStorage } from './admin.js';
import { UsageError, checkedPublisherId, type CommandIo } from './io.js';

const USAGE = {
  show: 'usage: moderato policy show --publisher <publisherId> [--models DIR]',
  set: 'usage: moderato policy set --publisher <publisherId> --file policy.json [--expect-version N]',
  author: 'usage: moderato policy author --publisher <publisherId> --author <authorId> --standing trusted|banned|none [--reason TEXT]',
};

/**
 * `moderato policy show|set|author`: a publisher's moderation policy, as GET and PUT /v1/policy and
 * PUT /v1/authors/:authorId/standing handle it, and validated by the same schema. Changes are recorded as made by the CLI.
 */
export async function policyCommand(argv: string[], io: CommandIo): Promise<number> {
  const [action, ...rest] = argv;
  switch (action) {
    case 'show':
      return showPolicy(rest, io);
    case 'set':
      return setPolicy(rest, io);
    case 'author':
      return setAuthor(rest, io);
    default:
      throw new UsageError(`unknown policy action "${action ?? ''}"; use show, set or author\n${Object.values(USAGE).join('\n')}`);
  }
}

/** Prints what GET /v1/policy answers: version, effective policy, overrides, defaults, when and by whom. */
async function showPolicy(argv: string[], io: CommandIo): Promise<number> {
  const values = options(argv, { publisher: { type: 'string' }, models: { type: 'string' } }, USAGE.show);
  const publisherId = publisherOption(values.publisher, USAGE.show);
  // The defaults the worker applies: the models' tuned flag levels.
  const defaults = tunedDefaultPolicy(values.models === undefined ? undefined : resolve(values.models));
  const stored = await withStorage((storage) => findPublisherPolicy(storage, publisherId));
  if (!stored) throw new RecordNotFoundError(`publisher ${publisherId}`);
  io.stdout.write(`${JSON.stringify(explainPolicy(defaults, stored), null, 2)}\n`);
  return 0;
}

/** Replaces the overrides with the file's (the object PUT /v1/policy takes as `policy`, or that whole body). */
async function setPolicy(argv: string[], io: CommandIo): Promise<number> {
  const values = options(argv, { publisher: { type: 'string' }, file: { type: 'string' }, 'expect-version': { type: 'string' } }, USAGE.set);
  const publisherId = publisherOption(values.publisher, USAGE.set);
  if (values.file === undefined) throw new UsageError(`--file is required\n${USAGE.set}`);
  const expected = values['expect-version'];
  if (expected !== undefined && !/^\d{1,9}$/.test(expected)) throw new UsageError('--expect-version must be a policy version (0, 1, 2, …)');
  const overrides = readPolicyFile(values.file);
  const result = await withStorage((storage) => replacePublisherPolicy(storage, {
    publisherId, overrides, changedBy: { cli: true }, ...(expected !== undefined && { expectedVersion: Number(expected) }),
  }));
  io.stdout.write(`Set the policy of ${publisherId}; it is now version ${result.version}.\n`);
  return 0;
}

async function setAuthor(argv: string[], io: CommandIo): Promise<number> {
  const values = options(argv, {
    publisher: { type: 'string' }, author: { type: 'string' }, standing: { type: 'string' }, reason: { type: 'string' },
  }, USAGE.author);
  const publisherId = publisherOption(values.publisher, USAGE.author);
  const authorId = externalId.safeParse(values.author);
  if (!authorId.success) throw new UsageError(`--author ${values.author === undefined ? 'is required' : authorId.error.issues[0]?.message}\n${USAGE.author}`);
  const standing = authorStandingSchema.safeParse(values.standing);
  if (!standing.success) throw new UsageError(`--standing ${standing.error.issues[0]?.message}\n${USAGE.author}`);
  const result = await withStorage((storage) => setAuthorStanding(storage, {
    publisherId, authorId: authorId.data, standing: standing.data, changedBy: { cli: true }, ...(values.reason !== undefined && { reason: values.reason }),
  }));
  io.stdout.write(result.changed
    ? `Author ${result.authorId} of ${publisherId} is now ${result.standing}; the policy is now version ${result.policyVersion}.\n`
    : `Author ${result.authorId} of ${publisherId} already was ${result.standing}; the policy stays at version ${result.policyVersion}.\n`);
  return 0;
}

function options<T extends Record<string, { type: 'string' }>>(argv: string[], spec: T, usage: string) {
  try {
    return parseArgs({ args: argv, options: spec, allowPositionals: false, strict: true }).values;
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${usage}`);
  }
}

function publisherOption(publisherId: string | undefined, usage: string): string {
  if (publisherId === undefined) throw new UsageError(`--publisher is required\n${usage}`);
  return checkedPublisherId(publisherId);
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
