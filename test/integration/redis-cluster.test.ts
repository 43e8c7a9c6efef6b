import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { issueApiKey, provisionPublisher } from '@moderato/cli';
import { contextChangedChannel, deliveryQueueName, queueKeyOptions, reanalyzeQueueName } from '@moderato/contracts';
import { dispatcherConfigSchema, startDispatcher } from '@moderato/dispatcher';
import { ingestConfigSchema, startIngestApi } from '@moderato/ingest-api';
import { moderationConfigSchema, startModerationApi } from '@moderato/moderation-api';
import { silentLogger, type RunningService } from '@moderato/service-kit';
import { closeStorage, openStorage, type Storage } from '@moderato/storage';
import {
  createTestDatabase, sharedMongo, startRedisCluster, startWebhookReceiver, uniqueName,
  type RedisClusterHandle, type TestDatabase, type WebhookReceiver,
} from '@moderato/testkit';
import { startWorker, workerConfigSchema } from '@moderato/worker';
import { Queue } from 'bullmq';
import { expect } from 'chai';
import { Cluster } from 'ioredis';
import request from 'supertest';
import { buildComment, seedComments } from '../support/fixtures.js';
import { eventually } from '../support/stack.js';
import { sendSigned } from '../support/webhook-client.js';

/**
 * The four real services on a private three-master Redis Cluster (REDIS_URL=redis-cluster://…): a signed batch goes
 * through the ingest, the worker and MongoDB, events go out through the dispatcher's delivery queue, a policy change
 * reaches the worker over pub/sub, and every key the services wrote sits in its queue's one hash slot.
 */
