import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Queue, Worker } from 'bullmq';
import { expect } from 'chai';
import { Cluster } from 'ioredis';
import { startRedisCluster, uniqueName, type RedisClusterHandle } from '../src/index.js';
import { portIsFree } from '../src/ports.js';

const run = promisify(execFile);

describe('startRedisCluster', function () {
  this.timeout(30_000);
  let cluster: RedisClusterHandle;
  let client: Cluster;

  before(async () => {
    cluster = await startRedisCluster();
    client = new Cluster(cluster.nodes);
  });

  after(async () => {
    client?.disconnect();
    await cluster?.stop();
  });

  it('gives three loopback masters and their URLs', async () => {
    expect(cluster.nodes).to.have.length(3);
    expect(cluster.urls).to.deep.equal(cluster.nodes.map(({ host, port }) => `redis://${host}:${port}`));
    await client.ping();
    expect(client.nodes('master')).to.have.length(3);
  });

  it('stores and reads back keys that land in different slots', async () => {
    const keys = ['alpha', 'bravo', 'charlie', 'delta'].map((word) => `${uniqueName('cluster')}:${word}`);
    const slots = await Promise.all(keys.map((key) => client.cluster('KEYSLOT', key)));
    expect(new Set(slots).size).to.be.greaterThan(1);
    await Promise.all(keys.map((key, i) => client.set(key, `value-${i}`)));
    expect(await Promise.all(keys.map((key) => client.get(key)))).to.deep.equal(keys.map((_, i) => `value-${i}`));
  });

  it('runs MULTI on keys that share a hash tag', async () => {
    const results = await client.multi().set('{q}:a', '1').set('{q}:b', '2').mget('{q}:a', '{q}:b').exec();
    expect(results).to.deep.equal([[null, 'OK'], [null, 'OK'], [null, ['1', '2']]]);
  });

  it('spreads keys of different hash tags over more than one master', async () => {
    const keys = ['{a}:x', '{b}:x', '{c}:x'];
    const owners = await Promise.all(keys.map((key) => masterPortForKey(client, key)));
    expect(new Set(owners).size).to.be.at.least(2);
    // Each key must really live on the master CLUSTER SLOTS names, not just be reachable through redirects.
    await Promise.all(keys.map((key) => client.set(key, 'here')));
    const masters = new Map(client.nodes('master').map((node) => [node.options.port, node]));
    for (const [i, key] of keys.entries()) {
      expect(await masters.get(owners[i])?.exists(key)).to.equal(1);
    }
  });

  it('runs a BullMQ job end to end with a hash-tagged prefix', async () => {
    // BullMQ reads the node options from redisOptions and refuses a blocking Worker unless maxRetriesPerRequest is null.
    const connection = new Cluster(cluster.nodes, { redisOptions: { maxRetriesPerRequest: null } });
    const name = uniqueName('cluster-queue');
    const queue = new Queue(name, { connection, prefix: '{test-queue}' });
    const worker = new Worker<{ n: number }, { doubled: number }>(name, async (job) => ({ doubled: job.data.n * 2 }), { connection, prefix: '{test-queue}' });
    try {
      const completed = new Promise<unknown>((resolve, reject) => {
        worker.once('completed', (_job, result) => resolve(result));
        worker.once('failed', (_job, error) => reject(error));
        worker.once('error', reject);
      });
      await queue.add('double', { n: 21 });
      expect(await completed).to.deep.equal({ doubled: 42 });
      expect(await queue.getJobCounts('completed')).to.deep.equal({ completed: 1 });
    } finally {
      await worker.close();
      await queue.close();
      await connection.quit();
    }
  });

  it('stops every node and frees its ports', async () => {
    await client.quit();
    await cluster.stop();
    const { stdout } = await run('ps', ['-eo', 'args']);
    for (const { port } of cluster.nodes) {
      expect(stdout).not.to.include(`127.0.0.1:${port}`);
      expect(await portIsFree(port)).to.equal(true);
      expect(await portIsFree(port + 10_000)).to.equal(true);
    }
  });
});

/** The port of the master that serves `key`'s slot, from CLUSTER KEYSLOT and CLUSTER SLOTS. */
async function masterPortForKey(client: Cluster, key: string): Promise<number> {
  const slot = await client.cluster('KEYSLOT', key);
  const ranges = await client.cluster('SLOTS');
  const range = ranges.find(([start, end]) => slot >= start && slot <= end);
  const master = range?.[2];
  if (!master) throw new Error(`no master serves slot ${slot}`);
  return master[1];
}
