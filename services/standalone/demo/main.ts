import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * `npm run demo`: runs the demo (run.ts) in a process group of its own and passes it the signals this process gets.
 *
 * Ctrl-C in a terminal signals the whole foreground process group. Were the demo in it, its redis-server (and a
 * mongod from mongodb-memory-server) would get SIGINT too and be gone before the services that use them had
 * stopped, which then hang on a dead Redis. Here only this launcher is in that group: it hands the signal on, and the
 * demo stops the services first, then the servers. If this launcher dies, the demo sees its IPC channel close and
 * stops everything too.
 */
const demo = spawn(process.execPath, [...process.execArgv, fileURLToPath(new URL('./run.ts', import.meta.url)), ...process.argv.slice(2)], {
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  detached: true,
});

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => demo.kill(signal));
}

demo.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
