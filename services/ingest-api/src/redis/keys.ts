import { queueKey } from '@moderato/contracts';

/**
 * The ingest's own keys, all beside the comment queue's BullMQ keys in its hash slot, so one script or MULTI may touch
 * them together on Redis Cluster. Publisher ids never contain ':' (webhook-auth checks), so the parts cannot run together.
 */
export const ingestKeys = {
  /** Set once a comment's job was added; a later delivery of the comment is a duplicate. */
  seen: (queueName: string, jobId: string): string => queueKey(queueName, 'seen', jobId),
  /** The answer given to a webhook-id, repeated to its redeliveries. */
  answer: (queueName: string, publisherId: string, webhookId: string): string => queueKey(queueName, 'webhook', publisherId, webhookId),
  deliveries: (queueName: string, publisherId: string): string => queueKey(queueName, 'rate', 'deliveries', publisherId),
  /** The publisher's recent comment volume, which sets its comments' queue priority (see fairness.ts). */
  volume: (queueName: string, publisherId: string): string => queueKey(queueName, 'rate', 'volume', publisherId),
  authFailures: (queueName: string, address: string): string => queueKey(queueName, 'rate', 'auth-failures', address),
};
