import { queueKey } from '@moderato/contracts';

/**
 * The ingest's own keys, all beside the comment queue's BullMQ keys in its hash slot, so one script may touch
 * them together on Redis Cluster. Publisher ids never contain ':' (webhook-auth checks), so the parts cannot run together.
 */
export const ingestKeys = {
  /** The comments whose jobs were added in one time bucket; a later delivery of one of them is a duplicate (see dedupe-window.ts). */
  seenBucket: (queueName: string, bucket: number | '*'): string => queueKey(queueName, 'seen-bucket', String(bucket)),
  /** The answers given to webhook-ids in one time bucket, repeated to their redeliveries. */
  answerBucket: (queueName: string, bucket: number | '*'): string => queueKey(queueName, 'answer-bucket', String(bucket)),
  deliveries: (queueName: string, publisherId: string): string => queueKey(queueName, 'rate', 'deliveries', publisherId),
  /** The publisher's recent comment volume, which sets its comments' queue priority (see fairness.ts). */
  volume: (queueName: string, publisherId: string): string => queueKey(queueName, 'rate', 'volume', publisherId),
  authFailures: (queueName: string, address: string): string => queueKey(queueName, 'rate', 'auth-failures', address),
};
