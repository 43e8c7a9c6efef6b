import { fileURLToPath } from 'node:url';
import { CommanderError } from 'commander';
import type { CommandIo } from './commands/io.js';
import { createProgram } from './program.js';

/**
 * Runs one `moderato` command line and answers its exit code: 0 done (or help asked for), 1 the command failed,
 * 2 it was called wrongly (unknown command or option, a missing or bad value; the message says which).
 */
export async function runCli(argv: string[], io: CommandIo): Promise<number> {
  const context = { io, exitCode: 0 };
  try {
    await createProgram(context).parseAsync(argv, { from: 'user' });
    return context.exitCode;
  } catch (error) {
    // Commander has already written its message (or the help) to io.stderr / io.stdout.
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exitCode = await runCli(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
}
