import { QUEUE_NAMES } from '@moderato/contracts';
import { parsedVariable } from '@moderato/service-kit';
import { parseSecretsKey } from '@moderato/storage';
import { z } from 'zod';

export const ingestConfigSchema = z.object({
  MONGODB_URI: z.string({ error: 'is required (e.g. mongodb://localhost:27017/moderato)' }).regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// or mongodb+srv:// URI'),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL').default('redis://127.0.0.1:6379'),
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
