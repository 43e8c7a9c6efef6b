import { expect } from 'chai';
import { createTestDatabase, sharedMongo, type TestDatabase } from '@moderato/testkit';
import {
  API_KEY_ROLES,
  AlreadyExistsError,
  authenticateApiKey,
  closeStorage,
  createApiKey,
  createPublisher,
  findActiveWebhookSecrets,
  findPublisher,
  openStorage,
  revokeApiKey,
  rotateWebhookSecret,
  setPublisherPolicy,
  type Storage,
} from '../src/index.js';

describe('storage: publishers and API keys', () => {
  let database: TestDatabase;
  let storage: Storage;

  before(async () => {
    database = createTestDatabase(await sharedMongo(), 'publishers');
    storage = await openStorage(database.uri);
  });
  after(async () => {
    await closeStorage(storage);
    await database.drop();
  });

  it('creates a publisher once; a second create with the same id is refused', async () => {
    await createPublisher(storage, { publisherId: 'pub-a', name: 'A', secret: 'whsec_one' });
    expect(await findPublisher(storage, 'pub-a')).to.deep.include({ publisherId: 'pub-a', name: 'A' });
    let error: unknown;
    try {
      await createPublisher(storage, { publisherId: 'pub-a', secret: 'whsec_two' });
    } catch (caught) {
      error = caught;
    }
    expect(error).to.be.instanceOf(AlreadyExistsError);
  });

  it('keeps the old secret valid during the grace period of a rotation, and only then', async () => {
    const t0 = new Date('2026-01-01T00:00:00Z');
    await createPublisher(storage, { publisherId: 'pub-rot', secret: 'whsec_old', now: t0 });
    await rotateWebhookSecret(storage, { publisherId: 'pub-rot', secret: 'whsec_new', graceSeconds: 3600, now: t0 });
    expect(await findActiveWebhookSecrets(storage, 'pub-rot', new Date(t0.getTime() + 1000))).to.have.members(['whsec_old', 'whsec_new']);
    expect(await findActiveWebhookSecrets(storage, 'pub-rot', new Date(t0.getTime() + 3601_000))).to.deep.equal(['whsec_new']);
  });

  it('answers null for an unknown publisher and never treats an operator object as an id', async () => {
    expect(await findActiveWebhookSecrets(storage, 'nobody')).to.equal(null);
    // $eq wrapping makes mongoose cast the value as a string: an operator object is refused before any query runs.
    const smuggled = await findPublisher(storage, { $ne: null } as unknown as string).then(
      (found) => found,
      (error: Error) => error.name,
    );
    expect(smuggled).to.equal('CastError');
  });

  it('stores policy overrides per publisher', async () => {
    await setPublisherPolicy(storage, 'pub-a', { spam: { flag: 0.5 }, blockedDomains: ['spam.example'] });
    const publisher = await findPublisher(storage, 'pub-a');
    expect(publisher?.policy).to.deep.equal({ spam: { flag: 0.5 }, blockedDomains: ['spam.example'] });
  });

  it('issues API keys that authenticate to their publisher and role, stores only a hash, and honours revocation', async () => {
    const { key, keyId } = await createApiKey(storage, { publisherId: 'pub-a', role: 'moderator' });
    expect(await authenticateApiKey(storage, key)).to.deep.equal({ keyId, publisherId: 'pub-a', role: 'moderator' });
    const stored = await storage.models.apiKeys.findOne({ keyId }).lean();
    expect(JSON.stringify(stored)).not.to.contain(key.split('_').pop()!);
    const tampered = key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A');
    expect(await authenticateApiKey(storage, tampered)).to.equal(null);
    expect(await authenticateApiKey(storage, 'not-a-key')).to.equal(null);
    await revokeApiKey(storage, keyId);
    expect(await authenticateApiKey(storage, key)).to.equal(null);
  });

  it('issues keys whose prefix names their role: mod_ for moderators, ana_ for analysts, adm_ for admins', async () => {
    const prefixes: Record<string, string> = {};
    for (const role of API_KEY_ROLES) {
      const { key, keyId } = await createApiKey(storage, { publisherId: 'pub-a', role });
      prefixes[role] = key.slice(0, 4);
      expect(key).to.match(new RegExp(`^${prefixes[role]}${keyId}_[A-Za-z0-9_-]{43}$`));
      expect(await authenticateApiKey(storage, key)).to.deep.equal({ keyId, publisherId: 'pub-a', role });
    }
    expect(prefixes).to.deep.equal({ moderator: 'mod_', analyst: 'ana_', admin: 'adm_' });
  });

  it('still authenticates keys issued as mod_ before prefixes named roles, and refuses a prefix naming another role', async () => {
    const { key, keyId } = await createApiKey(storage, { publisherId: 'pub-a', role: 'admin' });
    const issuedBefore = key.replace(/^adm_/, 'mod_');
    expect(issuedBefore).to.not.equal(key);
    expect(await authenticateApiKey(storage, issuedBefore)).to.deep.equal({ keyId, publisherId: 'pub-a', role: 'admin' });
    expect(await authenticateApiKey(storage, key.replace(/^adm_/, 'ana_'))).to.equal(null);
    const analyst = await createApiKey(storage, { publisherId: 'pub-a', role: 'analyst' });
    expect(await authenticateApiKey(storage, analyst.key.replace(/^ana_/, 'mod_'))).to.deep.include({ role: 'analyst' });
    expect(await authenticateApiKey(storage, analyst.key.replace(/^ana_/, 'adm_'))).to.equal(null);
  });
});
