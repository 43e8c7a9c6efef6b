import { Argument, InvalidArgumentError, Option, type Command } from 'commander';
import {
  API_KEY_ROLES, closeStorage, openStorage, parseSecretsKey, revokeApiKey, sealStoredWebhookSecrets, SecretsKeyError,
  type ApiKeyRole, type Storage,
} from '@moderato/storage';
import { z } from 'zod';
import { DEFAULT_ROTATION_GRACE_HOURS, issueApiKey, provisionPublisher, rotatePublisherSecret } from '../provisioning.js';
import { UsageError, checkedPublisherId, publisherOption, runAction, type CliContext } from './io.js';

const envSchema = z.object({
  MONGODB_URI: z.string({ error: 'MONGODB_URI is required (e.g. mongodb://localhost:27017/moderato)' }).regex(/^mongodb(\+srv)?:\/\//, 'MONGODB_URI must be a mongodb:// or mongodb+srv:// URI'),
});

/** Only the commands that write webhook secrets read WEBHOOK_SECRETS_KEY: key commands never hold it. */
function secretsKeyFromEnv(): Buffer {
  const text = process.env.WEBHOOK_SECRETS_KEY;
  if (!text) throw new UsageError('WEBHOOK_SECRETS_KEY is required: webhook secrets are stored sealed with it (generate one with: openssl rand -base64 32)');
  try {
    return parseSecretsKey(text);
  } catch (error) {
    if (error instanceof SecretsKeyError) throw new UsageError(`WEBHOOK_SECRETS_KEY ${error.message}`);
    throw error;
  }
}

/** Opens storage at MONGODB_URI for `work` and closes it after; `webhookSecrets` also reads WEBHOOK_SECRETS_KEY. */
export async function withStorage<T>(work: (storage: Storage) => Promise<T>, options: { webhookSecrets?: boolean } = {}): Promise<T> {
  const env = envSchema.safeParse(process.env);
  if (!env.success) throw new UsageError(env.error.issues[0]!.message);
  const webhookSecretsKey = options.webhookSecrets ? secretsKeyFromEnv() : undefined;
  const storage = await openStorage(env.data.MONGODB_URI, webhookSecretsKey ? { webhookSecretsKey } : {});
  try {
    return await work(storage);
  } finally {
    await closeStorage(storage);
  }
}

/**
 * `moderato publisher create|rotate-secret <publisherId>`: the secret alone is the last line of stdout.
 * `moderato publisher seal-secrets`: seals the webhook secrets stored before WEBHOOK_SECRETS_KEY was in use.
 */
export function registerPublisherCommands(program: Command, context: CliContext): void {
  const publisher = program.command('publisher').description('register publishers and manage their webhook secrets');
  const create = publisher.command('create')
    .description('register a publisher; prints its webhook secret')
    .addArgument(publisherIdArgument())
    .option('--name <name>', "the publisher's display name");
  create.action(runAction(context, create, async (command) => {
    const [publisherId] = command.processedArgs as [string];
    const { name } = command.opts<{ name?: string }>();
    const { secret } = await withStorage((storage) => provisionPublisher(storage, publisherId, name), { webhookSecrets: true });
    context.io.stdout.write(`Created publisher ${publisherId}. Its webhook secret (shown once; sign deliveries with it):\n${secret}\n`);
    return 0;
  }));
  const rotate = publisher.command('rotate-secret')
    .description('issue a new webhook secret; the old one stays valid for the grace period')
    .addArgument(publisherIdArgument())
    .addOption(new Option('--grace-hours <hours>', 'how long the old secret keeps working').argParser(graceHours).default(DEFAULT_ROTATION_GRACE_HOURS));
  rotate.action(runAction(context, rotate, async (command) => {
    const [publisherId] = command.processedArgs as [string];
    const options = command.opts<{ graceHours: number }>();
    const { secret, previousValidUntil } = await withStorage((storage) => rotatePublisherSecret(storage, publisherId, options.graceHours), { webhookSecrets: true });
    context.io.stdout.write(`Rotated the webhook secret of ${publisherId}; the previous one stays valid until ${previousValidUntil.toISOString()}.\n${secret}\n`);
    return 0;
  }));
  const seal = publisher.command('seal-secrets').description('seal webhook secrets stored in the clear (from before WEBHOOK_SECRETS_KEY)');
  seal.action(runAction(context, seal, async () => {
    const sealed = await withStorage((storage) => sealStoredWebhookSecrets(storage), { webhookSecrets: true });
    context.io.stdout.write(`Sealed ${sealed} webhook secret(s) stored in the clear.\n`);
    return 0;
  }));
}

/** `moderato key create --publisher <id> --role <role>` and `moderato key revoke <keyId>`: the key alone is the last line. */
export function registerKeyCommands(program: Command, context: CliContext): void {
  const key = program.command('key').description('issue and revoke API keys');
  const create = key.command('create')
    .description('issue an API key for one publisher and role; prints it')
    .addOption(publisherOption())
    .addOption(new Option('--role <role>', 'what the key may do').choices(API_KEY_ROLES).makeOptionMandatory())
    .option('--label <text>', 'a note saying whose key it is');
  create.action(runAction(context, create, async (command) => {
    const { publisher, role, label } = command.opts<{ publisher: string; role: ApiKeyRole; label?: string }>();
    const { key: issued, keyId } = await withStorage((storage) => issueApiKey(storage, publisher, role, label));
    context.io.stdout.write(`Created ${role} key ${keyId} for ${publisher} (shown once; send it as Authorization: Bearer <key>):\n${issued}\n`);
    return 0;
  }));
  const revoke = key.command('revoke').description('revoke an API key').argument('<keyId>', 'the key id printed when the key was created');
  revoke.action(runAction(context, revoke, async (command) => {
    const [keyId] = command.processedArgs as [string];
    await withStorage((storage) => revokeApiKey(storage, keyId));
    context.io.stdout.write(`Revoked key ${keyId}.\n`);
    return 0;
  }));
}

function publisherIdArgument(): Argument {
  return new Argument('<publisherId>', 'the publisher id: letters, digits, ".", "_" or "-"').argParser(checkedPublisherId);
}

function graceHours(value: string): number {
  const hours = /^\d+(\.\d+)?$/.test(value) ? Number(value) : Number.NaN;
  if (!(hours >= 0 && hours <= 24 * 30)) throw new InvalidArgumentError('must be a number from 0 to 720');
  return hours;
}
