#!/usr/bin/env node
// Runs the TypeScript sources through tsx with the "source" export condition, so `npx mongo-double`
// works straight after `npm ci` without a build step. Signals are forwarded so the server closes cleanly.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../src/bin.ts', import.meta.url));
const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', main, ...process.argv.slice(2)], {
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
