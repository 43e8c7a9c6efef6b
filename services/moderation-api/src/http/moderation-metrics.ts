import type { Logger, ServiceMetrics } from '@moderato/service-kit';
import { countQueueDepths, type DecisionAuditFailure, type Storage } from '@moderato/storage';
import { Counter, Gauge, Histogram } from 'prom-client';

/** Receipt to decision: from seconds (a desk on it) to a week (a forgotten corner of the queue). */
const TIME_TO_DECISION_BUCKETS = [30, 60, 300, 900, 1_800, 3_600, 7_200, 14_400, 43_200, 86_400, 172_800, 604_800];

/** What the decision routes pass to storage so the desk's figures and failures are seen. */
export interface DecisionHooks {
  /** For decideComment's `onDecided`: observes a decision's time from receipt. */
  observeDecision(publisherId: string): (timing: { receivedAt: Date; decidedAt: Date }) => void;
  /**
   * For `onAuditFailed`: the decision stands and is answered; its audit entry, which rides in the decision's event, is
   * stored by the event relay instead. Logged and counted.
   */
  auditDeferred(log: Logger): DecisionAuditFailure;
}

/**
 * The desk's figures on the service's /metrics: the review queue's depth per publisher, read from storage on each
 * scrape (one aggregation), and the time from a comment's receipt to a moderator's decision.
 */
export function moderationMetrics(metrics: ServiceMetrics, storage: Storage, logger: Logger): DecisionHooks {
  const seen = new Set<string>();
  new Gauge({
    name: 'moderato_review_queue_depth',
    help: 'Comments awaiting review (held and undecided), per publisher; read on each scrape',
    labelNames: ['publisher'] as const,
    registers: [metrics.registry],
    async collect() {
      try {
        const depths = await countQueueDepths(storage);
        // A publisher whose queue emptied reads 0, not absent.
        for (const publisherId of seen) this.set({ publisher: publisherId }, 0);
        for (const { publisherId, pending } of depths) {
          seen.add(publisherId);
          this.set({ publisher: publisherId }, pending);
        }
      } catch (error) {
        // The rest of /metrics still answers; the gauge keeps its last reading.
        logger.warn({ err: error }, 'review queue depth not read for /metrics');
      }
    },
  });
  const timeToDecision = new Histogram({
    name: 'moderato_time_to_decision_seconds',
    help: 'Seconds from a comment’s receipt to a moderator’s decision, per publisher',
    labelNames: ['publisher'] as const,
    buckets: TIME_TO_DECISION_BUCKETS,
    registers: [metrics.registry],
  });
  const auditDeferred = new Counter({
    name: 'moderato_audit_entries_deferred_total',
    help: 'Decisions (or changes or undos) whose audit entry the request could not write; the event relay writes it',
    registers: [metrics.registry],
  });
  return {
    observeDecision: (publisherId) => ({ receivedAt, decidedAt }) => {
      timeToDecision.observe({ publisher: publisherId }, Math.max(0, (decidedAt.getTime() - receivedAt.getTime()) / 1_000));
    },
    auditDeferred: (log) => (error, commentId) => {
      auditDeferred.inc();
      log.warn({ err: error, commentId }, 'decision applied and answered; its audit entry was not written now, the event relay writes it');
    },
  };
}
