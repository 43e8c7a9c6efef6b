import { randomBytes } from 'node:crypto';
import { ConfigError, parseConfig } from '@moderato/service-kit';
import { expect } from 'chai';
import { dispatcherConfigSchema } from '../src/main.js';

describe('dispatcher configuration', () => {
  const base = { MONGODB_URI: 'mongodb://x/db', ENDPOINT_SECRETS_KEY: randomBytes(32).toString('base64') };

  it('fails fast naming a missing or malformed variable', () => {
    expect(() => parseConfig(dispatcherConfigSchema, { MONGODB_URI: 'mongodb://x/db' })).to.throw(ConfigError, /ENDPOINT_SECRETS_KEY: is required/);
    expect(() => parseConfig(dispatcherConfigSchema, { ...base, ENDPOINT_SECRETS_KEY: 'c2hvcnQ=' })).to.throw(ConfigError, /ENDPOINT_SECRETS_KEY: must be 32 bytes/);
    expect(() => parseConfig(dispatcherConfigSchema, { ...base, DELIVERY_RETRY_SCHEDULE_MS: '5s,5m' })).to.throw(ConfigError, /DELIVERY_RETRY_SCHEDULE_MS/);
    expect(() => parseConfig(dispatcherConfigSchema, { ...base, ENDPOINT_ALLOW_PRIVATE_NETWORKS: '1' })).to.throw(ConfigError, /ENDPOINT_ALLOW_PRIVATE_NETWORKS: must be true or false/);
  });

  it('defaults to public https receivers only, 10 s attempts and a schedule of more than a day', () => {
    const config = parseConfig(dispatcherConfigSchema, base);
    expect(config).to.include({ ENDPOINT_ALLOW_PRIVATE_NETWORKS: false, ENDPOINT_ALLOW_HTTP: false, DELIVERY_TIMEOUT_MS: 10_000, COMMENT_QUEUE: 'moderato-comments' });
    expect(config.DELIVERY_RETRY_SCHEDULE_MS.reduce((a, b) => a + b, 0)).to.be.greaterThan(24 * 3_600_000);
    expect(parseConfig(dispatcherConfigSchema, { ...base, DELIVERY_RETRY_SCHEDULE_MS: '100,200' }).DELIVERY_RETRY_SCHEDULE_MS).to.deep.equal([100, 200]);
  });
});
