import { healthRouter, notFoundHandler, problemHandler, requestContext, type Logger, type ReadinessCheck } from '@moderato/service-kit';
import express, { type Express } from 'express';

/** The worker's only HTTP surface: liveness and readiness for an orchestrator. */
export function createWorkerHealthApp(logger: Logger, checks: Record<string, ReadinessCheck>): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(requestContext(logger));
  app.use(healthRouter(checks));
  app.use(notFoundHandler());
  app.use(problemHandler());
  return app;
}
