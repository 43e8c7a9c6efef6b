import { dispatcherConfigSchema } from '@moderato/dispatcher';
import { ingestConfigSchema } from '@moderato/ingest-api';
import { moderationConfigSchema } from '@moderato/moderation-api';
import { workerConfigSchema } from '@moderato/worker';
import { z } from 'zod';

/** All four services' settings in one environment; shared names (MONGODB_URI, REDIS_URL, COMMENT_QUEUE) mean the same. */
export const standaloneConfigSchema = z.object({
  ...ingestConfigSchema.shape,
  ...workerConfigSchema.shape,
  ...moderationConfigSchema.shape,
  ...dispatcherConfigSchema.shape,
});

export type StandaloneConfig = z.output<typeof standaloneConfigSchema>;
