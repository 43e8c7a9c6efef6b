import { createServiceApp, type Logger, type ReadinessCheck, type ServiceMetrics } from '@moderato/service-kit';
import type { Express } from 'express';

/** The dispatcher's only HTTP surface: liveness, readiness and metrics for an orchestrator. */
export function createDispatcherHttpApp(logger: Logger, metrics: ServiceMetrics, readiness: Record<string, ReadinessCheck>): Express {
  return createServiceApp({ service: 'dispatcher', logger, metrics, readiness }, () => {});
}
