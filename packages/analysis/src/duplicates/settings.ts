/**
 * Tunable settings of the duplicates phase. The shipped values live in models/duplicates.json, written by
 * `tuneDuplicateSettings` (see tune.ts) from labelled near-copy pairs; changing the shingling, hash count, seed or
 * banding makes previously stored signatures and band keys incomparable, so stored comments must be re-fingerprinted.
 */
export interface DuplicateSettings {
  version: string;
  /** How the normalized tokens are cut into shingles: word k-grams, or character n-grams of the tokens joined by spaces. */
  shingle: { unit: 'word' | 'char'; size: number };
  /**
   * 'oph': one-permutation hashing with densification (one hash per shingle); 'minhash': one hash function per
   * signature slot (classic, slower by a factor of numHashes).
   */
  method: 'oph' | 'minhash';
  /** MinHash values per signature. */
  numHashes: number;
  /** LSH banding: `bands` keys of `rows` MinHash values each (bands × rows ≤ numHashes). */
  bands: number;
  rows: number;
  /** Seed of the MinHash hash family. */
  seed: number;
  /** Below this many tokens a comment is only matched exactly, and only against the same author's comments. */
  minTokens: number;
  /** Estimated Jaccard similarity at or above which a candidate is reported as a near-copy. */
  threshold: number;
  /** Where the values came from and what they measured, for people reading the model file. */
  tuning?: Record<string, unknown>;
}

/** Parses and checks a settings object (e.g. the parsed models/duplicates.json); throws naming the bad field. */
export function parseDuplicateSettings(value: unknown): DuplicateSettings {
  if (typeof value !== 'object' || value === null) throw new Error('duplicates settings: expected an object');
  const raw = value as Record<string, unknown>;
  const shingle = raw.shingle as Record<string, unknown> | undefined;
  const settings: DuplicateSettings = {
    version: requireString(raw, 'version'),
    shingle: {
      unit: shingle?.unit === 'char' ? 'char' : shingle?.unit === 'word' ? 'word' : fail('shingle.unit'),
      size: requireInteger(shingle ?? {}, 'size', 1, 16),
    },
    method: raw.method === 'oph' ? 'oph' : raw.method === 'minhash' ? 'minhash' : fail('method'),
    numHashes: requireInteger(raw, 'numHashes', 1, 1024),
    bands: requireInteger(raw, 'bands', 1, 256),
    rows: requireInteger(raw, 'rows', 1, 64),
    seed: requireInteger(raw, 'seed', 0, 0xffffffff),
    minTokens: requireInteger(raw, 'minTokens', 1, 1000),
    threshold: requireNumber(raw, 'threshold', 0, 1),
  };
  if (settings.bands * settings.rows > settings.numHashes) fail('bands × rows must not exceed numHashes');
  if (typeof raw.tuning === 'object' && raw.tuning !== null) settings.tuning = raw.tuning as Record<string, unknown>;
  return settings;
}

function requireString(raw: Record<string, unknown>, key: string): string {
  const v = raw[key];
  return typeof v === 'string' && v !== '' ? v : fail(key);
}

function requireNumber(raw: Record<string, unknown>, key: string, min: number, max: number): number {
  const v = raw[key];
  return typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max ? v : fail(key);
}

function requireInteger(raw: Record<string, unknown>, key: string, min: number, max: number): number {
  const v = requireNumber(raw, key, min, max);
  return Number.isInteger(v) ? v : fail(key);
}

function fail(field: string): never {
  throw new Error(`duplicates settings: invalid or missing ${field}`);
}
