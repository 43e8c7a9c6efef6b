/**
 * Writes models/spam.json and models/abuse.json only (the full set is `npx moderato train`), through the same
 * trainModels() so the bytes are identical to a full run.
 * Usage: node --conditions=source --import tsx packages/analysis/scripts/train-spam-abuse.ts [dataDir] [outDir]
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { trainModels } from '../src/train.js';

const here = dirname(fileURLToPath(import.meta.url));
const dataDir = resolve(process.argv[2] ?? '../shared/data');
const outDir = resolve(process.argv[3] ?? join(here, '..', 'models'));
const report = trainModels({ dataDir, outDir, only: ['spam', 'abuse'], log: (line) => console.error(line) });
console.log(JSON.stringify(report, null, 1));
