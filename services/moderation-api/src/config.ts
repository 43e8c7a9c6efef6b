import { QUEUE_NAMES } from '@moderato/contracts';
import { booleanVariable, parsedVariable, redisUrlVariable } from '@moderato/service-kit';
import { parseSecretsKey } from '@moderato/storage';
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** The moderation API's environment. Unknown variables are ignored: the process environment holds many. */
export const moderationConfigSchema = z.object({
  MONGODB_URI: z.string({ error: 'is required (a mongodb:// or mongodb+srv:// URI)' }).regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// or mongodb+srv:// URI'),
  /** One server (redis://, rediss://) or a Redis Cluster by its seed nodes (redis-cluster://host:port,host:port). */
  REDIS_URL: redisUrlVariable(),
  MODERATION_PORT: z
    .string()
    .regex(/^\d{1,5}$/, 'must be a port number (0 picks a free one)')
    .transform(Number)
    .pipe(z.number().max(65_535, 'must be a port number (0 picks a free one)'))
    .default(8081),
  MODERATION_HOST: z.string().default('0.0.0.0'),
  COMMENT_QUEUE: z.string().min(1, 'must not be empty').default(QUEUE_NAMES.comments),
  /** 32 bytes in base64: secrets of publishers' webhook endpoints are sealed with it (the dispatcher opens them). */
  ENDPOINT_SECRETS_KEY: parsedVariable(parseSecretsKey, 'is required (generate one with: openssl rand -base64 32)'),
  /** Only for tests and on-premise receivers: let endpoints be registered on loopback and private addresses, or on http. */
  ENDPOINT_ALLOW_PRIVATE_NETWORKS: booleanVariable('allow endpoints on loopback and private networks'),
  ENDPOINT_ALLOW_HTTP: booleanVariable('allow plain http endpoints'),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
});

export type ModerationConfig = z.output<typeof moderationConfigSchema>;
