/**
 * `npm run bench [analysis|load|duplicates|deliveries|worker|fairness|ingest|all]`: throughput of the full analysis of
 * 40-word comments on one core (with duplicate candidates fetched from an in-memory LSH index of earlier comments, as
 * the worker does), the time each phase takes, and the time to load the models. `duplicates` runs bench/duplicates.ts;
 * the service benches run the script beside their service: `deliveries` the dispatcher's (against a POST-only BullMQ
 * baseline), `worker` and `fairness` the worker's (against a no-op BullMQ worker; one loud publisher and seven quiet
 * ones), `ingest` the ingest API's (against bare Express and queue.add). `all` runs the analysis benches only.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type * as AnalysisExports from '../src/index.js';
import type { DuplicateCandidate, ModerationPolicy } from '../src/index.js';
import { makeComments } from './comments.js';
import { COMMON_WORDS } from './zipf.js';

process.env.DOTENV_CONFIG_QUIET = 'true';
const MEASURE_MS = 2500;
const ROUNDS = 3;
const WORDS = 40;

type AnalysisModule = typeof AnalysisExports;

async function benchLoad(): Promise<AnalysisModule> {
  const started = performance.now();
  const analysis = await import('../src/index.js');
  const imported = performance.now();
  const models = analysis.loadModels();
  const loaded = performance.now();
  const analyzer = analysis.createAnalyzer(models);
  const created = performance.now();
  analyzer.analyze(
    { commentId: 'first', authorId: 'a', articleId: 'x', text: 'First comment after start, on the talks.' },
    { policy: analyzer.defaultPolicy, duplicateCandidates: [] },
  );
  const ready = performance.now();
  console.log(`load: import ${ms(imported - started)}, loadModels ${ms(loaded - imported)}, ` +
    `createAnalyzer (with warm-up) ${ms(created - loaded)}, first analysis ${ms1(ready - created)}, ` +
    `total ${ms(ready - started)} (target < 2000 ms)`);
  return analysis;
}

/** Times `work` over `items` for MEASURE_MS after a warm-up; prints and returns µs per item. */
function timeLoop(label: string, items: readonly string[], work: (text: string, i: number) => void): number {
  for (let i = 0; i < Math.min(500, items.length); i++) work(items[i] ?? '', i);
  const perItem = measure(items, work, MEASURE_MS);
  if (label) printRate(label, perItem);
  return perItem;
}

function measure(items: readonly string[], work: (text: string, i: number) => void, budgetMs: number): number {
  let done = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < budgetMs) {
    for (let k = 0; k < 200; k++, done++) work(items[done % items.length] ?? '', done);
    elapsed = performance.now() - started;
  }
  return (elapsed * 1000) / done;
}

function printRate(label: string, perItem: number): void {
  console.log(`${label.padEnd(24)} ${perItem.toFixed(1).padStart(8)} µs/comment  ${Math.round(1e6 / perItem).toLocaleString('en-US').padStart(9)} /s`);
}

/** The median of ROUNDS measurement rounds, so one round slowed by a neighbour on a shared machine does not count. */
function timeRounds(label: string, items: readonly string[], work: (text: string, i: number) => void): number {
  for (let i = 0; i < Math.min(500, items.length); i++) work(items[i] ?? '', i);
  const rounds = Array.from({ length: ROUNDS }, () => measure(items, work, MEASURE_MS));
  const median = [...rounds].sort((a, b) => a - b)[Math.floor(ROUNDS / 2)] ?? 0;
  printRate(label, median);
  console.log(`${''.padEnd(24)} rounds: ${rounds.map((r) => `${r.toFixed(1)} µs`).join(', ')} (median shown)`);
  return median;
}

