import type { NormalizedText } from '../types.js';
import { similarity } from './find.js';
import { fingerprintText } from './fingerprint.js';
import { LshIndex } from './lsh-index.js';
import type { DuplicateSettings } from './settings.js';

/** A labelled pair, already normalized. */
export interface TuningPair {
  a: NormalizedText;
  b: NormalizedText;
  duplicate: boolean;
  kind: string;
}

/** Everything that shapes a signature; the threshold is then chosen for it. */
export type SignatureScheme = Omit<DuplicateSettings, 'version' | 'threshold' | 'tuning'>;

export interface PairMeasurement {
  /** Duplicates at or above the threshold. */
  recall: number;
  /** Distinct pairs at or above the threshold. */
  fpr: number;
  /** Duplicates whose fingerprints share a band key or the exact key: the index would surface them. */
  candidateRecall: number;
  /** Duplicates both surfaced by the index and at or above the threshold: what production catches. */
  endToEndRecall: number;
  duplicates: number;
  distinct: number;
}

export interface SchemeResult {
  scheme: SignatureScheme;
  threshold: number;
  tuning: PairMeasurement;
  /** Unrelated stored comments returned per lookup, per million stored, for short and for long comments. */
  backgroundPerMillion: { short: number; long: number };
}

export interface TuneOptions {
  /** Largest false-positive rate allowed on the tuning pairs (kept below the 1% target for a margin). */
  maxFpr: number;
  /** Smallest share of the tuning near-copies the threshold must keep. */
  minRecall: number;
  /** Largest number of unrelated candidates per lookup per million stored comments. */
  maxBackgroundPerMillion: number;
}

interface PairScores {
  similarity: number;
  candidate: boolean;
  duplicate: boolean;
}

function scorePairs(pairs: readonly TuningPair[], scheme: SignatureScheme): PairScores[] {
  const settings: DuplicateSettings = { ...scheme, version: 'tuning', threshold: 1 };
  return pairs.map((pair) => {
    const a = fingerprintText(pair.a, settings);
    const b = fingerprintText(pair.b, settings);
    const candidate = a.exact === b.exact || a.bands.some((key) => b.bands.includes(key));
    return { similarity: similarity(a, b, settings), candidate, duplicate: pair.duplicate };
  });
}

/** The lowest threshold on a 0.01 grid whose false-positive rate on the distinct pairs is at most `maxFpr`. */
export function thresholdForFpr(distinctSimilarities: readonly number[], maxFpr: number): number {
  const sorted = [...distinctSimilarities].sort((x, y) => y - x);
  const allowed = Math.floor(sorted.length * maxFpr);
  // Just above the (allowed+1)-th highest distinct similarity.
  const limit = sorted[allowed] ?? 0;
  return Math.min(1, (Math.floor(limit * 100 + 1e-9) + 1) / 100);
}

/** The highest threshold on a 0.01 grid that keeps at least `minRecall` of the duplicates. */
export function thresholdForRecall(duplicateSimilarities: readonly number[], minRecall: number): number {
  const sorted = [...duplicateSimilarities].sort((x, y) => y - x);
  const needed = Math.max(1, Math.ceil(sorted.length * minRecall));
  const limit = sorted[needed - 1] ?? 0;
  return Math.floor(limit * 100 + 1e-9) / 100;
}

/**
 * The threshold halfway between the lowest one meeting the false-positive bound and the highest one meeting the
 * recall bound, so data unlike the tuning data has room on both sides; the false-positive bound wins when the
 * two cross.
 */
export function chooseThreshold(scores: ReadonlyArray<{ similarity: number; duplicate: boolean }>, options: TuneOptions): number {
  const low = thresholdForFpr(scores.filter((s) => !s.duplicate).map((s) => s.similarity), options.maxFpr);
  const high = thresholdForRecall(scores.filter((s) => s.duplicate).map((s) => s.similarity), options.minRecall);
  return high <= low ? low : Math.round(((low + high) / 2) * 100) / 100;
}

