import { PassThrough, Readable } from 'node:stream';
import type { CommandIo } from '../src/commands/io.js';

/** Runs a command (or the whole CLI) with in-memory stdio; returns its exit code and what it wrote. */
export async function runWithStdio(
  command: (argv: string[], io: CommandIo) => Promise<number>, argv: string[], stdinText = '',
): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk.toString()));
  stderr.on('data', (chunk: Buffer) => err.push(chunk.toString()));
  const code = await command(argv, { stdin: Readable.from([stdinText]), stdout, stderr });
  return { code, stdout: out.join(''), stderr: err.join('') };
}
