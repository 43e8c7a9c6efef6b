import { UnauthorizedError } from '@moderato/service-kit';
import { verifyWebhook } from '@moderato/webhooks';
import type { NextFunction, Request, Response } from 'express';
import { withDeadline } from './deadline.js';
import type { WebhookSecretsCache } from './secrets-cache.js';

declare module 'express-serve-static-core' {
  interface Request {
    /** Set once the webhook signature over the raw body has been verified. */
    webhook?: { publisherId: string; id: string };
  }
}

const PUBLISHER_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

const FAILURE_DETAIL = {
  missing_headers: 'webhook-id, webhook-timestamp and webhook-signature headers are required.',
  bad_timestamp: 'webhook-timestamp must be Unix seconds.',
  stale_timestamp: 'webhook-timestamp is more than the allowed tolerance away from now.',
  bad_signature: 'No signature matches the body for this publisher.',
} as const;

/**
 * Authenticates a delivery: the publisher named by `x-moderato-publisher` must exist and one of its active secrets must
 * have signed exactly these raw bytes. The same answer for an unknown publisher and a bad signature avoids telling an
 * attacker which publisher ids exist. `onFailure` runs before each refusal (the failed-authentication counter).
 */
export function webhookAuth(secrets: WebhookSecretsCache, toleranceSeconds: number, onFailure: (req: Request) => Promise<void> = async () => {}) {
  return async (req: Request, _res: Response, next: NextFunction): Promise<void> => {
    const publisherId = req.get('x-moderato-publisher');
    if (!publisherId || !PUBLISHER_ID.test(publisherId)) {
      await onFailure(req);
      throw new UnauthorizedError('The x-moderato-publisher header must name your publisher id.', 'unknown_publisher');
    }
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const headers = { id: req.get('webhook-id'), timestamp: req.get('webhook-timestamp'), signature: req.get('webhook-signature') };
    const active = await withDeadline('MongoDB', () => secrets.get(publisherId));
    const result = verifyWebhook(active ?? [], headers, body, { toleranceSeconds });
    if (!result.ok) {
      await onFailure(req);
      throw new UnauthorizedError(FAILURE_DETAIL[result.reason], result.reason);
    }
    req.webhook = { publisherId, id: result.id };
    req.log = req.log.child({ publisherId, webhookId: result.id });
    next();
  };
}
