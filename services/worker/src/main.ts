import { fileURLToPath } from 'node:url';
import { createAnalyzer, loadModels } from '@moderato/analysis';
import { eventsRecordedChannel, reanalyzeQueueName } from '@moderato/contracts';
import { closeServer, createServiceMetrics, listen, runService, withRedisLock, type Logger, type RunningService } from '@moderato/service-kit';
import { closeStorage, openStorage, pingStorage } from '@moderato/storage';
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { workerConfigSchema, type WorkerConfig } from './config.js';
import { createWorkerHttpApp } from './http/health.js';
import { createCommentProcessor, type PublisherSection } from './jobs/analyze-comment.js';
import { instrumentWorker, sectionWaitHistogram } from './jobs/metrics.js';
import { createReanalyzeProcessor } from './jobs/reanalyze-comments.js';

export { workerConfigSchema, type WorkerConfig } from './config.js';
export { createCommentProcessor } from './jobs/analyze-comment.js';
export { createReanalyzeProcessor } from './jobs/reanalyze-comments.js';

/**
 * A section is two MongoDB round trips and the analysis (milliseconds); the TTL frees the lock of a worker that died
 * inside one, and a job that waits longer than waitMs fails and is retried with backoff.
 */
const PUBLISHER_SECTION_LOCK = { ttlMs: 10_000, waitMs: 20_000 };

export async function startWorker(config: WorkerConfig, logger: Logger): Promise<RunningService & { port: number }> {
  const started = Date.now();
  const analyzer = createAnalyzer(loadModels(config.MODELS_DIR));
  logger.info({ ms: Date.now() - started }, 'analysis models loaded');
  const storage = await openStorage(config.MONGODB_URI);
  // A worker's blocking connection must retry forever (BullMQ requires maxRetriesPerRequest: null).
  const connection = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
  connection.on('error', (error: Error) => logger.warn({ err: error.message }, 'redis connection error'));
  // Commands on their own connection: the worker's connection blocks while it waits for jobs.
  const locks = new Redis(config.REDIS_URL);
  locks.on('error', (error: Error) => logger.warn({ err: error.message }, 'redis lock connection error'));
  const metrics = createServiceMetrics('worker');
  const sectionWait = sectionWaitHistogram(metrics);
  const oneAtATimePerPublisher: PublisherSection = (publisherId, work) => {
    const asked = performance.now();
    return withRedisLock(locks, `${config.COMMENT_QUEUE}:duplicate-section:${publisherId}`, PUBLISHER_SECTION_LOCK, () => {
      sectionWait.observe((performance.now() - asked) / 1000);
      return work();
    });
  };
  const channel = eventsRecordedChannel(config.COMMENT_QUEUE);
  const announceEvents = (publisherId: string): void => {
    locks.publish(channel, publisherId).catch((error: unknown) => logger.debug({ err: error }, 'events announcement not sent; the relay sweep finds them'));
  };
  const processorDeps = { storage, analyzer, logger, oneAtATimePerPublisher, announceEvents };
  const worker = new Worker(config.COMMENT_QUEUE, createCommentProcessor(processorDeps), {
    connection,
    concurrency: config.WORKER_CONCURRENCY,
    autorun: true,
  });
  worker.on('failed', (job, error) => {
    logger.warn({ jobId: job?.id, commentId: (job?.data as { comment?: { id?: string } } | undefined)?.comment?.id, attemptsMade: job?.attemptsMade, err: error.message }, 'job failed');
  });
  worker.on('error', (error) => logger.error({ err: error.message }, 'worker error'));
  const reanalysis = startReanalyzeWorker(config, createReanalyzeProcessor(processorDeps), logger);

  instrumentWorker(worker, metrics);
  const health = createWorkerHttpApp(logger, metrics, { redis: () => connection.ping(), mongodb: () => pingStorage(storage) });
  const { server, port } = await listen(health, config.WORKER_PORT, config.WORKER_HOST);
  logger.info({ port, queue: config.COMMENT_QUEUE, reanalyzeQueue: reanalyzeQueueName(config.COMMENT_QUEUE), concurrency: config.WORKER_CONCURRENCY }, 'worker running');
  return {
    port,
    // Stop taking jobs, let active ones finish, then close connections.
    stop: async () => {
      await reanalysis.close();
      await worker.close();
      await closeServer(server);
      connection.disconnect();
      locks.disconnect();
      await closeStorage(storage);
    },
  };
}

/**
 * Re-analysis jobs, one at a time per worker process: a job walks many comments, each through the publisher's section,
 * and several at once would crowd out new comments' jobs. On its own connection, as a waiting worker's blocks.
 */
function startReanalyzeWorker(config: WorkerConfig, processor: ReturnType<typeof createReanalyzeProcessor>, logger: Logger): { close(): Promise<void> } {
  const connection = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
  connection.on('error', (error: Error) => logger.warn({ err: error.message }, 'redis re-analysis connection error'));
  const worker = new Worker(reanalyzeQueueName(config.COMMENT_QUEUE), processor, { connection, concurrency: 1, autorun: true });
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

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await runService('worker', workerConfigSchema, startWorker);
}
