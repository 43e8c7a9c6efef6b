import { defaultPolicy, type ModerationPolicy } from '@moderato/analysis';
import type { CommentQueue, ReanalyzeQueue } from '@moderato/contracts';
import { moderatorWebRouter } from '@moderato/moderator-web';
import { openApiRouter } from '@moderato/openapi-kit';
import type { EgressPolicy } from '@moderato/safe-http';
import { createServiceApp, createServiceMetrics, type Logger, type ServiceMetrics } from '@moderato/service-kit';
import { pingStorage, type Storage } from '@moderato/storage';
import express, { type Express } from 'express';
import { adminRouter } from './http/admin-routes.js';
import { auditRouter } from './http/audit-routes.js';
import { authenticate } from './http/auth.js';
import { claimRouter } from './http/claim-routes.js';
import { dependencyErrors } from './http/dependency-errors.js';
import { eventRouter } from './http/event-routes.js';
import { exportRouter } from './http/export-routes.js';
import { meRouter } from './http/me-routes.js';
import { moderationMetrics } from './http/moderation-metrics.js';
import { overviewRouter } from './http/overview-routes.js';
import { createModerationDocument } from './http/openapi.js';
import { exceptPolicyReplacement, policyRouter } from './http/policy-routes.js';
import { reanalyzeRouter } from './http/reanalyze-routes.js';
import { reviewRouter } from './http/review-routes.js';
import { statsRouter } from './http/stats-routes.js';
import { webhookRouter } from './http/webhook-routes.js';

export interface ModerationAppDeps {
  storage: Storage;
  queue: CommentQueue;
  logger: Logger;
  /** Which endpoint URLs may be registered; by default only https on public addresses. */
  egress?: EgressPolicy;
  /** Tells the dispatcher's relay that a decision recorded an event; without it, the relay's sweep finds it. */
  announceEvents?: (publisherId: string) => void;
  /** Tells workers that a publisher's policy or author lists changed, so they drop their cached copy at once. */
  announcePolicyChange?: (publisherId: string) => void;
  /** The re-analysis queue (reanalyzeQueueName(COMMENT_QUEUE)); without it the re-analysis routes are not mounted. */
  reanalyzeQueue?: ReanalyzeQueue;
  /** The policy a publisher's overrides are laid over: the worker's, with the models' tuned levels. */
  policyDefaults?: ModerationPolicy;
  /** The registry /metrics serves; by default one of the app's own. */
  metrics?: ServiceMetrics;
}

const PUBLIC_HTTPS_ONLY: EgressPolicy = { allowPrivateNetworks: false, allowHttp: false };

/**
 * The moderation API: moderators review and decide, analysts read stats, admins see and retry failed jobs.
 * `/` serves the web page for moderators and analysts, which works through this same API.
 */
export function createModerationApp({ storage, queue, reanalyzeQueue, logger, egress = PUBLIC_HTTPS_ONLY, announceEvents = () => {}, announcePolicyChange = () => {}, policyDefaults = defaultPolicy, metrics = createServiceMetrics('moderation-api') }: ModerationAppDeps): Express {
  const desk = moderationMetrics(metrics, storage, logger);
  return createServiceApp(
    {
      service: 'moderation-api',
      logger,
      metrics,
      // A ZCARD through the queue proves its Redis answers; BullMQ's client interface has no PING.
      readiness: { mongodb: () => pingStorage(storage), redis: () => queue.getFailedCount() },
      errorMappers: [dependencyErrors()],
    },
    (app) => {
      // The page is public: it holds no data, and everything it shows comes from the authenticated routes below.
      app.use(moderatorWebRouter());
      app.use(openApiRouter(createModerationDocument({ reanalysis: reanalyzeQueue !== undefined }), 'Moderato moderation API'));
      // PUT /v1/policy reads its own, larger body, and only after the admin check.
      app.use(exceptPolicyReplacement(express.json({ limit: '16kb' })));
      app.use('/v1', authenticate(storage));
      app.use(policyRouter(storage, policyDefaults, announcePolicyChange));
      app.use(meRouter());
      app.use(reviewRouter(storage, announceEvents, policyDefaults, desk));
      app.use(claimRouter(storage));
      app.use(overviewRouter(storage));
      app.use(statsRouter(storage));
      app.use(exportRouter(storage));
      app.use(webhookRouter(storage, egress));
      app.use(eventRouter(storage));
      app.use(adminRouter(queue));
      app.use(auditRouter(storage));
      if (reanalyzeQueue) app.use(reanalyzeRouter(storage, reanalyzeQueue));
    },
  );
}
