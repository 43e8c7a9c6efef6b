import type { ServiceMetrics } from '@moderato/service-kit';
import type { Worker } from 'bullmq';
import { Counter, Gauge, Histogram } from 'prom-client';

/** Job outcomes and durations, and how analyzed comments were decided by policy. */
export function instrumentWorker(worker: Worker, metrics: ServiceMetrics): void {
  const jobs = new Counter({ name: 'moderato_worker_jobs_total', help: 'Jobs finished, by outcome', labelNames: ['outcome'] as const, registers: [metrics.registry] });
  const statuses = new Counter({ name: 'moderato_comments_analyzed_total', help: 'Comments analyzed, by resulting status', labelNames: ['status'] as const, registers: [metrics.registry] });
  const duration = new Histogram({
    name: 'moderato_worker_job_duration_seconds',
    help: 'Time from a job starting to finishing',
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
    registers: [metrics.registry],
  });
  worker.on('completed', (job, result: { status?: string } | undefined) => {
    jobs.inc({ outcome: 'completed' });
    if (result?.status) statuses.inc({ status: result.status });
    if (job.processedOn && job.finishedOn) duration.observe((job.finishedOn - job.processedOn) / 1000);
  });
  worker.on('failed', () => jobs.inc({ outcome: 'failed' }));
}


/** Duplicate candidates seen in the registry while still in flight: near-copies processed at the same moment. */
export function inFlightCandidatesCounter(metrics: ServiceMetrics): Counter {
  return new Counter({
    name: 'moderato_worker_in_flight_near_copies_total',
    help: 'Duplicate candidates seen in the registry while still in flight (near-copies processed at the same moment)',
    registers: [metrics.registry],
  });
}

/** Duplicate lookups answered and the MongoDB queries they took: lookups that meet share one (createCandidateFinder). */
export function lookupMetrics(metrics: ServiceMetrics): (served: { lookups: number; queries: number }) => void {
  const lookups = new Counter({ name: 'moderato_worker_duplicate_lookups_total', help: 'Stored duplicate candidates looked up', registers: [metrics.registry] });
  const queries = new Counter({
    name: 'moderato_worker_duplicate_lookup_queries_total',
    help: 'MongoDB queries those lookups took (lookups that meet share one; lookups ÷ queries is how many did)',
    registers: [metrics.registry],
  });
  return (served) => {
    lookups.inc(served.lookups);
    queries.inc(served.queries);
  };
}

/** What the reconciler did: comments put back in the queue, and those left failed for an operator. */
export function reconcileMetrics(metrics: ServiceMetrics): (report: { requeued: string[]; givenUp: string[] }) => void {
  const requeued = new Counter({
    name: 'moderato_worker_requeued_comments_total',
    help: 'Acknowledged comments whose failed job the reconciler queued again (their worker died, or every attempt met an outage)',
    registers: [metrics.registry],
  });
  const unstored = new Gauge({
    name: 'moderato_worker_unstored_comments',
    help: 'Acknowledged comments still failed after every re-queue, as of the last reconciliation: an operator must look (GET /v1/admin/failed)',
    registers: [metrics.registry],
  });
  return (report) => {
    requeued.inc(report.requeued.length);
    unstored.set(report.givenUp.length);
  };
}
