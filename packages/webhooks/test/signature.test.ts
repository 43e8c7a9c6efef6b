import { expect } from 'chai';
import { Webhook } from 'standardwebhooks';
import { generateWebhookSecret, signPayload, signedHeaders, verifyWebhook } from '../src/index.js';

const body = Buffer.from(JSON.stringify({ comments: [{ id: 'c1', text: 'Hello' }] }));
const now = 1_761_400_000;

function headersFor(secret: string, overrides: Partial<Record<string, string>> = {}) {
  const signed = signedHeaders(secret, 'msg_1', body, now);
  const merged = { ...signed, ...overrides };
  return { id: merged['webhook-id'], timestamp: merged['webhook-timestamp'], signature: merged['webhook-signature'] };
}

describe('webhook signatures (Standard Webhooks)', () => {
  const secret = generateWebhookSecret();

  it('matches the Standard Webhooks reference vector', () => {
    // Test vector from the Standard Webhooks specification's reference libraries.
    const signature = signPayload(
      'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      'msg_p5jXN8AQM9LWM0D4loKWxJek',
      1614265330,
      '{"test": 2432232314}',
    );
    expect(signature).to.equal('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('accepts a body signed with the secret', () => {
    expect(verifyWebhook([secret], headersFor(secret), body, { now })).to.deep.equal({ ok: true, id: 'msg_1', timestamp: now });
  });

  it('rejects a body changed by one byte', () => {
    const tampered = Buffer.from(body);
    tampered[5] = tampered[5]! ^ 1;
    expect(verifyWebhook([secret], headersFor(secret), tampered, { now })).to.deep.equal({ ok: false, reason: 'bad_signature' });
  });

  it('rejects a signature made with another secret', () => {
    const other = generateWebhookSecret();
    expect(verifyWebhook([secret], headersFor(other), body, { now })).to.deep.equal({ ok: false, reason: 'bad_signature' });
  });

  it('accepts any one of several space-separated signatures', () => {
    const good = headersFor(secret).signature!;
    const headers = headersFor(secret, { 'webhook-signature': `v1,AAAA ${good} v2,ignored` });
    expect(verifyWebhook([secret], headers, body, { now }).ok).to.equal(true);
  });

  it('accepts the old secret during a rotation by trying every valid secret', () => {
    const newSecret = generateWebhookSecret();
    expect(verifyWebhook([newSecret, secret], headersFor(secret), body, { now }).ok).to.equal(true);
  });

  it('rejects timestamps outside the 5-minute tolerance, in either direction', () => {
    const headers = headersFor(secret);
    expect(verifyWebhook([secret], headers, body, { now: now + 301 })).to.deep.equal({ ok: false, reason: 'stale_timestamp' });
    expect(verifyWebhook([secret], headers, body, { now: now - 301 })).to.deep.equal({ ok: false, reason: 'stale_timestamp' });
    expect(verifyWebhook([secret], headers, body, { now: now + 299 }).ok).to.equal(true);
  });

  it('rejects missing headers and malformed timestamps', () => {
    expect(verifyWebhook([secret], { ...headersFor(secret), signature: undefined }, body, { now })).to.deep.equal({ ok: false, reason: 'missing_headers' });
    expect(verifyWebhook([secret], headersFor(secret, { 'webhook-timestamp': '12e9' }), body, { now })).to.deep.equal({ ok: false, reason: 'bad_timestamp' });
  });
});

/**
 * Our signing and verification are kept (verification takes several secrets at once, for rotations, and answers why
 * it failed, where the official `standardwebhooks` library holds one secret and throws); so they are held to the
 * official library both ways, on random secrets, ids, times and bodies.
 */
describe('webhook signatures against the official standardwebhooks library', () => {
  const cases = Array.from({ length: 25 }, (_, i) => ({
    secret: generateWebhookSecret(),
    id: `msg_${i}_${Math.random().toString(36).slice(2)}`,
    timestamp: now + i * 37,
    body: Buffer.from(JSON.stringify({ comments: [{ id: `c${i}`, text: `Ünïcödé ✓ ${'x'.repeat(i * 13)}` }] })),
  }));

  it('verifies what the official library signs', () => {
    for (const { secret, id, timestamp, body: payload } of cases) {
      const signature = new Webhook(secret).sign(id, new Date(timestamp * 1000), payload);
      expect(verifyWebhook([secret], { id, timestamp: String(timestamp), signature }, payload, { now: timestamp })).to.deep.equal({ ok: true, id, timestamp });
    }
  });

  it('signs what the official library verifies, and neither accepts the other secret', () => {
    for (const { secret, id, timestamp, body: payload } of cases) {
      const headers = signedHeaders(secret, id, payload, Math.floor(Date.now() / 1000));
      expect(new Webhook(secret).verify(payload, headers)).to.deep.equal(JSON.parse(payload.toString('utf8')));
      expect(() => new Webhook(generateWebhookSecret()).verify(payload, headers)).to.throw();
      const official = new Webhook(secret).sign(id, new Date(timestamp * 1000), payload);
      expect(verifyWebhook([generateWebhookSecret()], { id, timestamp: String(timestamp), signature: official }, payload, { now: timestamp }).ok).to.equal(false);
    }
  });
});