function benchAnalysis(analysis: AnalysisModule): void {
  const analyzer = analysis.createAnalyzer(analysis.loadModels());
  const comments = makeComments(5000, WORDS);
  const index = new analysis.LshIndex();
  const stored = new Map<string, DuplicateCandidate>();
  // 10k earlier comments on 50 articles by 500 authors, so lookups find real candidates.
  makeComments(10_000, WORDS, 7).forEach((text, i) => {
    const candidate = { commentId: `c${i}`, authorId: `u${i % 500}`, articleId: `a${i % 50}`, fingerprint: analyzer.fingerprint(text) };
    stored.set(candidate.commentId, candidate);
    index.add(candidate.commentId, candidate.fingerprint);
  });
  const sample = comments.slice(0, 1000).map((text) => index.query(analyzer.fingerprint(text)).length);
  const withCandidates = sample.filter((n) => n > 0).length;
  console.log(`analysis: ${WORDS}-word comments, one core, ${index.size.toLocaleString('en-US')} stored fingerprints; ` +
    `duplicate candidates per comment: mean ${(sample.reduce((a, b) => a + b, 0) / sample.length).toFixed(2)}, ` +
    `${((100 * withCandidates) / sample.length).toFixed(0)}% of comments have any`);
  const policy = termsPolicy(analysis, analyzer.defaultPolicy);
  console.log(`policy: ${policy.bannedTerms.length} banned and ${policy.suspectTerms.length} suspect terms (words and phrases), some in the comments`);
  const full = timeRounds('full pipeline', comments, (text, i) => {
    const fingerprint = analyzer.fingerprint(text);
    const duplicateCandidates = index.query(fingerprint).flatMap((id) => stored.get(id) ?? []);
    analyzer.analyze({ commentId: `n${i}`, authorId: `u${i % 700}`, articleId: `a${i % 60}`, text }, { policy, duplicateCandidates, fingerprint });
  });
  console.log(`  → ${Math.round(1e6 / full).toLocaleString('en-US')} comments/s (target ≥ 5,000)`);
  console.log('per phase:');
  // Before the inputs of the other phases are built and kept: normalizing while 5,000 results are held makes V8
  // allocate results straight into the old generation, a cost the worker (which keeps none) never pays.
  timeLoop('  normalize', comments, (text) => analysis.normalize(text));
  const normalized = comments.map((t) => analysis.normalize(t));
  const { models } = analyzer;
  const fingerprints = normalized.map((n) => analysis.fingerprintText(n, models.duplicates));
  const at = (i: number) => normalized[i % normalized.length] ?? analysis.normalize('');
  timeLoop('  language', comments, (_t, i) => analysis.detectLanguage(at(i)));
  timeLoop('  sentiment', comments, (_t, i) => analysis.scoreSentiment(at(i), models.sentiment));
  timeLoop('  spam', comments, (_t, i) => analysis.scoreSpam(at(i), { blockedDomains: [] }, models.spam));
  timeLoop('  fingerprint', comments, (_t, i) => analysis.fingerprintText(at(i), models.duplicates));
  timeLoop('  duplicate lookup', comments, (_t, i) => {
    const fp = fingerprints[i % fingerprints.length];
    if (!fp) return;
    const candidates = index.query(fp).flatMap((id) => stored.get(id) ?? []);
    analysis.findDuplicate({ authorId: 'u1', articleId: 'a1' }, fp, candidates, models.duplicates);
  });
  timeLoop('  abuse', comments, (_t, i) => analysis.scoreAbuse(at(i), models.abuse));
}

/**
 * A busy publisher's policy: 50 banned and 50 suspect terms. Most banned ones are words no comment has; some of each
 * list (the seed article's words, pairs of common words) occur in the comments, so the matches are exercised too.
 */
function termsPolicy(analysis: AnalysisModule, base: ModerationPolicy): ModerationPolicy {
  const syllables = ['ka', 'lo', 'mi', 'ra', 'tu', 'ne', 'sa', 'vi', 'do', 'be'];
  const made = Array.from({ length: 45 }, (_, i) => `${syllables[i % 10]}${syllables[(i * 7 + 3) % 10]}zx${syllables[(i * 3) % 10]}`);
  const bannedTerms = [...made, 'ceasefire', 'militant groups', 'airstrikes', 'casualties', 'terrorism'];
  const pairs = Array.from({ length: 25 }, (_, i) => `${COMMON_WORDS[i]} ${COMMON_WORDS[i + 1]}`);
  const seedWords = ['pakistan', 'afghanistan', 'istanbul', 'kabul', 'doha', 'durand line', 'border tensions', 'delegation',
    'mediation', 'truce', 'islamabad', 'qatar', 'monitoring mechanism', 'interim administration', 'sharing', 'coordination',
    'outlook', 'fragile', 'deadly clashes', 'confrontations', 'deterioration', 'bilateral', 'contention', 'halting', 'prevent'];
  return analysis.withOverrides(base, { bannedTerms, suspectTerms: [...pairs, ...seedWords] }, 1);
}

/** Runs another bench script in its own process, passing on the arguments after the mode. */
function benchScript(url: URL): void {
  const script = fileURLToPath(url);
  const result = spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', script, ...process.argv.slice(3)], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${script} exited with ${result.status}`);
}

const ms = (x: number): string => `${x.toFixed(0)} ms`;
const ms1 = (x: number): string => `${x.toFixed(1)} ms`;

/** Benches of the services, each a script beside the service it measures. */
const SERVICE_BENCHES: Record<string, URL> = {
  deliveries: new URL('../../../services/dispatcher/bench/deliveries.ts', import.meta.url),
  worker: new URL('../../../services/worker/bench/worker.ts', import.meta.url),
  fairness: new URL('../../../services/worker/bench/fairness.ts', import.meta.url),
  ingest: new URL('../../../services/ingest-api/bench/ingest.ts', import.meta.url),
};

const mode = process.argv[2] ?? 'all';
if (!['analysis', 'load', 'duplicates', 'all', ...Object.keys(SERVICE_BENCHES)].includes(mode)) {
  console.error(`usage: npm run bench [analysis|load|duplicates|${Object.keys(SERVICE_BENCHES).join('|')}|all]`);
  process.exit(2);
}
const serviceBench = SERVICE_BENCHES[mode];
if (serviceBench) {
  benchScript(serviceBench);
  process.exit(0);
}
const analysis = await benchLoad();
if (mode === 'analysis' || mode === 'all') benchAnalysis(analysis);
if (mode === 'duplicates' || mode === 'all') benchScript(new URL('./duplicates.ts', import.meta.url));
