import { normalize } from '../normalize/index.js';
import { distinctSourceTexts, makeNearCopyPairs } from './near-copy-pairs.js';
import type { DuplicateSettings } from './settings.js';
import { readSources, TUNING_SOURCES } from './sources.js';
import { tuneDuplicateSettings } from './tune.js';
import type { SchemeResult, SignatureScheme, TuningPair } from './tune.js';

export const DUPLICATES_MODEL_VERSION = 'duplicates-2026.11.1';

/** Seeds and sizes of the tuning run; the report in scripts/tune-duplicates.ts uses other seeds and sources. */
export const TUNING = { pairSeed: 1, pairs: 6000, backgroundSeed: 101, backgroundTexts: 4000, maxFpr: 0.005, minRecall: 0.99, maxBackgroundPerMillion: 25 };

/** Below this many tokens only exact repeats by the same author are matched (a fixed product choice, not tuned). */
const MIN_TOKENS = 5;
const HASH_SEED = 0x6d6f64;

/** The grid searched: shingle kinds × LSH bandings (≤ 32 band keys), all with one-permutation MinHash. */
export function candidateSchemes(): SignatureScheme[] {
  const shingles = [
    { unit: 'word', size: 1 }, { unit: 'word', size: 2 }, { unit: 'word', size: 3 },
    { unit: 'char', size: 3 }, { unit: 'char', size: 4 }, { unit: 'char', size: 5 }, { unit: 'char', size: 6 },
  ] as const;
  const bandings = [[32, 3], [32, 4], [32, 5], [32, 6], [24, 5], [20, 6]] as const;
  return shingles.flatMap((shingle) =>
    bandings.map(([bands, rows]) => ({
      shingle: { ...shingle },
      method: 'oph' as const,
      numHashes: bands * rows,
      bands,
      rows,
      seed: HASH_SEED,
      minTokens: MIN_TOKENS,
    })),
  );
}

export function toTuningPairs(rows: ReadonlyArray<{ a: string; b: string; label: string; kind?: string }>): TuningPair[] {
  return rows.map((r) => ({ a: normalize(r.a), b: normalize(r.b), duplicate: r.label === 'duplicate', kind: r.kind ?? '' }));
}

/**
 * Tunes the duplicates settings on near-copy pairs generated (seeded) from the tuning sources in `dataDir`
 * (../shared/data), and returns them ready to be written to models/duplicates.json.
 */
export function trainDuplicateSettings(dataDir: string): DuplicateSettings {
  const sources = readSources(dataDir, TUNING_SOURCES);
  const pairs = toTuningPairs(makeNearCopyPairs(sources, { seed: TUNING.pairSeed, n: TUNING.pairs }));
  const texts = distinctSourceTexts(sources, { seed: TUNING.backgroundSeed, minWords: MIN_TOKENS });
  const background = {
    short: texts.slice(0, TUNING.backgroundTexts).map(normalize),
    long: longComments(texts, TUNING.backgroundTexts).map(normalize),
  };
  const { best, results } = tuneDuplicateSettings(pairs, background, candidateSchemes(), TUNING);
  return settingsFrom(best, results);
}

/**
 * News comments run longer than tweets, and long texts share more common shingles by chance: unrelated long
 * comments are made by joining three unrelated source texts (each text used once).
 */
function longComments(texts: readonly string[], count: number): string[] {
  const out: string[] = [];
  for (let i = 0; i + 2 < texts.length && out.length < count; i += 3) out.push(`${texts[i]} ${texts[i + 1]} ${texts[i + 2]}`);
  return out;
}

function settingsFrom(best: SchemeResult, results: readonly SchemeResult[]): DuplicateSettings {
  const { scheme, threshold } = best;
  return {
    version: DUPLICATES_MODEL_VERSION,
    shingle: { ...scheme.shingle },
    method: scheme.method,
    numHashes: scheme.numHashes,
    bands: scheme.bands,
    rows: scheme.rows,
    seed: scheme.seed,
    minTokens: scheme.minTokens,
    threshold,
    tuning: {
      command: 'npx moderato train --data ../shared/data (report: packages/analysis/scripts/tune-duplicates.ts)',
      sources: TUNING_SOURCES,
      pairSeed: TUNING.pairSeed,
      pairs: best.tuning.duplicates + best.tuning.distinct,
      maxFpr: TUNING.maxFpr,
      minRecall: TUNING.minRecall,
      maxBackgroundPerMillion: TUNING.maxBackgroundPerMillion,
      chosen: summary(best),
      grid: results.map(summary),
    },
  };
}

function summary(r: SchemeResult): Record<string, unknown> {
  return {
    scheme: `${r.scheme.shingle.unit}${r.scheme.shingle.size} ${r.scheme.bands}x${r.scheme.rows}`,
    threshold: r.threshold,
    recall: round(r.tuning.recall),
    fpr: round(r.tuning.fpr),
    candidateRecall: round(r.tuning.candidateRecall),
    endToEndRecall: round(r.tuning.endToEndRecall),
    spuriousPerMillionShort: round(r.backgroundPerMillion.short),
    spuriousPerMillionLong: round(r.backgroundPerMillion.long),
  };
}

function round(value: number): number {
  return Math.round(value * 10000) / 10000;
}
