import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { trainAbuseModel } from './abuse/index.js';
import { trainDuplicateSettings } from './duplicates/train.js';
import { MODEL_FILES, type Models } from './models.js';
import { trainSentimentModel } from './sentiment/index.js';
import { trainSpamModel } from './spam/index.js';

/**
 * `moderato train`: learns every model from the labelled data and writes models/*.json. Trainers are seeded and
 * iterate in a fixed order, and files are written with a fixed key layout, so the same data gives byte-identical
 * files.
 */
export interface TrainOptions {
  dataDir: string;
  outDir: string;
  /** Train only these models (default: all). */
  only?: ReadonlyArray<keyof Models>;
  /** Progress lines (e.g. to stderr); silent by default. */
  log?: (line: string) => void;
}

export interface TrainReport {
  files: Array<{ model: keyof Models; path: string; version: string; bytes: number; sha256: string; seconds: number }>;
}

const TRAINERS: { [K in keyof Models]: (dataDir: string) => Models[K] } = {
  sentiment: trainSentimentModel,
  spam: trainSpamModel,
  abuse: trainAbuseModel,
  duplicates: trainDuplicateSettings,
};

export function trainModels(options: TrainOptions): TrainReport {
  if (!existsSync(options.dataDir)) throw new Error(`train: data directory ${options.dataDir} does not exist`);
  mkdirSync(options.outDir, { recursive: true });
  const names = options.only ?? (Object.keys(TRAINERS) as Array<keyof Models>);
  const report: TrainReport = { files: [] };
  for (const name of names) {
    const started = process.hrtime.bigint();
    options.log?.(`training ${name} from ${options.dataDir}`);
    const model = TRAINERS[name](options.dataDir) as { version: string };
    const text = serializeModel(model);
    const path = join(options.outDir, MODEL_FILES[name]);
    writeFileSync(path, text);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const sha256 = createHash('sha256').update(text).digest('hex');
    report.files.push({ model: name, path, version: model.version, bytes: Buffer.byteLength(text), sha256, seconds });
    options.log?.(`wrote ${path} (${model.version}, ${Buffer.byteLength(text)} bytes, ${seconds.toFixed(1)} s)`);
  }
  return report;
}

/** One top-level field per line, values compact: readable headers, stable bytes, small diffs for small fields. */
export function serializeModel(model: object): string {
  const fields = Object.entries(model).map(([key, value]) => `  ${JSON.stringify(key)}: ${JSON.stringify(value)}`);
  return `{\n${fields.join(',\n')}\n}\n`;
}
