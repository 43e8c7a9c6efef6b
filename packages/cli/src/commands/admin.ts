import { parseArgs } from 'node:util';
import {
  API_KEY_ROLES, closeStorage, openStorage, parseSecretsKey, revokeApiKey, sealStoredWebhookSecrets, SecretsKeyError,
  type ApiKeyRole, type Storage,
} from '@moderato/storage';
import { z } from 'zod';
import { issueApiKey, provisionPublisher, rotatePublisherSecret } from '../provisioning.js';
import { UsageError, checkedPublisherId, type CommandIo } from './io.js';

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
export async function publisherCommand(argv: string[], io: CommandIo): Promise<number> {
  const [action, ...rest] = argv;
  if (action === 'seal-secrets') {
    if (rest.length > 0) throw new UsageError('usage: moderato publisher seal-secrets');
    const sealed = await withStorage((storage) => sealStoredWebhookSecrets(storage), { webhookSecrets: true });
    io.stdout.write(`Sealed ${sealed} webhook secret(s) stored in the clear.\n`);
    return 0;
  }
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { name: { type: 'string' }, 'grace-hours': { type: 'string' } } });
  const publisherId = positionals[0];
  if (!publisherId || positionals.length > 1) throw new UsageError('usage: moderato publisher create|rotate-secret <publisherId> [--name NAME] [--grace-hours N]');
  checkedPublisherId(publisherId);
  if (action === 'create') {
    const { secret } = await withStorage((storage) => provisionPublisher(storage, publisherId, values.name), { webhookSecrets: true });
    io.stdout.write(`Created publisher ${publisherId}. Its webhook secret (shown once; sign deliveries with it):\n${secret}\n`);
    return 0;
  }
  if (action === 'rotate-secret') {
    const graceHours = values['grace-hours'] === undefined ? undefined : Number(values['grace-hours']);
    if (graceHours !== undefined && !(graceHours >= 0 && graceHours <= 24 * 30)) throw new UsageError('--grace-hours must be a number from 0 to 720');
    const { secret, previousValidUntil } = await withStorage((storage) => rotatePublisherSecret(storage, publisherId, graceHours), { webhookSecrets: true });
    io.stdout.write(`Rotated the webhook secret of ${publisherId}; the previous one stays valid until ${previousValidUntil.toISOString()}.\n${secret}\n`);
    return 0;
  }
  throw new UsageError(`unknown publisher action "${action ?? ''}"; use create, rotate-secret or seal-secrets`);
}

/** `moderato key create --publisher <id> --role <role>` and `moderato key revoke <keyId>`: the key alone is the last line. */
export async function keyCommand(argv: string[], io: CommandIo): Promise<number> {
  const [action, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { publisher: { type: 'string' }, role: { type: 'string' }, label: { type: 'string' } },
  });
  if (action === 'create') {
    const { publisher, role, label } = values;
    if (!publisher || !role) throw new UsageError(`usage: moderato key create --publisher <publisherId> --role ${API_KEY_ROLES.join('|')} [--label TEXT]`);
    if (!API_KEY_ROLES.includes(role as ApiKeyRole)) throw new UsageError(`--role must be one of ${API_KEY_ROLES.join(', ')}`);
    const { key, keyId } = await withStorage((storage) => issueApiKey(storage, publisher, role as ApiKeyRole, label));
    io.stdout.write(`Created ${role} key ${keyId} for ${publisher} (shown once; send it as Authorization: Bearer <key>):\n${key}\n`);
    return 0;
  }
  if (action === 'revoke') {
    const keyId = positionals[0];
    if (!keyId) throw new UsageError('usage: moderato key revoke <keyId>');
    await withStorage((storage) => revokeApiKey(storage, keyId));
    io.stdout.write(`Revoked key ${keyId}.\n`);
    return 0;
  }
  throw new UsageError(`unknown key action "${action ?? ''}"; use create or revoke`);
}
