import { fileURLToPath } from 'node:url';
import { createAnalyzer, loadModels } from '@moderato/analysis';
import { contextChangedChannel, contextChangeSchema, eventsRecordedChannel, queueKeyOptions, reanalyzeQueueName, type CommentQueue } from '@moderato/contracts';
import { DuplicateRegistry } from '@moderato/duplicate-registry';
import { closeServer, createRedisConnection, createServiceMetrics, listen, REDIS_PURPOSES, runService, type Logger, type RedisConnection, type RunningService } from '@moderato/service-kit';
import { closeStorage, createCandidateFinder, createCommentWriter, findCommentForAnalysis, openStorage, pingStorage } from '@moderato/storage';
import { Queue, Worker } from 'bullmq';
import { workerConfigSchema, type WorkerConfig } from './config.js';
import { createWorkerHttpApp } from './http/health.js';
import { createCommentProcessor, type ProcessorDependencies } from './jobs/analyze-comment.js';
import { inFlightCandidatesCounter, instrumentWorker, lookupMetrics, reconcileMetrics } from './jobs/metrics.js';
import { DEFAULT_CONTEXT_CACHE, PublisherContexts } from './jobs/publisher-context.js';
import { createReanalyzeProcessor } from './jobs/reanalyze-comments.js';
import { startReconciler } from './jobs/reconcile-failed.js';

export { workerConfigSchema, type WorkerConfig } from './config.js';
export { createCommentProcessor } from './jobs/analyze-comment.js';
export { createReanalyzeProcessor } from './jobs/reanalyze-comments.js';

export async function startWorker(config: WorkerConfig, logger: Logger): Promise<RunningService & { port: number }> {
  const started = Date.now();
  const analyzer = createAnalyzer(loadModels(config.MODELS_DIR));
  logger.info({ ms: Date.now() - started }, 'analysis models loaded');
  const storage = await openStorage(config.MONGODB_URI);
  // A worker's blocking connection must retry forever (BullMQ requires maxRetriesPerRequest: null).
  const connection = createRedisConnection(config.REDIS_URL, REDIS_PURPOSES.retryForever);
  connection.on('error', (error: Error) => logger.warn({ err: error.message }, 'redis connection error'));
  // Commands on their own connection, as the worker's blocks while it waits for jobs; auto-pipelined, so a job's
  // release and its announcement (issued together) travel in one round trip.
  const commands = createRedisConnection(config.REDIS_URL, REDIS_PURPOSES.pipelined);
  commands.on('error', (error: Error) => logger.warn({ err: error.message }, 'redis command connection error'));
  const metrics = createServiceMetrics('worker');
  const contexts = new PublisherContexts(storage, analyzer, { ...DEFAULT_CONTEXT_CACHE, ttlMs: config.CONTEXT_CACHE_MS });
  const changes = await subscribeToContextChanges(config, contexts, logger);
  const channel = eventsRecordedChannel(config.COMMENT_QUEUE);
  const announceEvents = (publisherId: string): void => {
    commands.publish(channel, publisherId).catch((error: unknown) => logger.debug({ err: error }, 'events announcement not sent; the relay sweep finds them'));
  };
  const registry = new DuplicateRegistry(commands, config.COMMENT_QUEUE);
  const inFlightCandidates = inFlightCandidatesCounter(metrics);
  const processorDeps: ProcessorDependencies = {
    storage, analyzer, logger, registry, contexts, announceEvents, countInFlightCandidates: (count) => inFlightCandidates.inc(count),
    comments: createCommentWriter(storage),
    candidates: createCandidateFinder(storage, { onServed: lookupMetrics(metrics) }),
  };
  const worker = new Worker(config.COMMENT_QUEUE, createCommentProcessor(processorDeps), {
    connection,
    ...queueKeyOptions(config.COMMENT_QUEUE),
    concurrency: config.WORKER_CONCURRENCY,
    maxStalledCount: config.WORKER_MAX_STALLED_COUNT,
    lockDuration: config.WORKER_LOCK_DURATION_MS,
    stalledInterval: config.WORKER_STALLED_INTERVAL_MS,
    autorun: true,
  });
  worker.on('failed', (job, error) => {
    logger.warn({ jobId: job?.id, commentId: (job?.data as { comment?: { id?: string } } | undefined)?.comment?.id, attemptsMade: job?.attemptsMade, err: error.message }, 'job failed');
  });
  worker.on('error', (error) => logger.error({ err: error.message }, 'worker error'));
  const reanalysis = startReanalyzeWorker(config, createReanalyzeProcessor(processorDeps), logger);

  instrumentWorker(worker, metrics);
  // Not on `commands`: a Queue defines BullMQ's fifty-odd scripts on its connection, and ioredis copies every script
  // defined on a connection into each pipeline it builds, so every auto-pipelined batch of the registry paid for them.
  const maintenance = createRedisConnection(config.REDIS_URL, REDIS_PURPOSES.retryForever);
  maintenance.on('error', (error: Error) => logger.warn({ err: error.message }, 'redis maintenance connection error'));
  const failedQueue: CommentQueue = new Queue(config.COMMENT_QUEUE, { connection: maintenance, ...queueKeyOptions(config.COMMENT_QUEUE) });
  // The connection's errors are logged above; without a listener BullMQ would print each one again.
  failedQueue.on('error', () => {});
  const reconciler = startReconciler(
    { queue: failedQueue, redis: maintenance, logger, isStored: async (publisherId, commentId) => (await findCommentForAnalysis(storage, publisherId, commentId)) !== null },
    { intervalMs: config.RECONCILE_INTERVAL_MS, olderThanMs: config.RECONCILE_AFTER_MS, maxRequeues: config.RECONCILE_MAX_REQUEUES, pageSize: 200 },
    reconcileMetrics(metrics),
  );
  const health = createWorkerHttpApp(logger, metrics, { redis: () => connection.ping(), mongodb: () => pingStorage(storage) });
  const { server, port } = await listen(health, config.WORKER_PORT, config.WORKER_HOST);
  logger.info({ port, queue: config.COMMENT_QUEUE, reanalyzeQueue: reanalyzeQueueName(config.COMMENT_QUEUE), concurrency: config.WORKER_CONCURRENCY }, 'worker running');
  return {
    port,
    // Stop taking jobs, let active ones finish, then close connections.
    stop: async () => {
      await reconciler.stop();
      await reanalysis.close();
      await worker.close();
      await failedQueue.close();
      await closeServer(server);
      connection.disconnect();
      changes.disconnect();
      commands.disconnect();
      maintenance.disconnect();
      await closeStorage(storage);
    },
  };
}

