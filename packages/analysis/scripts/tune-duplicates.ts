/**
 * Tunes the duplicates settings and reports them on data kept aside:
 *
 *   node --conditions=source --import tsx packages/analysis/scripts/tune-duplicates.ts [--data ../shared/data] [--write]
 *
 * 1. Runs the same tuning as `moderato train` (near-copy pairs from YouTube comments and offensive tweets, seed 1)
 *    and prints the grid of schemes it compared. With --write, writes models/duplicates.json.
 * 2. Measures the chosen settings on pairs from other sources (TweetEval sentiment tweets, UCI review sentences)
 *    with another seed: recall, false-positive rate, LSH candidate recall, per evasion and per kind of negative.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { distinctSourceTexts, makeNearCopyPairs } from '../src/duplicates/near-copy-pairs.js';
import { seededRandom } from '../src/duplicates/hash.js';
import { normalize } from '../src/normalize/index.js';
import { fingerprintText, similarity } from '../src/duplicates/index.js';
import { REPORT_SOURCES, readSources } from '../src/duplicates/sources.js';
import { toTuningPairs, trainDuplicateSettings } from '../src/duplicates/train.js';
import { measurePairs, type PairMeasurement, type TuningPair } from '../src/duplicates/tune.js';
import type { DuplicateSettings } from '../src/duplicates/settings.js';
import { serializeModel } from '../src/train.js';

const PACKAGE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const REPORT_SEED = 2;
const REPORT_PAIRS = 6000;

function printGrid(settings: DuplicateSettings): void {
  const grid = (settings.tuning?.grid ?? []) as Array<Record<string, number | string>>;
  console.log('tuning grid (seed 1 pairs from', (settings.tuning?.sources as string[]).join(', '), ')');
  console.log('scheme        thr   recall  fpr     cand.rec  end2end  spurious/1M short  long');
  for (const row of grid) {
    console.log(
      `${String(row.scheme).padEnd(13)} ${Number(row.threshold).toFixed(2)}  ${fmt(row.recall)}  ${fmt(row.fpr)}  ` +
        `${fmt(row.candidateRecall)}    ${fmt(row.endToEndRecall)}   ${Number(row.spuriousPerMillionShort).toFixed(1).padStart(10)}` +
        `  ${Number(row.spuriousPerMillionLong).toFixed(1).padStart(6)}`,
    );
  }
}

function printReport(pairs: readonly TuningPair[], settings: DuplicateSettings): void {
  const all = measurePairs(pairs, settings);
  console.log(`\nheld-out: ${pairs.length} pairs, seed ${REPORT_SEED}, from ${REPORT_SOURCES.join(', ')}`);
  console.log(`  ${line(all)}`);
  const kinds = new Set(pairs.flatMap((p) => (p.duplicate ? p.kind.split('+') : [p.kind])));
  for (const kind of [...kinds].sort()) {
    const subset = pairs.filter((p) => (p.duplicate ? p.kind.split('+').includes(kind) : p.kind === kind));
    const m = measurePairs(subset, settings);
    const what = subset[0]?.duplicate ? `recall ${fmt(m.recall)} candidate ${fmt(m.candidateRecall)}` : `fpr ${fmt(m.fpr)}`;
    console.log(`  ${kind.padEnd(16)} n=${String(subset.length).padStart(4)}  ${what}`);
  }
  for (const count of [1, 2, 3]) {
    const subset = pairs.filter((p) => p.duplicate && p.kind.split('+').length === count);
    console.log(`  ${count} evasion(s)      n=${String(subset.length).padStart(4)}  recall ${fmt(measurePairs(subset, settings).recall)}`);
  }
}

/**
 * Beyond the typical evasions: how similarity falls as k words of a 20+-word held-out text are replaced by
 * random words from other texts (the SimHash figure was for one changed word in 30).
 */
function printWordReplacement(data: string, settings: DuplicateSettings): void {
  const texts = distinctSourceTexts(readSources(data, REPORT_SOURCES), { seed: REPORT_SEED, minWords: 20 }).slice(0, 600);
  const vocabulary = texts.flatMap((t) => t.split(' '));
  const random = seededRandom(REPORT_SEED);
  console.log(`\nword replacement on ${texts.length} held-out texts of ≥ 20 words (threshold ${settings.threshold}):`);
  for (const k of [1, 2, 3, 4, 6, 8]) {
    let above = 0;
    let surfaced = 0;
    const sims: number[] = [];
    for (const text of texts) {
      const words = text.split(' ');
      const positions = new Set<number>();
      while (positions.size < k) positions.add(Math.floor(random() * words.length));
      for (const at of positions) words[at] = vocabulary[Math.floor(random() * vocabulary.length)] ?? '';
      const a = fingerprintText(normalize(text), settings);
      const b = fingerprintText(normalize(words.join(' ')), settings);
      const value = similarity(a, b, settings);
      sims.push(value);
      if (value >= settings.threshold) above++;
      if (a.bands.some((key) => b.bands.includes(key))) surfaced++;
    }
    sims.sort((x, y) => x - y);
    console.log(
      `  ${k} word(s): median similarity ${fmt(sims[Math.floor(sims.length / 2)])}  ` +
        `≥ threshold ${fmt(above / texts.length)}  surfaced by LSH ${fmt(surfaced / texts.length)}`,
    );
  }
}

function line(m: PairMeasurement): string {
  return `recall ${fmt(m.recall)}  fpr ${fmt(m.fpr)}  candidate recall ${fmt(m.candidateRecall)}  ` +
    `end-to-end recall ${fmt(m.endToEndRecall)}  (${m.duplicates} duplicate / ${m.distinct} distinct)`;
}

const fmt = (x: unknown): string => Number(x).toFixed(4);

function main(): void {
  const { values } = parseArgs({
    options: { data: { type: 'string', default: join(PACKAGE_DIR, '..', '..', '..', 'shared', 'data') }, write: { type: 'boolean' } },
  });
  const settings = trainDuplicateSettings(values.data);
  printGrid(settings);
  const { tuning: _tuning, ...chosen } = settings;
  console.log('\nchosen:', JSON.stringify(chosen));
  if (values.write) {
    const path = join(PACKAGE_DIR, 'models', 'duplicates.json');
    writeFileSync(path, serializeModel(settings));
    console.log(`wrote ${path}`);
  }
  const rows = makeNearCopyPairs(readSources(values.data, REPORT_SOURCES), { seed: REPORT_SEED, n: REPORT_PAIRS });
  printReport(toTuningPairs(rows), settings);
  printWordReplacement(values.data, settings);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