function summarize(scores: readonly PairScores[], threshold: number): PairMeasurement {
  const dups = scores.filter((s) => s.duplicate);
  const distinct = scores.filter((s) => !s.duplicate);
  const share = (list: readonly PairScores[], test: (s: PairScores) => boolean): number =>
    list.length === 0 ? 0 : list.filter(test).length / list.length;
  return {
    recall: share(dups, (s) => s.similarity >= threshold),
    fpr: share(distinct, (s) => s.similarity >= threshold),
    candidateRecall: share(dups, (s) => s.candidate),
    endToEndRecall: share(dups, (s) => s.candidate && s.similarity >= threshold),
    duplicates: dups.length,
    distinct: distinct.length,
  };
}

/** Measures settings (with their threshold) on labelled pairs. */
export function measurePairs(pairs: readonly TuningPair[], settings: DuplicateSettings): PairMeasurement {
  return summarize(scorePairs(pairs, settings), settings.threshold);
}

/**
 * Spurious candidates per lookup, per million stored comments: the first half of `texts` (mutually unrelated
 * comments) is indexed and the second half looked up.
 */
export function backgroundCandidatesPerMillion(texts: readonly NormalizedText[], scheme: SignatureScheme): number {
  const settings: DuplicateSettings = { ...scheme, version: 'tuning', threshold: 1 };
  const half = Math.floor(texts.length / 2);
  const index = new LshIndex();
  texts.slice(0, half).forEach((text, i) => index.add(String(i), fingerprintText(text, settings)));
  let found = 0;
  for (const text of texts.slice(half)) found += index.query(fingerprintText(text, settings)).length;
  const pairsCompared = half * (texts.length - half);
  return pairsCompared === 0 ? 0 : (found / pairsCompared) * 1e6;
}

/** Unrelated comments to measure spurious candidates on: real short ones, and long ones. */
export interface Background {
  short: readonly NormalizedText[];
  long: readonly NormalizedText[];
}

export function evaluateScheme(
  pairs: readonly TuningPair[],
  background: Background,
  scheme: SignatureScheme,
  options: TuneOptions,
): SchemeResult {
  const scores = scorePairs(pairs, scheme);
  const threshold = chooseThreshold(scores, options);
  return {
    scheme,
    threshold,
    tuning: summarize(scores, threshold),
    backgroundPerMillion: {
      short: backgroundCandidatesPerMillion(background.short, scheme),
      long: backgroundCandidatesPerMillion(background.long, scheme),
    },
  };
}

const RECALL_TIE = 0.0025;

/**
 * Picks, among the schemes whose spurious-candidate rate (on short and on long comments) is within bounds, one catching the most near-copies end
 * to end (surfaced by the index and above its threshold). Recalls within `RECALL_TIE` of the best are treated as
 * equal (that is about one standard error on a few thousand pairs); among those the fewest spurious candidates
 * win, then the shorter signature, then the earlier scheme. Deterministic for the same inputs.
 */
export function tuneDuplicateSettings(
  pairs: readonly TuningPair[],
  background: Background,
  schemes: readonly SignatureScheme[],
  options: TuneOptions,
): { best: SchemeResult; results: SchemeResult[] } {
  const results = schemes.map((scheme) => evaluateScheme(pairs, background, scheme, options));
  const spurious = (r: SchemeResult): number => Math.max(r.backgroundPerMillion.short, r.backgroundPerMillion.long);
  const feasible = results.filter((r) => spurious(r) <= options.maxBackgroundPerMillion);
  if (feasible.length === 0) {
    throw new Error(`duplicates tuning: no scheme keeps spurious candidates ≤ ${options.maxBackgroundPerMillion} per million`);
  }
  const top = Math.max(...feasible.map((r) => r.tuning.endToEndRecall));
  const [best] = feasible
    .filter((r) => r.tuning.endToEndRecall >= top - RECALL_TIE)
    .sort((x, y) => spurious(x) - spurious(y) || x.scheme.numHashes - y.scheme.numHashes);
  return { best: best as SchemeResult, results };
}
