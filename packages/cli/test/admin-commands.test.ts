import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { authenticateApiKey, closeStorage, createPublisher, findActiveWebhookSecrets, openStorage } from '@moderato/storage';
import { createTestDatabase, sharedMongo, type TestDatabase } from '@moderato/testkit';
import { runCli } from '../src/index.js';
import { runWithStdio } from './stdio.js';

const run = (argv: string[]) => runWithStdio(runCli, argv);

const lastLine = (text: string): string => text.trimEnd().split('\n').pop()!;

describe('moderato publisher and key commands', () => {
  let database: TestDatabase;
  const saved = { MONGODB_URI: process.env.MONGODB_URI, WEBHOOK_SECRETS_KEY: process.env.WEBHOOK_SECRETS_KEY };
  const secretsKey = randomBytes(32);
  /** A storage that reads webhook secrets as the ingest API does, with the key the CLI seals them with. */
  const openKeyed = () => openStorage(database.uri, { webhookSecretsKey: secretsKey, syncIndexes: false });

  before(async () => {
    database = createTestDatabase(await sharedMongo(), 'cli');
    process.env.MONGODB_URI = database.uri;
    process.env.WEBHOOK_SECRETS_KEY = secretsKey.toString('base64');
  });
  after(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await database.drop();
  });

  it('creates a publisher and prints its webhook secret alone on the last line', async () => {
    const { code, stdout } = await run(['publisher', 'create', 'daily-chronicle', '--name', 'Daily Chronicle']);
    expect(code).to.equal(0);
    const secret = lastLine(stdout);
    expect(secret).to.match(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const storage = await openKeyed();
    expect(await findActiveWebhookSecrets(storage, 'daily-chronicle')).to.deep.equal([secret]);
    const stored = await storage.models.publishers.findOne({ publisherId: 'daily-chronicle' }).lean();
    expect(JSON.stringify(stored)).to.not.contain(secret.slice('whsec_'.length, 20));
    await closeStorage(storage);
  });

  it('refuses to create the same publisher twice, exit code 1', async () => {
    const { code, stderr } = await run(['publisher', 'create', 'daily-chronicle']);
    expect(code).to.equal(1);
    expect(stderr).to.contain('already exists');
  });

  it('rotates the secret, keeping the old one valid for the grace period', async () => {
    const storage = await openKeyed();
    const [old] = (await findActiveWebhookSecrets(storage, 'daily-chronicle'))!;
    const { code, stdout } = await run(['publisher', 'rotate-secret', 'daily-chronicle', '--grace-hours', '2']);
    expect(code).to.equal(0);
    expect(await findActiveWebhookSecrets(storage, 'daily-chronicle')).to.have.members([old, lastLine(stdout)]);
    await closeStorage(storage);
  });

  it('creates an API key that authenticates as the role it was given', async () => {
    const { code, stdout } = await run(['key', 'create', '--publisher', 'daily-chronicle', '--role', 'analyst']);
    expect(code).to.equal(0);
    expect(lastLine(stdout)).to.match(/^ana_/);
    const storage = await openStorage(database.uri);
    expect(await authenticateApiKey(storage, lastLine(stdout))).to.deep.include({ publisherId: 'daily-chronicle', role: 'analyst' });
    await closeStorage(storage);
  });

  it('explains bad usage with exit code 2', async () => {
    expect((await run(['key', 'create', '--publisher', 'daily-chronicle', '--role', 'owner'])).stderr).to.contain("'owner' is invalid. Allowed choices are moderator, analyst, admin");
    expect((await run(['key', 'create', '--publisher', 'daily-chronicle', '--role', 'owner'])).code).to.equal(2);
    expect((await run(['publisher', 'create', 'bad id!'])).code).to.equal(2);
    expect((await run(['frobnicate'])).code).to.equal(2);
  });

  it('refuses to write a webhook secret without a valid WEBHOOK_SECRETS_KEY, naming it', async () => {
    try {
      delete process.env.WEBHOOK_SECRETS_KEY;
      const missing = await run(['publisher', 'create', 'no-key-publisher']);
      expect(missing.code).to.equal(2);
      expect(missing.stderr).to.contain('WEBHOOK_SECRETS_KEY is required');
      process.env.WEBHOOK_SECRETS_KEY = 'not-a-key';
      const bad = await run(['publisher', 'rotate-secret', 'daily-chronicle']);
      expect(bad.code).to.equal(2);
      expect(bad.stderr).to.contain('WEBHOOK_SECRETS_KEY must be 32 bytes in base64');
    } finally {
      process.env.WEBHOOK_SECRETS_KEY = secretsKey.toString('base64');
    }
    const storage = await openKeyed();
    expect(await storage.models.publishers.countDocuments({ publisherId: 'no-key-publisher' })).to.equal(0);
    await closeStorage(storage);
  });

  it('seals secrets stored in the clear before the key was in use', async () => {
    const unkeyed = await openStorage(database.uri, { syncIndexes: false });
    await createPublisher(unkeyed, { publisherId: 'legacy-gazette', secret: 'whsec_legacy' });
    await closeStorage(unkeyed);
    const { code, stdout } = await run(['publisher', 'seal-secrets']);
    expect(code).to.equal(0);
    expect(stdout).to.contain('Sealed 1 webhook secret(s)');
    const storage = await openKeyed();
    expect((await storage.models.publishers.findOne({ publisherId: 'legacy-gazette' }).lean())?.webhookSecrets[0]?.secret).to.match(/^enc:v1:/);
    expect(await findActiveWebhookSecrets(storage, 'legacy-gazette')).to.deep.equal(['whsec_legacy']);
    await closeStorage(storage);
  });

  it('refuses a key for a publisher that does not exist', async () => {
    const { code, stderr } = await run(['key', 'create', '--publisher', 'ghost', '--role', 'moderator']);
    expect(code).to.equal(1);
    expect(stderr).to.contain('publisher ghost not found');
  });
});
