import { ValidationError } from '@moderato/service-kit';
import type { Request, Response } from 'express';
import type { IntakeStore } from '../redis/intake-store.js';
import { withDeadline } from './deadline.js';
import { decideDelivery, deliveryAnswer, planDelivery, type DeliveryPlan, type ItemResult } from './intake.js';
import { clientAddress, type IngestRateLimiter } from './rate-limits.js';
import { answerToStore, replayedResults } from './stored-answer.js';

/**
 * POST /v1/comments: one comment or `{ comments: [...] }` (up to 500). Answers 202 with a result per comment.
 * A redelivered webhook (same webhook-id, same body) gets the first delivery's answer back and queues nothing; the same
 * webhook-id with another body is refused with 409 (see stored-answer.ts).
 *
 * Two Redis round trips: one script admits the delivery (rate limits), reads its stored answer and the comments' seen
 * marks and counts the unseen ones in the publisher's volume; one MULTI adds the fresh jobs (prioritized behind
 * quieter publishers' once the volume passes the fair share), marks them seen and stores the answer. The body is read
 * and validated before the first, so that it can carry the seen marks; its errors are answered after it, as a rate
 * limit and a redelivery take precedence.
 */
export function postComments(store: IntakeStore, limiter: IngestRateLimiter, count: (result: ItemResult['status']) => void = () => {}) {
  return async (req: Request, res: Response): Promise<void> => {
    const { publisherId, id: webhookId } = req.webhook!;
    const read = planDelivery(req.body, publisherId);
    const jobIds = 'plan' in read ? read.plan.jobIds : [];
    const admission = await withDeadline('Redis', () => store.begin(clientAddress(req), publisherId, { webhookId, jobIds }));
    const { answer, seen, volume } = limiter.enforce(req, admission);
    const replay = answer === undefined ? undefined : replayedResults(answer, rawBody(req), 'plan' in read ? read.plan : undefined, webhookId);
    if (replay && 'plan' in read) {
      req.log.info('redelivered webhook: answering with the first delivery\'s result');
      res.status(202).set('x-moderato-redelivery', 'true').type('application/json').send(deliveryAnswer(read.plan, replay));
      return;
    }
    if ('error' in read) throw read.error;
    const plan = requireValid(read.plan, count);
    const { results, jobs, jobIds: fresh } = decideDelivery(plan, seen, { publisherId, webhookId, receivedAt: new Date() });
    for (const result of results) count(result.status);
    const body = deliveryAnswer(plan, results);
    await withDeadline('Redis', () => store.commit({ publisherId, webhookId, jobs, jobIds: fresh, answer: answerToStore(rawBody(req), results), volume }));
    req.log.info({ accepted: jobs.length, invalid: plan.invalid.length }, 'comments accepted');
    res.status(202).type('application/json').send(body);
  };
}

/** The verified raw bytes (rawJsonBody keeps them as a Buffer). */
function rawBody(req: Request): Buffer {
  return Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
}

/** A delivery with no valid comment is refused whole, naming every problem. */
function requireValid(plan: DeliveryPlan, count: (result: ItemResult['status']) => void): DeliveryPlan {
  if (plan.valid.length > 0) return plan;
  for (const _ of plan.invalid) count('invalid');
  throw new ValidationError(
    plan.batch ? 'No comment in the batch is valid.' : 'The comment is invalid.',
    plan.invalid.flatMap((result) => (result.status === 'invalid' ? result.errors : [])),
    plan.batch ? { results: plan.invalid } : {},
  );
}
