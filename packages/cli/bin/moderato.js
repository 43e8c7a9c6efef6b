#!/usr/bin/env node
// Runs the TypeScript sources through tsx with the "source" export condition, so `npx moderato` works straight
// after `npm ci` without a build. Where tsx is not installed (a production image) it runs the built dist/ instead.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const env = { DOTENV_CONFIG_QUIET: 'true', ...process.env };
const built = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const source = fileURLToPath(new URL('../src/main.ts', import.meta.url));

function hasTsx() {
  try {
    import.meta.resolve('tsx');
    return true;
  } catch {
    return false;
  }
}

const args = hasTsx() || !existsSync(built)
  ? ['--conditions=source', '--import', 'tsx', source, ...process.argv.slice(2)]
  : [built, ...process.argv.slice(2)];
const result = spawnSync(process.execPath, args, { stdio: 'inherit', env });
process.exit(result.status ?? 1);
