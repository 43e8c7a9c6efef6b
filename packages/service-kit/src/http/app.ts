import express, { type ErrorRequestHandler, type Express } from 'express';
import type { Logger } from 'pino';
import { healthRouter, type ReadinessCheck } from './health.js';
import { createServiceMetrics, httpMetrics, metricsRouter, type ServiceMetrics } from './metrics.js';
import { notFoundHandler, problemHandler } from './problem.js';
import { requestContext } from './request-context.js';

export interface ServiceAppOptions {
  service: string;
  logger: Logger;
  readiness: Record<string, ReadinessCheck>;
  metrics?: ServiceMetrics;
  /** Error handlers that translate a service's own errors into AppErrors before the problem handler answers. */
  errorMappers?: ErrorRequestHandler[];
}

/**
 * The frame every service's HTTP app shares: request ids and logging, metrics, /healthz, /readyz, /metrics, then the
 * service's routes, then 404 and the one problem+json error handler.
 */
export function createServiceApp(options: ServiceAppOptions, mountRoutes: (app: Express) => void): Express {
  const metrics = options.metrics ?? createServiceMetrics(options.service);
  const app = express();
  app.disable('x-powered-by');
  // Flat string values only: `?a[$ne]=x` stays a key named "a[$ne]" that validation rejects, never a nested object.
  app.set('query parser', 'simple');
  app.use(requestContext(options.logger));
  app.use(httpMetrics(metrics));
  app.use(healthRouter(options.readiness));
  app.use(metricsRouter(metrics));
  mountRoutes(app);
  app.use(notFoundHandler());
  for (const mapper of options.errorMappers ?? []) app.use(mapper);
  app.use(problemHandler());
  return app;
}
