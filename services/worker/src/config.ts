import { QUEUE_NAMES } from '@moderato/contracts';
import { redisUrlVariable } from '@moderato/service-kit';
import { z } from 'zod';

export const workerConfigSchema = z.object({
  MONGODB_URI: z.string({ error: 'is required (e.g. mongodb://localhost:27017/moderato)' }).regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// or mongodb+srv:// URI'),
  /** One server (redis://, rediss://) or a Redis Cluster by its seed nodes (redis-cluster://host:port,host:port). */
  REDIS_URL: redisUrlVariable(),
  COMMENT_QUEUE: z.string().min(1).default(QUEUE_NAMES.comments),
  /**
   * Jobs one worker process runs at once. 32 drained the most on a 2-core machine (npm run bench -- worker --stored
   * 10000 --concurrency 8/16/32/64: about 710, 830, 920 and 860 comments/s with one publisher): more jobs waiting on
   * MongoDB and Redis at once, and stores that meet share a bulk write.
   */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(32),
  /** Port of the worker's health endpoints (/healthz, /readyz). */
  WORKER_PORT: z.coerce.number().int().min(0).max(65_535).default(8082),
  WORKER_HOST: z.string().default('0.0.0.0'),
  /**
   * How long a worker uses a publisher's policy or an article it read before reading it again. Changes made through
   * the APIs are announced and apply at once; this bounds how long a lost announcement can delay one.
   */
  CONTEXT_CACHE_MS: z.coerce.number().int().min(0).max(3_600_000).default(5_000),
  /**
   * How often a job may be found abandoned by a dead worker (kill -9, lost lock) and be taken again before BullMQ fails
   * it. A job failed this way is not lost: the reconciler queues it again (see RECONCILE_*).
   */
  WORKER_MAX_STALLED_COUNT: z.coerce.number().int().min(0).max(100).default(3),
  /**
   * How long a worker's hold (lock) on an active job lasts unless renewed; it renews it every half of this while the
   * job runs. A job whose worker died is taken again only once its lock has run out, so a shorter one recovers such
   * jobs sooner, but a worker whose event loop is blocked longer than half of it loses its jobs to another (a stall).
   * Lowered only by tests that kill workers; BullMQ's 30 s suits production.
   */
  WORKER_LOCK_DURATION_MS: z.coerce.number().int().min(1_000).max(600_000).default(30_000),
  /**
   * How often a worker looks for jobs left by a dead worker: such a job is taken again between one and two intervals
   * after its lock ran out. Lowered only by tests that kill workers; BullMQ's 30 s suits production.
   */
  WORKER_STALLED_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  /** How often the reconciler looks for acknowledged comments whose job failed for a passing cause. */
  RECONCILE_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
  /** How long a job has been failed before the reconciler queues it again. */
  RECONCILE_AFTER_MS: z.coerce.number().int().min(0).max(7 * 24 * 3_600_000).default(300_000),
  /** How often one comment is queued again before it is left failed and reported (log, metric, GET /v1/admin/failed). */
  RECONCILE_MAX_REQUEUES: z.coerce.number().int().min(0).max(100).default(3),
  /** Directory of trained model files; the ones shipped in packages/analysis/models by default. */
  MODELS_DIR: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type WorkerConfig = z.output<typeof workerConfigSchema>;
