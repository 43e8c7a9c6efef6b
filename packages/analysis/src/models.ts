import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileAbuseModel, type AbuseModel } from './abuse/index.js';
import { parseDuplicateSettings, type DuplicateSettings } from './duplicates/index.js';
import type { SentimentModel } from './sentiment/index.js';
import { policyForModels } from './policy/index.js';
import { compileSpamModel, type SpamModel } from './spam/index.js';
import type { ModerationPolicy } from './types.js';

/** Everything learned from data that the analysis needs, as loaded from models/*.json. */
export interface Models {
  sentiment: SentimentModel;
  spam: SpamModel;
  abuse: AbuseModel;
  duplicates: DuplicateSettings;
}

export const MODEL_FILES = {
  sentiment: 'sentiment.json',
  spam: 'spam.json',
  abuse: 'abuse.json',
  duplicates: 'duplicates.json',
} as const satisfies Record<keyof Models, string>;

/** The models shipped with the package (packages/analysis/models). */
export const DEFAULT_MODELS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'models');

/**
 * Loads every model file synchronously (once, at start) and builds the spam and abuse lookup tables, so the first
 * comment analyzed does not pay for them. Throws naming the file that is missing or malformed.
 */
export function loadModels(dir: string = DEFAULT_MODELS_DIR): Models {
  const models: Models = {
    sentiment: readModel<SentimentModel>(dir, MODEL_FILES.sentiment),
    spam: readModel<SpamModel>(dir, MODEL_FILES.spam),
    abuse: readModel<AbuseModel>(dir, MODEL_FILES.abuse),
    duplicates: parseDuplicateSettings(readModel<unknown>(dir, MODEL_FILES.duplicates)),
  };
  compileSpamModel(models.spam);
  compileAbuseModel(models.abuse);
  return models;
}

/**
 * The default policy with the levels tuned with the model files in `dir`, read without building the models: for
 * services that show or validate policies but never analyze (the moderation API, the CLI).
 */
export function tunedDefaultPolicy(dir: string = DEFAULT_MODELS_DIR): ModerationPolicy {
  return policyForModels({
    spam: readModel<SpamModel>(dir, MODEL_FILES.spam),
    abuse: readModel<AbuseModel>(dir, MODEL_FILES.abuse),
    duplicates: parseDuplicateSettings(readModel<unknown>(dir, MODEL_FILES.duplicates)),
  });
}

function readModel<T>(dir: string, file: string): T {
  const path = join(dir, file);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`cannot load model ${path}: ${(error as Error).message}`, { cause: error });
  }
  if (typeof parsed !== 'object' || parsed === null || typeof (parsed as { version?: unknown }).version !== 'string') {
    throw new Error(`model ${path} has no "version" field`);
  }
  return parsed as T;
}

/** One version string for the code and all models, stored with every analysis for re-scoring decisions. */
export function analysisVersion(models: Models): string {
  return [
    `analysis-${ANALYSIS_CODE_VERSION}`,
    models.sentiment.version,
    models.spam.version,
    models.abuse.version,
    models.duplicates.version,
  ].join(';');
}

/** Bumped when the analysis code changes results for the same models. */
export const ANALYSIS_CODE_VERSION = '2026.12.4';