/**
 * Re-analysis jobs, one at a time per worker process: a job walks many comments, each through the publisher's section,
 * and several at once would crowd out new comments' jobs. On its own connection, as a waiting worker's blocks.
 */
function startReanalyzeWorker(config: WorkerConfig, processor: ReturnType<typeof createReanalyzeProcessor>, logger: Logger): { close(): Promise<void> } {
  const connection = createRedisConnection(config.REDIS_URL, REDIS_PURPOSES.retryForever);
  connection.on('error', (error: Error) => logger.warn({ err: error.message }, 'redis re-analysis connection error'));
  const name = reanalyzeQueueName(config.COMMENT_QUEUE);
  const worker = new Worker(name, processor, { connection, ...queueKeyOptions(name), concurrency: 1, autorun: true });
  worker.on('failed', (job, error) => {
    logger.warn({ jobId: job?.id, publisherId: (job?.data as { publisherId?: string } | undefined)?.publisherId, attemptsMade: job?.attemptsMade, err: error.message }, 're-analysis job failed');
  });
  worker.on('error', (error) => logger.error({ err: error.message }, 're-analysis worker error'));
  return {
    // An active job stops after its current page and goes back to the queue, to continue where it stopped.
    close: async () => {
      worker.cancelAllJobs('worker stopping');
      await worker.close();
      connection.disconnect();
    },
  };
}

/** Drops cached publisher and article context when a writer announces a change (see contracts/context.ts). */
async function subscribeToContextChanges(config: WorkerConfig, contexts: PublisherContexts, logger: Logger): Promise<RedisConnection> {
  const subscriber = createRedisConnection(config.REDIS_URL, REDIS_PURPOSES.subscriber);
  subscriber.on('error', (error: Error) => logger.warn({ err: error.message }, 'redis subscriber connection error'));
  subscriber.on('message', (_channel: string, message: string) => {
    const change = contextChangeSchema.safeParse(safeJson(message));
    if (change.success) contexts.forget(change.data);
    else logger.warn({ message }, 'context change announcement not understood; ignored');
  });
  await subscriber.subscribe(contextChangedChannel(config.COMMENT_QUEUE));
  return subscriber;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await runService('worker', workerConfigSchema, startWorker);
}
