import { randomBytes } from 'node:crypto';
import { createTestDatabase, sharedMongo, uniqueName, type TestDatabase } from '@moderato/testkit';
import { expect } from 'chai';
import {
  closeStorage, createPublisher, findActiveWebhookSecrets, openStorage, parseSecretsKey, rotateWebhookSecret,
  sealStoredWebhookSecrets, SecretsKeyError, type Storage,
} from '../src/index.js';

const newKey = (): Buffer => randomBytes(32);

describe('storage: webhook secrets sealed at rest', () => {
  let database: TestDatabase;
  let sealing: Storage;
  let plain: Storage;

  before(async () => {
    database = createTestDatabase(await sharedMongo(), 'secrets');
    sealing = await openStorage(database.uri, { webhookSecretsKey: newKey() });
    plain = await openStorage(database.uri, { syncIndexes: false });
  });
  after(async () => {
    await closeStorage(sealing);
    await closeStorage(plain);
    await database.drop();
  });

  const storedSecrets = async (publisherId: string): Promise<string[]> =>
    ((await sealing.models.publishers.findOne({ publisherId }).lean())?.webhookSecrets ?? []).map((entry) => entry.secret);
  const failure = (work: Promise<unknown>): Promise<unknown> => work.then(() => undefined, (error: unknown) => error);

  it('stores no secret in the clear, and gives it back to whoever holds the key', async () => {
    const publisherId = uniqueName('pub');
    await createPublisher(sealing, { publisherId, secret: 'whsec_created' });
    await rotateWebhookSecret(sealing, { publisherId, secret: 'whsec_rotated', graceSeconds: 60 });
    const stored = await storedSecrets(publisherId);
    expect(stored).to.have.length(2);
    for (const value of stored) {
      expect(value).to.match(/^enc:v1:/);
      expect(value).to.not.contain('whsec_');
    }
    expect(await findActiveWebhookSecrets(sealing, publisherId)).to.have.members(['whsec_created', 'whsec_rotated']);
  });

  it('refuses to read sealed secrets without the key, or with another key, naming the variable', async () => {
    const publisherId = uniqueName('pub');
    await createPublisher(sealing, { publisherId, secret: 'whsec_x' });
    const withoutKey = await failure(findActiveWebhookSecrets(plain, publisherId));
    expect(withoutKey).to.be.instanceOf(SecretsKeyError);
    expect((withoutKey as Error).message).to.contain('WEBHOOK_SECRETS_KEY is not set');
    const other = await openStorage(database.uri, { syncIndexes: false, webhookSecretsKey: newKey() });
    try {
      expect(((await failure(findActiveWebhookSecrets(other, publisherId))) as Error).message).to.contain('does not open');
    } finally {
      await closeStorage(other);
    }
  });

  it('does not open a sealed secret copied onto another publisher', async () => {
    const [victim, attacker] = [uniqueName('pub'), uniqueName('pub')];
    await createPublisher(sealing, { publisherId: victim, secret: 'whsec_victim' });
    await createPublisher(sealing, { publisherId: attacker, secret: 'whsec_attacker' });
    const [victimSealed] = await storedSecrets(victim);
    await sealing.models.publishers.updateOne({ publisherId: attacker }, { $set: { 'webhookSecrets.0.secret': victimSealed } });
    expect(await failure(findActiveWebhookSecrets(sealing, attacker))).to.be.instanceOf(SecretsKeyError);
  });

  it('seals secrets stored in the clear before the key was set, and they keep working', async () => {
    const publisherId = uniqueName('pub');
    await createPublisher(plain, { publisherId, secret: 'whsec_legacy' });
    expect(await storedSecrets(publisherId)).to.deep.equal(['whsec_legacy']);
    expect(await findActiveWebhookSecrets(sealing, publisherId)).to.deep.equal(['whsec_legacy']);
    expect(await sealStoredWebhookSecrets(sealing)).to.be.at.least(1);
    expect((await storedSecrets(publisherId))[0]).to.match(/^enc:v1:/);
    expect(await findActiveWebhookSecrets(sealing, publisherId)).to.deep.equal(['whsec_legacy']);
    expect(await sealStoredWebhookSecrets(sealing)).to.equal(0);
  });

  it('accepts a key only as 32 bytes of base64', () => {
    expect(parseSecretsKey(randomBytes(32).toString('base64'))).to.have.length(32);
    for (const bad of ['', 'short', randomBytes(16).toString('base64'), randomBytes(32).toString('hex'), `${randomBytes(32).toString('base64')}!`]) {
      expect(() => parseSecretsKey(bad), bad).to.throw(SecretsKeyError, 'openssl rand -base64 32');
    }
  });
});
