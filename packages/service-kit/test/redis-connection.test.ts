import { once } from 'node:events';
import { freePort, sharedRedis, startRedisCluster, uniqueName, type RedisClusterHandle } from '@moderato/testkit';
import { Queue, Worker } from 'bullmq';
import { expect } from 'chai';
import { Cluster, Redis } from 'ioredis';
import { createRedisConnection, REDIS_PURPOSES, type RedisConnection, type RedisConnectionOptions } from '../src/index.js';

describe('createRedisConnection', function () {
  this.timeout(30_000);
  let cluster: RedisClusterHandle;
  let clusterUrl: string;
  const opened: RedisConnection[] = [];

  /** A connection closed after the test; errors are the test's to assert, not unhandled events. */
  const open = (url: string, purpose: RedisConnectionOptions): RedisConnection => {
    const connection = createRedisConnection(url, purpose);
    connection.on('error', () => {});
    opened.push(connection);
    return connection;
  };

  before(async () => {
    cluster = await startRedisCluster();
    clusterUrl = `redis-cluster://${cluster.nodes.map(({ host, port }) => `${host}:${port}`).join(',')}`;
  });

  afterEach(() => {
    for (const connection of opened.splice(0)) connection.disconnect();
  });

  after(async () => {
    await cluster?.stop();
  });

  it('opens one server for a redis:// URL, with the purpose’s options', async () => {
    const redis = open((await sharedRedis()).url, REDIS_PURPOSES.failFast);
    expect(redis).to.be.instanceOf(Redis);
    await once(redis, 'ready');
    expect((redis as Redis).options).to.include({ enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 1_000 });
    expect(await redis.ping()).to.equal('PONG');
  });

  it('opens a Cluster for redis-cluster://: offline queue on the cluster, per-command options on every node', async () => {
    const connection = open(clusterUrl, REDIS_PURPOSES.failFast);
    expect(connection).to.be.instanceOf(Cluster);
    const client = connection as Cluster;
    expect(client.options.enableOfflineQueue).to.equal(false);
    expect(client.options.redisOptions).to.deep.equal({ maxRetriesPerRequest: 1, commandTimeout: 1_000 });
    await once(client, 'ready');
    const keys = ['{a}:k', '{b}:k', '{c}:k'];
    await Promise.all(keys.map((key) => client.set(key, key)));
    expect(await Promise.all(keys.map((key) => client.get(key)))).to.deep.equal(keys);
    expect(client.nodes('master')).to.have.length(3);
    for (const node of client.nodes('master')) expect(node.options).to.include({ maxRetriesPerRequest: 1, commandTimeout: 1_000 });
  });

  it('gives BullMQ what it needs on a cluster: a fail-fast producer and a Worker that retries for ever', async () => {
    const name = uniqueName('conn');
    const queue = new Queue(name, { connection: open(clusterUrl, REDIS_PURPOSES.failFast), prefix: `{${name}}` });
    const worker = new Worker<{ n: number }, number>(name, async (job) => job.data.n + 1, { connection: open(clusterUrl, REDIS_PURPOSES.retryForever), prefix: `{${name}}` });
    try {
      const completed = new Promise((resolve, reject) => {
        worker.once('completed', (_job, result) => resolve(result));
        worker.once('failed', (_job, error) => reject(error));
        worker.once('error', reject);
      });
      await queue.add('plus-one', { n: 41 });
      expect(await completed).to.equal(42);
    } finally {
      await worker.close();
      await queue.close();
    }
  });

  it('refuses a Worker on a cluster connection that gives up commands, as BullMQ does on one server', () => {
    const name = uniqueName('conn');
    expect(() => new Worker(name, async () => undefined, { connection: open(clusterUrl, REDIS_PURPOSES.failFast), prefix: `{${name}}` }))
      .to.throw(/maxRetriesPerRequest must be null/);
  });

  it('hears on a subscriber what is published through any master', async () => {
    const channel = uniqueName('channel');
    const subscriber = open(clusterUrl, REDIS_PURPOSES.subscriber);
    const heard: string[] = [];
    subscriber.on('message', (_channel: string, message: string) => heard.push(message));
    await subscriber.subscribe(channel);
    const publisher = open(clusterUrl, REDIS_PURPOSES.pipelined) as Cluster;
    await once(publisher, 'ready');
    const masters = publisher.nodes('master');
    await Promise.all(masters.map((master) => master.publish(channel, `from ${master.options.port}`)));
    const ports = masters.map((master) => `from ${master.options.port}`);
    while (heard.length < ports.length) await once(subscriber, 'message');
    expect([...heard].sort()).to.deep.equal([...ports].sort());
  });

  it('fails a fail-fast command at once while no node of the cluster answers, instead of queuing it', async () => {
    const unreachable = open(`redis-cluster://127.0.0.1:${await freePort()}`, REDIS_PURPOSES.failFast);
    const error = await unreachable.ping().then(() => undefined, (reason: unknown) => reason);
    expect(error).to.be.instanceOf(Error);
    expect((error as Error).message).to.equal("Cluster isn't ready and enableOfflineQueue options is false");
  });
});
