/**
 * `npm run chaos`: the fault-injection scenario of test/chaos/chaos.test.ts, bigger, with its figures printed. Exits 1
 * if an acknowledged comment was lost, stored twice, or left failed.
 *
 * CHAOS_COMMENTS, CHAOS_PUBLISHERS, CHAOS_CONCURRENCY set the size (5,000, 8, 32); CHAOS_MAX_STALLED_COUNT and
 * CHAOS_RECONCILE_INTERVAL_MS override the worker's (1 and 500 ms), e.g. to watch comments get lost without the
 * reconciler: CHAOS_RECONCILE_INTERVAL_MS=3600000 npm run chaos.
 */
import { runChaosScenario, type ChaosReport } from './scenario.js';

function numberFrom(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number, got '${text}'`);
  return value;
}

const comments = numberFrom('CHAOS_COMMENTS', 5_000);
const report: ChaosReport = await runChaosScenario({
  comments,
  publishers: numberFrom('CHAOS_PUBLISHERS', 8),
  concurrency: numberFrom('CHAOS_CONCURRENCY', 32),
  burst: Math.round(comments * 0.2),
  // The rest of the comments over about as long as the faults take (it sends on until they are over, so often more).
  ratePerSecond: Math.max(20, Math.round((comments * 0.8) / 25)),
  batchSize: 25,
  maxStalledCount: numberFrom('CHAOS_MAX_STALLED_COUNT', 1),
  reconcileIntervalMs: numberFrom('CHAOS_RECONCILE_INTERVAL_MS', 500),
  reconcileAfterMs: 500,
  redisDownMs: 2_000,
  mongoStallMs: 5_000,
  drainTimeoutMs: 180_000,
  log: (line) => console.log(`[chaos] ${line}`),
});

console.log('\nfigures');
console.table(report.figures);
const problems = {
  unacknowledged: report.unacknowledged,
  unexpectedAnswers: report.unexpectedAnswers,
  lost: report.lost,
  storedTwice: report.storedTwice,
  storedUnsent: report.storedUnsent,
  failedJobs: report.failedJobs.map((job) => `${job.publisherId}/${job.commentId}: ${job.failedReason}`),
};
for (const [name, list] of Object.entries(problems)) {
  console.log(`${name}: ${list.length}${list.length ? ` (first: ${list.slice(0, 5).join('; ')})` : ''}`);
}
if (report.workerErrors.length) console.log(`worker error lines (first ${report.workerErrors.length}):\n${report.workerErrors.join('\n')}`);
const failed = problems.unacknowledged.length + problems.unexpectedAnswers.length + problems.lost.length + problems.storedTwice.length + problems.storedUnsent.length + problems.failedJobs.length > 0;
console.log(failed ? '\nFAILED: an acknowledged comment was lost, stored twice or left failed' : '\nOK: every acknowledged comment stored exactly once, nothing left failed');
process.exit(failed ? 1 : 0);