describe('on a Redis Cluster: ingest → worker → storage, deliveries and announcements', function () {
  this.timeout(90_000);
  const publisherId = 'cluster-chronicle';
  const queueName = uniqueName('cluster');
  const seeds = seedComments();
  const source = seeds[3]!;
  const nearCopy = buildComment({
    id: 'cluster-copy', author: { id: 'donatello', name: 'Donatello' },
    text: source.text.replace('are valid', 'are legitimate').replace('complex', 'complex!!'),
  });
  const batch = [...seeds, nearCopy];
  let cluster: RedisClusterHandle;
  let database: TestDatabase;
  let storage: Storage;
  let receiver: WebhookReceiver;
  let inspector: Cluster;
  const running: Partial<Record<'ingest' | 'worker' | 'moderation' | 'dispatcher', RunningService>> = {};
  let urls: { ingest: string; moderation: string };
  let secret: string;
  let adminKey: string;

  before(async () => {
    cluster = await startRedisCluster();
    database = createTestDatabase(await sharedMongo(), 'redis-cluster');
    receiver = await startWebhookReceiver();
    inspector = new Cluster(cluster.nodes);
    const webhookSecretsKey = randomBytes(32);
    const env = { MONGODB_URI: database.uri, REDIS_URL: clusterUrl(cluster), COMMENT_QUEUE: queueName, LOG_LEVEL: 'silent' };
    const endpoints = { ENDPOINT_SECRETS_KEY: randomBytes(32).toString('base64'), ENDPOINT_ALLOW_PRIVATE_NETWORKS: 'true', ENDPOINT_ALLOW_HTTP: 'true' };
    const logger = silentLogger();
    // The worker keeps what it read for ten minutes: only an announcement can make it see a policy change sooner.
    running.worker = await startWorker(workerConfigSchema.parse({ ...env, WORKER_PORT: '0', WORKER_HOST: '127.0.0.1', WORKER_CONCURRENCY: '4', CONTEXT_CACHE_MS: '600000' }), logger);
    const ingest = await startIngestApi(ingestConfigSchema.parse({ ...env, WEBHOOK_SECRETS_KEY: webhookSecretsKey.toString('base64'), INGEST_PORT: '0', INGEST_HOST: '127.0.0.1', SECRET_CACHE_SECONDS: '0' }), logger);
    running.ingest = ingest;
    const moderation = await startModerationApi(moderationConfigSchema.parse({ ...env, ...endpoints, MODERATION_PORT: '0', MODERATION_HOST: '127.0.0.1' }), logger);
    running.moderation = moderation;
    running.dispatcher = await startDispatcher(dispatcherConfigSchema.parse({ ...env, ...endpoints, DISPATCHER_PORT: '0', DISPATCHER_HOST: '127.0.0.1', DELIVERY_RETRY_SCHEDULE_MS: '200,400,800' }), logger);
    urls = { ingest: `http://127.0.0.1:${ingest.port}`, moderation: `http://127.0.0.1:${moderation.port}` };

    storage = await openStorage(database.uri, { webhookSecretsKey });
    ({ secret } = await provisionPublisher(storage, publisherId, 'Cluster Chronicle'));
    ({ key: adminKey } = await issueApiKey(storage, publisherId, 'admin'));
    const endpoint = await request(urls.moderation).post('/v1/webhooks/endpoints').set('authorization', `Bearer ${adminKey}`).send({ url: receiver.url, eventTypes: ['comment.analyzed'] });
    expect(endpoint.status, JSON.stringify(endpoint.body)).to.equal(201);
  });

  after(async () => {
    // Intake first, then the worker (finishing its jobs), then the read side, then what sends events out.
    for (const name of ['ingest', 'worker', 'moderation', 'dispatcher'] as const) await running[name]?.stop();
    if (storage) await closeStorage(storage);
    await database?.drop();
    await receiver?.close();
    inspector?.disconnect();
    await cluster?.stop();
  });

  it('stores every comment of a signed batch once, flags the near-copy, and answers a redelivery from the stored answer', async () => {
    const webhookId = `msg_${uniqueName('batch')}`;
    const first = await sendSigned(urls.ingest, { path: '/v1/comments', publisherId, secret, body: { comments: batch }, webhookId });
    expect(first.status, JSON.stringify(first.body)).to.equal(202);
    expect(first.body.results.map((result: { status: string }) => result.status)).to.deep.equal(batch.map(() => 'queued'));
    await eventually(async () => ((await storage.models.comments.countDocuments({ publisherId })) === batch.length ? true : undefined), 'the whole batch stored');

    const redelivery = await sendSigned(urls.ingest, { path: '/v1/comments', publisherId, secret, body: { comments: batch }, webhookId });
    expect(redelivery.status).to.equal(202);
    expect(redelivery.headers['x-moderato-redelivery']).to.equal('true');
    expect(redelivery.body).to.deep.equal(first.body);
    const resent = await sendSigned(urls.ingest, { path: '/v1/comments', publisherId, secret, body: { comments: [seeds[0]] } });
    expect(resent.body.results[0].status).to.equal('duplicate');

    const stored = await storage.models.comments.find({ publisherId }).lean();
    expect(stored.map((doc) => doc.commentId).sort()).to.deep.equal(batch.map((comment) => comment.id).sort());
    const copy = stored.find((doc) => doc.commentId === nearCopy.id);
    expect(copy?.flags).to.include('duplicate');
    expect(copy?.duplicateOf).to.equal(source.id);
    // One job per comment, each run once: the redelivery and the resent comment queued nothing.
    expect(await jobCounts(inspector, queueName)).to.deep.include({ completed: batch.length, waiting: 0, active: 0, failed: 0 });
  });

  it("delivers a stored comment's event to the publisher's endpoint through the delivery queue", async () => {
    const comment = buildComment({ id: 'cluster-delivered' });
    await analyzed(comment);
    const event = await deliveredEvent(comment.id);
    expect(event.type).to.equal('comment.analyzed');
    expect(event.data).to.include({ publisherId, commentId: comment.id, sequence: 1 });
  });

  it("announces a policy change over the cluster's pub/sub, and the worker applies it at once though it had the policy cached", async () => {
    const before = buildComment({ id: 'cluster-before-ban', text: 'The zeppelin coverage in this article was thorough and fair to everyone.' });
    expect((await analyzed(before)).status, 'the comment sent before the change').to.equal('approved');

    const listener = new Cluster(cluster.nodes);
    try {
      await listener.subscribe(contextChangedChannel(queueName));
      const announced = once(listener, 'message');
      const current = await request(urls.moderation).get('/v1/policy').set('authorization', `Bearer ${adminKey}`);
      const changed = await request(urls.moderation).put('/v1/policy').set('authorization', `Bearer ${adminKey}`).set('if-match', current.headers.etag!)
        .send({ policy: { bannedTerms: ['zeppelin'] } });
      expect(changed.status, JSON.stringify(changed.body)).to.equal(200);
      const [, message] = (await announced) as [string, string];
      expect(JSON.parse(message)).to.deep.equal({ publisherId });
    } finally {
      listener.disconnect();
    }

    const after = buildComment({ id: 'cluster-after-ban', text: 'The zeppelin coverage in this article was thorough and fair to everyone.' });
    const stored = await analyzed(after);
    expect(stored.status).to.equal('rejected');
    expect(stored.flags).to.include('policy');
  });

  it("keeps every key the services wrote under a queue's hash tag, all of a queue's keys in one slot on one master", async () => {
    // Its own comment, stored and delivered, so every kind of key exists however this test is run.
    const comment = buildComment({ id: 'cluster-keys' });
    await analyzed(comment);
    await deliveredEvent(comment.id);
    const keys = await keysOnEveryMaster(inspector);
    const untagged = keys.filter(({ key }) => hashTag(key) === undefined).map(({ key }) => key);
    expect(untagged, 'keys outside any queue’s slot').to.deep.equal([]);
    const byTag = groupBy(keys, ({ key }) => hashTag(key)!);
    expect([...byTag.keys()]).to.include.members([queueName, deliveryQueueName(queueName)]);
    expect([...byTag.keys()]).to.satisfy((tags: string[]) => tags.every((tag) => [queueName, deliveryQueueName(queueName), reanalyzeQueueName(queueName)].includes(tag)));
    for (const [tag, tagged] of byTag) {
      const slots = new Set(await Promise.all(tagged.map(({ key }) => inspector.cluster('KEYSLOT', key))));
      expect([...slots], `slots of {${tag}}`).to.deep.equal([await inspector.cluster('KEYSLOT', `{${tag}}`)]);
      expect(new Set(tagged.map(({ master }) => master)).size, `masters holding {${tag}}`).to.equal(1);
    }
    // BullMQ's keys and the ingest's own (redelivery answers, seen marks, rate counters) share the comment queue's slot.
    const commentKeys = byTag.get(queueName)!.map(({ key }) => key);
    for (const part of [':completed', ':meta', ':moderato:answer-bucket:', ':moderato:seen-bucket:', ':moderato:rate:deliveries:']) {
      expect(commentKeys.some((key) => key.includes(part)), `a {${queueName}}${part}… key`).to.equal(true);
    }
  });

  /** Sends one comment and waits until the worker has stored it. */
  async function analyzed(comment: ReturnType<typeof buildComment>): Promise<{ status: string; flags: string[] }> {
    const sent = await sendSigned(urls.ingest, { path: '/v1/comments', publisherId, secret, body: comment });
    expect(sent.status).to.equal(202);
    return eventually(async () => (await storage.models.comments.findOne({ publisherId, commentId: comment.id }).lean()) ?? undefined, `comment ${comment.id} stored`);
  }

  /** Waits until the endpoint has received the event of `commentId`. */
  async function deliveredEvent(commentId: string): Promise<DeliveredEvent> {
    return eventually(async () => receiver.received
      .map((delivery) => JSON.parse(delivery.body) as DeliveredEvent)
      .find((event) => event.data.commentId === commentId), `the event of ${commentId} delivered`, 30_000);
  }
});

