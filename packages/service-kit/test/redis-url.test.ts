import { expect } from 'chai';
import { z } from 'zod';
import { ConfigError, DEFAULT_REDIS_URL, parseConfig, parseRedisUrl, redisUrlVariable } from '../src/index.js';

describe('REDIS_URL', () => {
  const schema = z.object({ REDIS_URL: redisUrlVariable() });

  it('keeps a redis:// or rediss:// URL as it is, for one server', () => {
    expect(parseRedisUrl('redis://:secret@cache.internal:6380/2')).to.deep.equal({ mode: 'single', url: 'redis://:secret@cache.internal:6380/2' });
    expect(parseRedisUrl('rediss://cache.internal')).to.deep.equal({ mode: 'single', url: 'rediss://cache.internal' });
  });

  it('reads redis-cluster:// as the seed nodes of a cluster, with credentials and TLS by scheme', () => {
    expect(parseRedisUrl('redis-cluster://10.0.0.1:7000,10.0.0.2:7001')).to.deep.equal({
      mode: 'cluster', nodes: [{ host: '10.0.0.1', port: 7000 }, { host: '10.0.0.2', port: 7001 }], tls: false,
    });
    expect(parseRedisUrl('rediss-cluster://moderato:p%40ss%3Aword@redis-a.internal:6379,[::1]:7000/')).to.deep.equal({
      mode: 'cluster', nodes: [{ host: 'redis-a.internal', port: 6379 }, { host: '::1', port: 7000 }], username: 'moderato', password: 'p@ss:word', tls: true,
    });
    expect(parseRedisUrl('redis-cluster://:only-a-password@h:1')).to.include({ password: 'only-a-password' }).and.not.have.property('username');
  });

  it('defaults to the local server and refuses anything else at start, naming the variable and not the password', () => {
    expect(parseConfig(schema, {})).to.deep.equal({ REDIS_URL: DEFAULT_REDIS_URL });
    expect(parseConfig(schema, { REDIS_URL: 'redis-cluster://a:7000,b:7001' })).to.deep.equal({ REDIS_URL: 'redis-cluster://a:7000,b:7001' });
    expect(() => parseConfig(schema, { REDIS_URL: 'http://cache:6379' })).to.throw(ConfigError, /REDIS_URL: must be redis:\/\/… or rediss:\/\/… .*redis-cluster:\/\//);
    expect(() => parseConfig(schema, { REDIS_URL: 'redis-cluster://' })).to.throw(ConfigError, /REDIS_URL: names no cluster node/);
    expect(() => parseConfig(schema, { REDIS_URL: 'redis-cluster://u:hunter2@a:7000,b' })).to.throw(ConfigError, /REDIS_URL: cluster node "b" must be host:port/)
      .with.property('message').that.does.not.include('hunter2');
    expect(() => parseConfig(schema, { REDIS_URL: 'redis-cluster://a:70000' })).to.throw(ConfigError, /cluster node "a:70000"/);
    expect(() => parseConfig(schema, { REDIS_URL: 'redis-cluster://a:7000?tls=1' })).to.throw(ConfigError, /REDIS_URL: must be/);
    expect(() => parseConfig(schema, { REDIS_URL: 'redis-cluster://u:%zz@a:7000' })).to.throw(ConfigError, /REDIS_URL: has a malformed percent-encoding/);
  });
});
