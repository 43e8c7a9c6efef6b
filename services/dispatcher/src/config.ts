import { QUEUE_NAMES } from '@moderato/contracts';
import { DELIVERY_SCHEDULE_MS } from '@moderato/safe-http';
import { booleanVariable, parsedVariable, redisUrlVariable } from '@moderato/service-kit';
import { parseSecretsKey } from '@moderato/storage';
import { z } from 'zod';

/** The dispatcher's environment: it relays recorded events into the feed and delivers them to publishers' endpoints. */
export const dispatcherConfigSchema = z.object({
  MONGODB_URI: z.string({ error: 'is required (e.g. mongodb://localhost:27017/moderato)' }).regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// or mongodb+srv:// URI'),
  /** One server (redis://, rediss://) or a Redis Cluster by its seed nodes (redis-cluster://host:port,host:port). */
  REDIS_URL: redisUrlVariable(),
  /** The comment queue's name; the delivery queue and the events channel are named after it. */
  COMMENT_QUEUE: z.string().min(1).default(QUEUE_NAMES.comments),
  /** 32 bytes in base64: endpoint secrets are sealed with it; only the moderation API and the dispatcher hold it. */
  ENDPOINT_SECRETS_KEY: parsedVariable(parseSecretsKey, 'is required (generate one with: openssl rand -base64 32)'),
  DISPATCHER_CONCURRENCY: z.coerce.number().int().min(1).max(1024).default(32),
  DISPATCHER_PORT: z.coerce.number().int().min(0).max(65_535).default(8083),
  DISPATCHER_HOST: z.string().default('0.0.0.0'),
  /** One delivery attempt, connection to the end of the answer. */
  DELIVERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /** Waits before each retry, in ms, comma-separated; the default spans about 27.6 hours. */
  DELIVERY_RETRY_SCHEDULE_MS: z
    .string()
    .regex(/^\d+(,\d+)*$/, 'must be milliseconds separated by commas, e.g. 5000,300000,1800000')
    .transform((text) => text.split(',').map(Number))
    .default([...DELIVERY_SCHEDULE_MS]),
  /** An endpoint whose every attempt failed for this long is disabled (the publisher sees why in the API). */
  ENDPOINT_DISABLE_AFTER_HOURS: z.coerce.number().min(0.0001).max(24 * 90).default(120),
  /** Only for tests and on-premise receivers: allow endpoints on loopback and private addresses, and plain http. */
  ENDPOINT_ALLOW_PRIVATE_NETWORKS: booleanVariable('allow endpoints on loopback and private networks'),
  ENDPOINT_ALLOW_HTTP: booleanVariable('allow plain http endpoints'),
  /** The sweep that relays events no writer announced (one that died right after its write). */
  RELAY_INTERVAL_MS: z.coerce.number().int().min(10).max(60_000).default(1_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type DispatcherConfig = z.output<typeof dispatcherConfigSchema>;
