import { QUEUE_NAMES } from '@moderato/contracts';
import { z } from 'zod';

export const workerConfigSchema = z.object({
  MONGODB_URI: z.string({ error: 'is required (e.g. mongodb://localhost:27017/moderato)' }).regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// or mongodb+srv:// URI'),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL').default('redis://127.0.0.1:6379'),
  COMMENT_QUEUE: z.string().min(1).default(QUEUE_NAMES.comments),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
  /** Port of the worker's health endpoints (/healthz, /readyz). */
  WORKER_PORT: z.coerce.number().int().min(0).max(65_535).default(8082),
  WORKER_HOST: z.string().default('0.0.0.0'),
  /**
   * How long a worker uses a publisher's policy or an article it read before reading it again. Changes made through
   * the APIs are announced and apply at once; this bounds how long a lost announcement can delay one.
   */
  CONTEXT_CACHE_MS: z.coerce.number().int().min(0).max(3_600_000).default(5_000),
  /** Directory of trained model files; the ones shipped in packages/analysis/models by default. */
  MODELS_DIR: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type WorkerConfig = z.output<typeof workerConfigSchema>;
