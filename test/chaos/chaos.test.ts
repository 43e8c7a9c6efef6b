import { expect } from 'chai';
import { runChaosScenario, type ChaosReport } from './scenario.js';

const COMMENTS = 400;
const CONCURRENCY = 16;

/**
 * Issue 12: nothing acknowledged is lost. Several publishers' signed batches while the worker is SIGKILLed twice with
 * the same jobs active, Redis crashes and restarts on its AOF, and MongoDB stalls; then every comment answered 202
 * "queued" must be readable through the moderation API, stored once, and nothing may be left failed.
 *
 * The worker's stall limit is 1 here (BullMQ's own default, under which the lost comments of the issue were seen)
 * rather than the shipped 3: the two kills then push the same jobs past it, as four would with 3, so this proves that
 * the reconciler brings such jobs back. With the reconciler off (RECONCILE_INTERVAL_MS=3600000) the same scenario
 * leaves them failed and unstored.
 */
describe('chaos: acknowledged comments survive worker kills, a Redis crash and a MongoDB stall', function () {
  this.timeout(180_000);
  let report: ChaosReport;

  before(async () => {
    report = await runChaosScenario({
      comments: COMMENTS,
      publishers: 3,
      concurrency: CONCURRENCY,
      burst: 100,
      ratePerSecond: 20,
      batchSize: 20,
      maxStalledCount: 1,
      reconcileIntervalMs: 500,
      reconcileAfterMs: 500,
      redisDownMs: 1_000,
      mongoStallMs: 3_000,
      drainTimeoutMs: 60_000,
    });
  });

  it('injected the faults: the same jobs killed twice and failed past the stall limit, deliveries refused while Redis was down', () => {
    const { figures } = report;
    expect(figures.activeAtFirstKill, 'jobs active at the first kill').to.equal(CONCURRENCY);
    expect(figures.killedTwice, 'jobs active at both kills').to.be.greaterThan(0);
    expect(figures.failedForStalling, 'every job killed twice failed for stalling').to.be.at.least(figures.killedTwice);
    expect(figures.stalls, 'stalls seen').to.be.at.least(figures.activeAtFirstKill + figures.killedTwice);
    expect(figures.clientRetries, 'deliveries sent again after a refusal').to.be.greaterThan(0);
  });

  it('acknowledged every comment the publishers sent, retrying deliveries with the same webhook-id', () => {
    expect(report.unexpectedAnswers).to.deep.equal([]);
    expect(report.unacknowledged).to.deep.equal([]);
    expect(report.figures.acknowledged).to.be.at.least(COMMENTS);
  });

  it('stores every acknowledged comment: each one is found by GET /v1/comments/:id with its publisher\'s key', () => {
    expect(report.figures.drainMs, 'every acknowledged comment stored within the bound').to.not.equal(null);
    expect(report.lost, `worker errors: ${report.workerErrors.slice(0, 5).join('\n')}`).to.deep.equal([]);
  });

  it('stores each comment exactly once (documents per publisher and comment, counted in MongoDB)', () => {
    expect(report.storedTwice).to.deep.equal([]);
    expect(report.storedUnsent).to.deep.equal([]);
  });

  it('leaves nothing failed: GET /v1/admin/failed is empty for every publisher, and the queue settles', () => {
    expect(report.failedJobs).to.deep.equal([]);
    expect(report.figures.settleMs, 'the queue empty of waiting, delayed, active and failed jobs within the bound').to.not.equal(null);
  });
});
