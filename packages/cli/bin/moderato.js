#!/usr/bin/env node
// Runs the TypeScript sources through tsx with the "source" export condition, so `npx moderato`
// works straight after `npm ci` without a build step.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const result = spawnSync(
  process.execPath,
  ['--conditions=source', '--import', 'tsx', main, ...process.argv.slice(2)],
  { stdio: 'inherit', env: { DOTENV_CONFIG_QUIET: 'true', ...process.env } },
);
process.exit(result.status ?? 1);
