import { createServiceApp, type Logger, type ReadinessCheck, type ServiceMetrics } from '@moderato/service-kit';
import type { Express } from 'express';

/** The worker's only HTTP surface: liveness, readiness and metrics for an orchestrator. */
export function createWorkerHttpApp(logger: Logger, metrics: ServiceMetrics, readiness: Record<string, ReadinessCheck>): Express {
  return createServiceApp({ service: 'worker', logger, metrics, readiness }, () => {});
}
