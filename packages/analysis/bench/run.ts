/**
 * `npm run bench [analysis|load|duplicates|all]`: throughput of the full analysis of 40-word comments on one
 * core (with duplicate candidates fetched from an in-memory LSH index of earlier comments, as the worker does),
 * the time each phase takes, and the time to load the models. `duplicates` runs bench/duplicates.ts.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type * as AnalysisExports from '../src/index.js';
import type { DuplicateCandidate } from '../src/index.js';
import { makeComments } from './comments.js';

process.env.DOTENV_CONFIG_QUIET = 'true';
const MEASURE_MS = 2500;
const WORDS = 40;

type AnalysisModule = typeof AnalysisExports;

async function benchLoad(): Promise<AnalysisModule> {
  const started = performance.now();
  const analysis = await import('../src/index.js');
  const imported = performance.now();
  const models = analysis.loadModels();
  const loaded = performance.now();
  const analyzer = analysis.createAnalyzer(models);
  analyzer.analyze(
    { commentId: 'warm', authorId: 'a', articleId: 'x', text: 'First comment to compile the models.' },
    { policy: analyzer.defaultPolicy, duplicateCandidates: [] },
  );
  const ready = performance.now();
  console.log(`load: import ${ms(imported - started)}, loadModels ${ms(loaded - imported)}, ` +
    `first analysis ${ms(ready - loaded)}, total ${ms(ready - started)} (target < 2000 ms)`);
  return analysis;
}

function timeLoop(label: string, items: readonly string[], work: (text: string, i: number) => void): number {
  for (let i = 0; i < Math.min(500, items.length); i++) work(items[i] ?? '', i);
  let done = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < MEASURE_MS) {
    for (let k = 0; k < 200; k++, done++) work(items[done % items.length] ?? '', done);
    elapsed = performance.now() - started;
  }
  const perItem = (elapsed * 1000) / done;
  if (label) console.log(`${label.padEnd(24)} ${perItem.toFixed(1).padStart(8)} µs/comment  ${Math.round(1e6 / perItem).toLocaleString('en-US').padStart(9)} /s`);
  return perItem;
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
  console.log(`analysis: ${WORDS}-word comments, one core, ${index.size.toLocaleString('en-US')} stored fingerprints`);
  const policy = analyzer.defaultPolicy;
  const full = timeLoop('full pipeline', comments, (text, i) => {
    const fingerprint = analyzer.fingerprint(text);
    const duplicateCandidates = index.query(fingerprint).flatMap((id) => stored.get(id) ?? []);
    analyzer.analyze({ commentId: `n${i}`, authorId: `u${i % 700}`, articleId: `a${i % 60}`, text }, { policy, duplicateCandidates, fingerprint });
  });
  console.log(`  → ${Math.round(1e6 / full).toLocaleString('en-US')} comments/s (target ≥ 5,000)`);
  const normalized = comments.map((t) => analysis.normalize(t));
  const { models } = analyzer;
  const fingerprints = normalized.map((n) => analysis.fingerprintText(n, models.duplicates));
  const at = (i: number) => normalized[i % normalized.length] ?? analysis.normalize('');
  console.log('per phase:');
  timeLoop('  normalize', comments, (text) => analysis.normalize(text));
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

function benchDuplicates(): void {
  const script = fileURLToPath(new URL('./duplicates.ts', import.meta.url));
  const result = spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', script], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`bench/duplicates.ts exited with ${result.status}`);
}

const ms = (x: number): string => `${x.toFixed(0)} ms`;

const mode = process.argv[2] ?? 'all';
if (!['analysis', 'load', 'duplicates', 'all'].includes(mode)) {
  console.error('usage: npm run bench [analysis|load|duplicates|all]');
  process.exit(2);
}
const analysis = await benchLoad();
if (mode === 'analysis' || mode === 'all') benchAnalysis(analysis);
if (mode === 'duplicates' || mode === 'all') benchDuplicates();