interface DeliveredEvent {
  type: string;
  data: { publisherId: string; commentId: string; sequence: number };
}

function clusterUrl(cluster: RedisClusterHandle): string {
  return `redis-cluster://${cluster.nodes.map(({ host, port }) => `${host}:${port}`).join(',')}`;
}

async function jobCounts(client: Cluster, name: string): Promise<Record<string, number>> {
  const queue = new Queue(name, { connection: client, ...queueKeyOptions(name) });
  try {
    return await queue.getJobCounts('completed', 'waiting', 'active', 'failed');
  } finally {
    await queue.close();
  }
}

/** Every key on the cluster, read by SCAN from each master, with the master that holds it. */
async function keysOnEveryMaster(client: Cluster): Promise<Array<{ key: string; master: string }>> {
  const found: Array<{ key: string; master: string }> = [];
  for (const node of client.nodes('master')) {
    const master = `${node.options.host}:${node.options.port}`;
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'COUNT', 1_000);
      cursor = next;
      for (const key of keys) found.push({ key, master });
    } while (cursor !== '0');
  }
  return found;
}

function groupBy<T, K>(items: T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), item]);
  return groups;
}

/** A key's hash tag as Redis Cluster reads it: what stands between its first '{' and the next '}', if anything. */
function hashTag(key: string): string | undefined {
  const open = key.indexOf('{');
  const close = key.indexOf('}', open + 1);
  return open === -1 || close <= open + 1 ? undefined : key.slice(open + 1, close);
}
