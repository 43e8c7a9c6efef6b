import { QUEUE_NAMES } from '@moderato/contracts';
import { parsedVariable, redisUrlVariable } from '@moderato/service-kit';
import { parseSecretsKey } from '@moderato/storage';
import { z } from 'zod';
import { DEFAULT_FAIR_COMMENTS_PER_MINUTE } from './redis/fairness.js';

export const ingestConfigSchema = z.object({
  MONGODB_URI: z.string({ error: 'is required (e.g. mongodb://localhost:27017/moderato)' }).regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// or mongodb+srv:// URI'),
  /** One server (redis://, rediss://) or a Redis Cluster by its seed nodes (redis-cluster://host:port,host:port). */
  REDIS_URL: redisUrlVariable(),
  INGEST_PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
  INGEST_HOST: z.string().default('0.0.0.0'),
  COMMENT_QUEUE: z.string().min(1).default(QUEUE_NAMES.comments),
  /** Largest accepted request body; a full batch of 500 long comments fits in the default. */
  INGEST_BODY_LIMIT: z.string().regex(/^\d+(b|kb|mb)$/i, 'must be a size such as 16mb').default('16mb'),
  /** How long a publisher's webhook secrets are cached in memory before being read again. */
  SECRET_CACHE_SECONDS: z.coerce.number().min(0).max(3600).default(10),
  /** 32 bytes in base64: webhook secrets are sealed with it in MongoDB (see `moderato publisher seal-secrets`). */
  WEBHOOK_SECRETS_KEY: parsedVariable(parseSecretsKey, 'is required (generate one with: openssl rand -base64 32)'),
  /** Signed deliveries each publisher may send per minute (each holds up to 500 comments); more answer 429. */
  INGEST_REQUESTS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
  /**
   * A publisher's fair share, in comments a minute (exponentially weighted): past it, its comments are queued behind
   * those of publishers under it, one step further back each time its volume doubles, so one publisher's flood does
   * not hold up the others. 0 turns this off (one FIFO queue for all).
   */
  INGEST_FAIR_COMMENTS_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000_000).default(DEFAULT_FAIR_COMMENTS_PER_MINUTE),
  /** Failed authentications per client address per minute; past it, that address is refused without a lookup. */
  INGEST_AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(30),
  /**
   * Express's `trust proxy` ("false", "true", a hop count, or addresses/subnets): behind a proxy that sets
   * X-Forwarded-For, set it, or every client shares the proxy's address in the failed-authentication limit.
   */
  INGEST_TRUST_PROXY: z.string().default('false').transform((text) => (text === 'true' ? true : text === 'false' ? false : /^\d+$/.test(text) ? Number(text) : text)),
  WEBHOOK_TOLERANCE_SECONDS: z.coerce.number().int().min(1).max(3600).default(300),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type IngestConfig = z.output<typeof ingestConfigSchema>;
