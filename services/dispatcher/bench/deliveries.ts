/**
 * `npm run bench -- deliveries [--events N]`: events delivered per second by the real dispatcher (relay, feed,
 * signing, the egress-filtered POST, the attempt log) to a local receiver, and the latency from "stored" to
 * "delivered" (p50/p99); beside it, in the same run, a baseline BullMQ worker that only POSTs the same body to the
 * same receiver with the same HTTP client, so the ratio says what the dispatcher's own work costs on this machine.
 * Private Redis and MongoDB (the wire double unless MONGODB_URI is set), both started here.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { eventsRecordedChannel, queueKeyOptions } from '@moderato/contracts';
import { closeAgents, postWebhook } from '@moderato/safe-http';
import { silentLogger } from '@moderato/service-kit';
import { closeStorage, createWebhookEndpoint, openStorage, saveAnalyzedComment } from '@moderato/storage';
import { createTestDatabase, startMongo, startRedis, startWebhookReceiver, uniqueName } from '@moderato/testkit';
import { generateWebhookSecret } from '@moderato/webhooks';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { buildAnalyzedComment } from '../../../packages/storage/test/builders.js';
import { dispatcherConfigSchema, startDispatcher } from '../src/main.js';

process.env.DOTENV_CONFIG_QUIET = 'true';
// mongodb-memory-server cannot download a mongod here; say which backend rather than print its download error.
if (!process.env.MONGODB_URI) process.env.MONGO_TEST_BACKEND ??= 'double';
const { values } = parseArgs({ options: { events: { type: 'string', default: '2000' }, concurrency: { type: 'string', default: '32' } } });
const EVENTS = Number(values.events);
const CONCURRENCY = Number(values.concurrency);
const LATENCY_EVENTS = 300;
const LATENCY_RATE = 50;
const EGRESS = { allowPrivateNetworks: true, allowHttp: true };

const redis = await startRedis({});
const mongo = await startMongo();
const receiver = await startWebhookReceiver();
console.log(`deliveries: ${EVENTS.toLocaleString('en-US')} events, concurrency ${CONCURRENCY}, MongoDB ${mongo.backend}, receiver answers 204 on loopback`);

try {
  const baseline = await benchBaseline();
  const dispatcher = await benchDispatcher();
  console.log(`baseline (BullMQ worker, POST only)   ${rate(baseline.perSecond)} deliveries/s`);
  console.log(`dispatcher (relay, sign, POST, log)   ${rate(dispatcher.perSecond)} deliveries/s   ratio ${(dispatcher.perSecond / baseline.perSecond).toFixed(2)}×`);
  console.log(`stored → delivered (${dispatcher.latencyEvents} events at ${dispatcher.latencyRate}/s, each announced): p50 ${dispatcher.p50.toFixed(1)} ms, p99 ${dispatcher.p99.toFixed(1)} ms, max ${dispatcher.max.toFixed(1)} ms`);
} finally {
  await receiver.close();
  closeAgents();
  await mongo.stop();
  await redis.stop();
}

/** A BullMQ worker on the same Redis whose jobs each POST the same kind of body: queue plus HTTP, nothing else. */
async function benchBaseline(): Promise<{ perSecond: number }> {
  const name = uniqueName('bench-baseline');
  const queue = new Queue(name, { connection: { url: redis.url }, ...queueKeyOptions(name) });
  const body = JSON.stringify({ id: 'evt_x', type: 'comment.analyzed', data: buildAnalyzedComment({ publisherId: 'p' }) });
  await queue.addBulk(Array.from({ length: EVENTS }, (_, i) => ({ name: 'post', data: { i } })));
  const before = receiver.received.length;
  const started = performance.now();
  const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
  const worker = new Worker(name, async () => {
    const result = await postWebhook({ url: receiver.url, headers: { 'webhook-id': 'evt_x' }, body, timeoutMs: 10_000, policy: EGRESS });
    if (result.outcome !== 'response') throw new Error(result.error);
  }, { connection, ...queueKeyOptions(name), concurrency: CONCURRENCY });
  await receiver.waitFor(before + EVENTS, 600_000);
  const seconds = (performance.now() - started) / 1000;
  await worker.close();
  connection.disconnect();
  await queue.obliterate({ force: true });
  await queue.close();
  return { perSecond: EVENTS / seconds };
}

/**
 * The real dispatcher. Throughput: comments stored first (as workers store them, each with its event) while no
 * dispatcher runs, then the time for a dispatcher to relay and deliver them all. Latency: with it running, comments
 * stored at a steady rate, each announced as the worker announces it, and the time from its store to its arrival.
 */
async function benchDispatcher(): Promise<{ perSecond: number; p50: number; p99: number; max: number; latencyEvents: number; latencyRate: number }> {
  const database = createTestDatabase(mongo, 'bench-deliveries');
  const key = randomBytes(32);
  const storage = await openStorage(database.uri, { endpointSecretsKey: key });
  const commentQueue = uniqueName('bench-deliveries');
  const publisherId = 'bench-publisher';
  await createWebhookEndpoint(storage, { publisherId, url: receiver.url, eventTypes: [], secret: generateWebhookSecret() });
  const config = dispatcherConfigSchema.parse({
    MONGODB_URI: database.uri, REDIS_URL: redis.url, COMMENT_QUEUE: commentQueue, ENDPOINT_SECRETS_KEY: key.toString('base64'),
    ENDPOINT_ALLOW_PRIVATE_NETWORKS: 'true', ENDPOINT_ALLOW_HTTP: 'true', DISPATCHER_PORT: '0', DISPATCHER_HOST: '127.0.0.1',
    DISPATCHER_CONCURRENCY: String(CONCURRENCY), LOG_LEVEL: 'silent',
  });
  const storedAt = new Map<string, number>();
  const store = async (commentId: string) => {
    const now = new Date();
    await saveAnalyzedComment(storage, { ...buildAnalyzedComment({ publisherId, commentId }), analyzedAt: now });
    storedAt.set(commentId, now.getTime());
  };
  for (let i = 0; i < EVENTS; i += 8) await Promise.all(Array.from({ length: Math.min(8, EVENTS - i) }, (_, k) => store(`b-${i + k}`)));

  const before = receiver.received.length;
  const started = performance.now();
  const dispatcher = await startDispatcher(config, silentLogger());
  await receiver.waitFor(before + EVENTS, 600_000);
  const perSecond = EVENTS / ((performance.now() - started) / 1000);

  const announcer = new Redis(redis.url);
  const trickleStart = receiver.received.length;
  for (let i = 0; i < LATENCY_EVENTS; i++) {
    await store(`l-${i}`);
    void announcer.publish(eventsRecordedChannel(commentQueue), publisherId);
    await new Promise((resolve) => setTimeout(resolve, 1000 / LATENCY_RATE));
  }
  const trickled = await receiver.waitFor(trickleStart + LATENCY_EVENTS, 600_000);
  const latencies = trickled.slice(trickleStart).map((delivery) => {
    const { data } = JSON.parse(delivery.body) as { data: { commentId: string } };
    return delivery.at - (storedAt.get(data.commentId) ?? delivery.at);
  }).sort((a, b) => a - b);
  await dispatcher.stop();
  announcer.disconnect();
  await closeStorage(storage);
  await database.drop();
  const quantile = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { perSecond, p50: quantile(0.5), p99: quantile(0.99), max: latencies.at(-1) ?? 0, latencyEvents: LATENCY_EVENTS, latencyRate: LATENCY_RATE };
}

function rate(perSecond: number): string {
  return Math.round(perSecond).toLocaleString('en-US').padStart(7);
}
