import { ValidationError } from '@moderato/service-kit';
import type { Request, Response } from 'express';
import type { Admission, DeliveryRequest, IntakeStore } from '../redis/intake-store.js';
import { withDeadline } from './deadline.js';
import { decideDelivery, deliveryAnswer, deliveryJobs, itemJobNumbers, planDelivery, type Delivery, type DeliveryPlan, type ItemResult } from './intake.js';
import { clientAddress, type IngestRateLimiter } from './rate-limits.js';
import { digestOf, replayedResults } from './stored-answer.js';

type Count = (result: ItemResult['status']) => void;

/**
 * POST /v1/comments: one comment or `{ comments: [...] }` (up to 500). Answers 202 with a result per comment.
 * A redelivered webhook (same webhook-id, same body) gets the first delivery's answer back and queues nothing; the same
 * webhook-id with another body is refused with 409 (see stored-answer.ts).
 *
 * One Redis round trip: the body is read and validated first, then one script admits the delivery (rate limits),
 * reads its stored answer and its comments' seen marks, adds the unseen comments' jobs (prioritized behind quieter
 * publishers' once the publisher's volume passes the fair share), marks them seen and stores the answer. A delivery
 * with no valid comment is refused after a round trip that only admits it and reads its stored answer, as a rate
 * limit and a redelivery take precedence over its errors.
 */
export function postComments(store: IntakeStore, limiter: IngestRateLimiter, count: Count = () => {}) {
  return async (req: Request, res: Response): Promise<void> => {
    const { publisherId, id: webhookId } = req.webhook!;
    const read = planDelivery(req.body, publisherId);
    if ('error' in read || read.plan.valid.length === 0) {
      const { answer } = limiter.enforce(req, await withDeadline('Redis', () => store.begin(clientAddress(req), publisherId, webhookId)));
      // Throws the 409 when the webhook-id came with another body; a refused body is answered with its own errors.
      if (answer !== undefined) replayedResults(answer, rawBody(req), undefined, webhookId);
      throw 'error' in read ? read.error : refusal(read.plan, count);
    }
    const plan = read.plan;
    const delivery = deliveryRequest(plan, rawBody(req), { publisherId, webhookId, receivedAt: new Date() });
    const deliver = (firstCall: boolean): Promise<Admission> => withDeadline('Redis', () => store.deliver(clientAddress(req), { ...delivery, firstCall }));
    const first = limiter.enforce(req, await deliver(true));
    let seen = first.seen;
    if (first.answer !== undefined) {
      const replay = replayedResults(first.answer, rawBody(req), plan, webhookId);
      if (replay) {
        req.log.info('redelivered webhook: answering with the first delivery\'s result');
        res.status(202).set('x-moderato-redelivery', 'true').type('application/json').send(deliveryAnswer(plan, replay));
        return;
      }
      // The stored letters no longer fit the body (the schema changed between the deliveries): treat it as new, in a
      // second call that neither reads the answer again nor counts the delivery twice.
      ({ seen } = limiter.enforce(req, await deliver(false)));
    }
    const results = decideDelivery(plan, seen);
    for (const result of results) count(result.status);
    req.log.info({ accepted: seen.filter((wasSeen) => !wasSeen).length, invalid: plan.invalid.length }, 'comments accepted');
    res.status(202).type('application/json').send(deliveryAnswer(plan, results));
  };
}

/** What the store needs of a planned delivery with a valid comment, but for which call of the delivery it is. */
export function deliveryRequest(plan: DeliveryPlan, body: Buffer, delivery: Delivery): Omit<DeliveryRequest, 'firstCall'> {
  const { publisherId, webhookId } = delivery;
  return { publisherId, webhookId, jobs: deliveryJobs(plan, delivery), jobIds: plan.jobIds, itemJobs: itemJobNumbers(plan), bodyDigest: digestOf(body) };
}

/** The verified raw bytes (rawJsonBody keeps them as a Buffer). */
function rawBody(req: Request): Buffer {
  return Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
}

/** A delivery with no valid comment is refused whole, naming every problem. */
function refusal(plan: DeliveryPlan, count: Count): ValidationError {
  for (const _ of plan.invalid) count('invalid');
  return new ValidationError(
    plan.batch ? 'No comment in the batch is valid.' : 'The comment is invalid.',
    plan.invalid.flatMap((result) => (result.status === 'invalid' ? result.errors : [])),
    plan.batch ? { results: plan.invalid } : {},
  );
}
