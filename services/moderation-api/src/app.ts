import type { CommentQueue } from '@moderato/contracts';
import { moderatorWebRouter } from '@moderato/moderator-web';
import { createServiceApp, type Logger } from '@moderato/service-kit';
import { pingStorage, type Storage } from '@moderato/storage';
import express, { type Express } from 'express';
import { adminRouter } from './http/admin-routes.js';
import { authenticate } from './http/auth.js';
import { dependencyErrors } from './http/dependency-errors.js';
import { meRouter } from './http/me-routes.js';
import { reviewRouter } from './http/review-routes.js';
import { statsRouter } from './http/stats-routes.js';

export interface ModerationAppDeps {
  storage: Storage;
  queue: CommentQueue;
  logger: Logger;
}

/**
 * The moderation API: moderators review and decide, analysts read stats, admins see and retry failed jobs.
 * `/` serves the web page for moderators and analysts, which works through this same API.
 */
export function createModerationApp({ storage, queue, logger }: ModerationAppDeps): Express {
  return createServiceApp(
    {
      service: 'moderation-api',
      logger,
      // A ZCARD through the queue proves its Redis answers; BullMQ's client interface has no PING.
      readiness: { mongodb: () => pingStorage(storage), redis: () => queue.getFailedCount() },
      errorMappers: [dependencyErrors()],
    },
    (app) => {
      // The page is public: it holds no data, and everything it shows comes from the authenticated routes below.
      app.use(moderatorWebRouter());
      app.use(express.json({ limit: '16kb' }));
      app.use('/v1', authenticate(storage));
      app.use(meRouter());
      app.use(reviewRouter(storage));
      app.use(statsRouter(storage));
      app.use(adminRouter(queue));
    },
  );
}
