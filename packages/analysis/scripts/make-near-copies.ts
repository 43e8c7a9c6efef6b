/**
 * Seeded generator of labelled near-copy pairs for the duplicates phase:
 *
 *   node --conditions=source --import tsx packages/analysis/scripts/make-near-copies.ts \
 *     --seed 2 --n 4000 --out pairs.jsonl [--source FILE]... [--data ../shared/data]
 *
 * Writes `{"a","b","label":"duplicate"|"distinct","kind"}` lines (the `moderato eval --task duplicates` format plus
 * how each pair was made). Without --source it reads the report sources (TweetEval sentiment tweets and UCI
 * review sentences, kept aside from tuning) from --data. The same seed and sources give the same file.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { makeNearCopyPairs, type LabelledPair } from '../src/duplicates/near-copy-pairs.js';
import { REPORT_SOURCES, readSourceTexts } from '../src/duplicates/sources.js';

export { makeNearCopyPairs, type LabelledPair, type SourceText } from '../src/duplicates/near-copy-pairs.js';
export { readSourceTexts } from '../src/duplicates/sources.js';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export interface NearCopyFileOptions {
  seed: number;
  n: number;
  sources: readonly string[];
}

/** The pairs as JSONL text (one pair per line, trailing newline). */
export function nearCopyJsonl(options: NearCopyFileOptions): string {
  const texts = options.sources.flatMap((path) => readSourceTexts(path));
  const pairs: LabelledPair[] = makeNearCopyPairs(texts, { seed: options.seed, n: options.n });
  return pairs.map((p) => JSON.stringify({ a: p.a, b: p.b, label: p.label, kind: p.kind })).join('\n') + '\n';
}

function main(): void {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string' },
      n: { type: 'string', default: '4000' },
      out: { type: 'string' },
      source: { type: 'string', multiple: true },
      data: { type: 'string', default: join(REPO_ROOT, '..', 'shared', 'data') },
    },
  });
  if (values.seed === undefined || values.out === undefined) {
    throw new Error('usage: make-near-copies.ts --seed N --n COUNT --out FILE.jsonl [--source FILE]... [--data DIR]');
  }
  const seed = Number.parseInt(values.seed, 10);
  const n = Number.parseInt(values.n, 10);
  if (!Number.isInteger(seed) || !Number.isInteger(n) || n < 1) throw new Error('--seed and --n must be integers (n ≥ 1)');
  const sources = values.source ?? REPORT_SOURCES.map((p) => join(values.data, p));
  writeFileSync(values.out, nearCopyJsonl({ seed, n, sources }));
  process.stderr.write(`wrote ${n} pairs (seed ${seed}) from ${sources.length} source file(s) to ${values.out}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
