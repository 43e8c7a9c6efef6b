/**
 * `npm run bench -- fairness [--seconds 20] [--loud-rate 1000] [--concurrency C] [--fair-share N]` (C: the worker's
 * default unless given): one loud publisher floods (batches of 500 at `--loud-rate` comments a second, more than the
 * worker drains, for `--seconds`) while seven quiet ones each send one comment every 0.5–1 s. Every delivery is
 * signed with the official `standardwebhooks` library and goes through the ingest API (its own process, so its
 * fairness is what is measured) to the real worker.
 * Per comment: from its delivery's 202 to its job finishing, i.e. the comment stored. Printed for the quiet publishers
 * (p50, p99, max) with the loud one's throughput and the CPU each process used, with the ingest's fairness on and then
 * off (INGEST_FAIR_COMMENTS_PER_MINUTE=0: one FIFO queue), and the ratios. Each mode runs in a process of its own
 * (fairness-mode.ts), with its own Redis and MongoDB double and the same uncounted warm-up, as a second mode run in the
 * same process runs markedly faster than the first. Target: quiet p99 within 2 s while the loud one floods.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { workerConfigSchema } from '../src/config.js';
import type { Figures } from './fairness-mode.js';

const TARGET_P99_MS = 2_000;

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '20' }, 'loud-rate': { type: 'string', default: '1000' }, concurrency: { type: 'string', default: String(workerConfigSchema.shape.WORKER_CONCURRENCY.parse(undefined)) }, 'fair-share': { type: 'string' } },
});
const modes = [
  { mode: 'on', label: `fairness on  (INGEST_FAIR_COMMENTS_PER_MINUTE=${values['fair-share'] ?? 'default'})` },
  { mode: 'off', label: 'fairness off (INGEST_FAIR_COMMENTS_PER_MINUTE=0)' },
];

console.log(
  `fairness: 1 loud publisher (batches of 500, ${Number(values['loud-rate']).toLocaleString('en-US')} comments/s offered for ${values.seconds} s) ` +
  `and 7 quiet ones (one comment every 0.5–1 s each), signed, through the ingest API (own process) to the worker ` +
  `(concurrency ${values.concurrency}); each mode in its own process after a 10 s warm-up; MongoDB wire double, Redis private`,
);
const [fair, unfair] = modes.map(({ mode, label }) => {
  const figures = runMode(mode);
  printFigures(label, figures);
  return figures;
}) as [Figures, Figures];
console.log(
  `quiet p99 without ÷ with fairness: ${ratio(unfair.quiet.p99, fair.quiet.p99)}  quiet p50: ${ratio(unfair.quiet.p50, fair.quiet.p50)}  ` +
  `loud throughput with ÷ without: ${(fair.loudPerSecond / unfair.loudPerSecond).toFixed(2)}×`,
);
const met = fair.quiet.unstored === 0 && fair.quiet.p99 <= TARGET_P99_MS;
console.log(`target (quiet p99 ≤ ${TARGET_P99_MS.toLocaleString('en-US')} ms with fairness on): ${met ? 'met' : 'NOT met'}`);

/** Runs fairness-mode.ts for `mode` with this run's options; answers the figures it prints. */
function runMode(mode: string): Figures {
  const script = fileURLToPath(new URL('./fairness-mode.ts', import.meta.url));
  const options = Object.entries(values).flatMap(([name, value]) => (value === undefined ? [] : [`--${name}`, value]));
  const result = spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', script, '--mode', mode, ...options], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`fairness-mode.ts --mode ${mode} exited with ${result.status}`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '') as Figures;
}

function printFigures(label: string, figures: Figures): void {
  const { quiet, cpu } = figures;
  console.log(
    `${label}  quiet: ${quiet.count} comments, 202 → stored p50 ${ms(quiet.p50)}, p99 ${ms(quiet.p99)}, max ${ms(quiet.max)}` +
    `${quiet.unstored > 0 ? `, ${quiet.unstored} not stored within ${quiet.drainLimitSeconds} s` : ''}  ` +
    `loud: ${figures.loudSent.toLocaleString('en-US')} queued, ${Math.round(figures.loudPerSecond).toLocaleString('en-US')}/s stored during the flood, ` +
    `${figures.loudBacklog.toLocaleString('en-US')} waiting when it ended`,
  );
  console.log(
    `${''.padEnd(label.length)}  CPU s during the ${values.seconds} s flood: worker and senders ${cpu.worker.toFixed(1)}, ingest ${cpu.ingest.toFixed(1)}, ` +
    `MongoDB ${cpu.mongo.toFixed(1)}, Redis ${cpu.redis.toFixed(1)}`,
  );
}

function ms(value: number): string {
  return `${Math.round(value).toLocaleString('en-US')} ms`;
}

function ratio(a: number, b: number): string {
  return `${(a / Math.max(b, 1)).toFixed(1)}×`;
}
