import { WEBHOOK_DEDUPE_SECONDS, type CommentQueue } from '@moderato/contracts';
import { ValidationError } from '@moderato/service-kit';
import type { Request, Response } from 'express';
import type { Redis } from 'ioredis';
import { withDeadline } from './deadline.js';
import { enqueueNew, splitDelivery, validateItems, type ItemResult } from './intake.js';
import { parseJsonBody } from './json-body.js';

const deliveryKey = (publisherId: string, webhookId: string): string => `moderato:webhook:${publisherId}:${webhookId}`;

/**
 * POST /v1/comments: one comment or `{ comments: [...] }` (up to 500). Answers 202 with a result per comment.
 * A redelivered webhook (same webhook-id) gets the first delivery's answer back and queues nothing.
 */
export function postComments(redis: Redis, queue: CommentQueue, count: (result: ItemResult['status']) => void = () => {}) {
  return async (req: Request, res: Response): Promise<void> => {
    const { publisherId, id: webhookId } = req.webhook!;
    const key = deliveryKey(publisherId, webhookId);
    const previous = await withDeadline('Redis', () => redis.get(key));
    if (previous) {
      req.log.info('redelivered webhook: answering with the first delivery\'s result');
      res.status(202).set('x-moderato-redelivery', 'true').type('application/json').send(previous);
      return;
    }
    const { batch, items } = splitDelivery(parseJsonBody(req.body));
    const { valid, results: invalid } = validateItems(items, batch);
    if (valid.length === 0) {
      for (const _ of invalid) count('invalid');
      throw new ValidationError(
        batch ? 'No comment in the batch is valid.' : 'The comment is invalid.',
        invalid.flatMap((result) => (result.status === 'invalid' ? result.errors : [])),
        batch ? { results: invalid } : {},
      );
    }
    const queued = await enqueueNew(redis, queue, { publisherId, webhookId, receivedAt: new Date() }, valid);
    const results: ItemResult[] = [...queued, ...invalid].sort((a, b) => a.index - b.index);
    for (const result of results) count(result.status);
    const body = JSON.stringify({
      accepted: results.filter((r) => r.status === 'queued').length,
      duplicates: results.filter((r) => r.status === 'duplicate').length,
      invalid: invalid.length,
      results,
    });
    await withDeadline('Redis', () => redis.set(key, body, 'EX', WEBHOOK_DEDUPE_SECONDS));
    req.log.info({ accepted: valid.length, invalid: invalid.length }, 'comments accepted');
    res.status(202).type('application/json').send(body);
  };
}
