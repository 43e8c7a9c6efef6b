import { fileURLToPath } from 'node:url';
import { DELIVERY_BACKOFF_TYPE, deliveryQueueName, eventsRecordedChannel, queueKeyOptions } from '@moderato/contracts';
import { createDeliveryProcessor, startRelayLoop, type DeliveryQueue } from '@moderato/event-delivery';
import { closeAgents, deliveryBackoffMs } from '@moderato/safe-http';
import { closeServer, createRedisConnection, createServiceMetrics, listen, REDIS_PURPOSES, runService, type Logger, type RunningService } from '@moderato/service-kit';
import { closeStorage, openStorage, pingStorage } from '@moderato/storage';
import { Queue, Worker } from 'bullmq';
import { dispatcherConfigSchema, type DispatcherConfig } from './config.js';
import { createDispatcherHttpApp } from './http/health.js';
import { dispatcherMetrics } from './jobs/metrics.js';

export { dispatcherConfigSchema, type DispatcherConfig } from './config.js';

/**
 * The dispatcher gets events out: the relay moves events recorded with comments into the feed and queues one
 * delivery per subscribed endpoint; the delivery worker signs and POSTs them, retrying on the schedule. It is a
 * service of its own because it is the only part that talks to the internet (the worker needs no egress at all),
 * it alone holds ENDPOINT_SECRETS_KEY, and deliveries wait on slow receivers for seconds where analysis takes
 * a millisecond, so the two scale by different measures.
 */
export async function startDispatcher(config: DispatcherConfig, logger: Logger): Promise<RunningService & { port: number }> {
  const storage = await openStorage(config.MONGODB_URI, { endpointSecretsKey: config.ENDPOINT_SECRETS_KEY });
  const queueName = deliveryQueueName(config.COMMENT_QUEUE);
  const connection = createRedisConnection(config.REDIS_URL, REDIS_PURPOSES.retryForever);
  const commands = createRedisConnection(config.REDIS_URL, REDIS_PURPOSES.retryForever);
  const subscriber = createRedisConnection(config.REDIS_URL, REDIS_PURPOSES.retryForever);
  for (const [name, redis] of [['worker', connection], ['commands', commands], ['subscriber', subscriber]] as const) {
    redis.on('error', (error: Error) => logger.warn({ err: error.message, connection: name }, 'redis connection error'));
  }
  const metrics = createServiceMetrics('dispatcher');
  const observe = dispatcherMetrics(metrics);
  const deliveries: DeliveryQueue = new Queue(queueName, { connection: commands, ...queueKeyOptions(queueName) });
  deliveries.on('error', (error: Error) => logger.warn({ err: error.message }, 'delivery queue: redis error'));

  const relay = startRelayLoop({ storage, deliveries, logger }, {
    intervalMs: config.RELAY_INTERVAL_MS,
    onSweep: (result) => observe.onRelayed(result.addedToFeed),
    onError: (error) => logger.warn({ err: error }, 'relay sweep failed; the next one tries again'),
  });
  const channel = eventsRecordedChannel(config.COMMENT_QUEUE);
  subscriber.on('message', () => relay.kick());
  await subscriber.subscribe(channel);

  const egress = { allowPrivateNetworks: config.ENDPOINT_ALLOW_PRIVATE_NETWORKS, allowHttp: config.ENDPOINT_ALLOW_HTTP };
  const processor = createDeliveryProcessor({
    storage, logger, egress,
    timeoutMs: config.DELIVERY_TIMEOUT_MS,
    retrySchedule: config.DELIVERY_RETRY_SCHEDULE_MS,
    disableAfterMs: config.ENDPOINT_DISABLE_AFTER_HOURS * 3_600_000,
    onAttempt: observe.onAttempt,
  });
  const worker = new Worker(queueName, processor, {
    ...queueKeyOptions(queueName),
    connection,
    concurrency: config.DISPATCHER_CONCURRENCY,
    settings: {
      backoffStrategy: (attemptsMade, type) => (type === DELIVERY_BACKOFF_TYPE ? deliveryBackoffMs(attemptsMade, config.DELIVERY_RETRY_SCHEDULE_MS) : 1_000),
    },
  });
  worker.on('error', (error) => logger.error({ err: error.message }, 'delivery worker error'));

  const health = createDispatcherHttpApp(logger, metrics, { redis: () => commands.ping(), mongodb: () => pingStorage(storage) });
  const { server, port } = await listen(health, config.DISPATCHER_PORT, config.DISPATCHER_HOST);
  logger.info({ port, queue: queueName, channel, concurrency: config.DISPATCHER_CONCURRENCY }, 'dispatcher running');
  return {
    port,
    // Stop relaying and taking deliveries, let attempts under way finish, then close connections.
    stop: async () => {
      await relay.stop();
      await worker.close();
      await closeServer(server);
      await deliveries.close();
      subscriber.disconnect();
      commands.disconnect();
      connection.disconnect();
      closeAgents();
      await closeStorage(storage);
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await runService('dispatcher', dispatcherConfigSchema, startDispatcher);
}
