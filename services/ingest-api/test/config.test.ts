import { randomBytes } from 'node:crypto';
import { ConfigError, parseConfig } from '@moderato/service-kit';
import { expect } from 'chai';
import { ingestConfigSchema } from '../src/main.js';

describe('ingest API configuration', () => {
  const base = { MONGODB_URI: 'mongodb://db.example/moderato' };

  it('requires WEBHOOK_SECRETS_KEY and names it when it is missing or not 32 bytes of base64', () => {
    expect(() => parseConfig(ingestConfigSchema, base)).to.throw(ConfigError, /WEBHOOK_SECRETS_KEY.*openssl rand -base64 32/);
    expect(() => parseConfig(ingestConfigSchema, { ...base, WEBHOOK_SECRETS_KEY: randomBytes(16).toString('base64') }))
      .to.throw(ConfigError, /WEBHOOK_SECRETS_KEY.*32 bytes in base64/);
  });

  it('turns a valid key into its 32 bytes', () => {
    const key = randomBytes(32);
    const config = parseConfig(ingestConfigSchema, { ...base, WEBHOOK_SECRETS_KEY: key.toString('base64') });
    expect(config.WEBHOOK_SECRETS_KEY.equals(key)).to.equal(true);
  });
});
