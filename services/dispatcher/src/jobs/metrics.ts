import type { ServiceMetrics } from '@moderato/service-kit';
import type { EventEnvelope } from '@moderato/contracts';
import type { DeliveryAttemptRecord } from '@moderato/storage';
import { Counter, Histogram } from 'prom-client';

export interface DispatcherMetrics {
  onAttempt(attempt: DeliveryAttemptRecord, event: EventEnvelope): void;
  onRelayed(events: number): void;
}

/** Delivery attempts by outcome, attempt latency, and the time from an event happening to its delivery. */
export function dispatcherMetrics(metrics: ServiceMetrics): DispatcherMetrics {
  const attempts = new Counter({ name: 'moderato_delivery_attempts_total', help: 'Webhook delivery attempts, by outcome', labelNames: ['outcome'] as const, registers: [metrics.registry] });
  const relayed = new Counter({ name: 'moderato_events_relayed_total', help: 'Events moved from comment outboxes into the feed', registers: [metrics.registry] });
  const latency = new Histogram({
    name: 'moderato_delivery_attempt_seconds',
    help: 'Time one delivery attempt took, connection to answer',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [metrics.registry],
  });
  const endToEnd = new Histogram({
    name: 'moderato_event_delivered_seconds',
    help: 'Time from an event happening (a comment stored, decided) to its delivery',
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 5, 30, 300, 3600, 86_400],
    registers: [metrics.registry],
  });
  return {
    onAttempt: (attempt, event) => {
      attempts.inc({ outcome: attempt.outcome });
      latency.observe(attempt.latencyMs / 1000);
      if (attempt.outcome === 'delivered') endToEnd.observe((attempt.at.getTime() + attempt.latencyMs - Date.parse(event.timestamp)) / 1000);
    },
    onRelayed: (events) => relayed.inc(events),
  };
}
