import { PassThrough, Readable } from 'node:stream';
import { expect } from 'chai';
import type { Command } from 'commander';
import { commandPath } from '../src/help.js';
import { runCli } from '../src/index.js';
import { createProgram } from '../src/program.js';
import { runWithStdio } from './stdio.js';

const run = (argv: string[]) => runWithStdio(runCli, argv);

/** Every command and group of the program as it is built, found by walking it: a command added later is covered too. */
function allCommands(): Command[] {
  const io = { stdin: Readable.from([]), stdout: new PassThrough(), stderr: new PassThrough() };
  const walk = (command: Command): Command[] => command.commands.flatMap((child) => [child, ...walk(child)]);
  return walk(createProgram({ io, exitCode: 0 }));
}

describe('moderato usage and help', () => {
  const commands = allCommands();

  it('has the commands the README documents', () => {
    expect(commands.map(commandPath)).to.include.members([
      'moderato publisher create', 'moderato publisher rotate-secret', 'moderato publisher seal-secrets',
      'moderato key create', 'moderato key revoke', 'moderato policy show', 'moderato policy set', 'moderato policy author',
      'moderato train', 'moderato eval', 'moderato score', 'moderato send',
    ]);
  });

  it('answers --help on every command with its usage, description and options, exit code 0', async () => {
    for (const command of commands.filter((each) => each.name() !== 'help')) {
      const path = commandPath(command).split(' ').slice(1);
      const { code, stdout, stderr } = await run([...path, '--help']);
      expect(code, `${path.join(' ')} --help`).to.equal(0);
      expect(stderr).to.equal('');
      // Commander wraps long lines at the terminal's width.
      expect(stdout.replace(/\s+/g, ' '), path.join(' ')).to.contain(`Usage: ${commandPath(command)}`).and.contain(command.description());
      for (const option of command.options) expect(stdout, `${path.join(' ')}: ${option.long}`).to.contain(option.long);
    }
  });

  it('answers publisher create --help with usage instead of a parse error', async () => {
    const { code, stdout } = await run(['publisher', 'create', '--help']);
    expect(code).to.equal(0);
    expect(stdout).to.contain('Usage: moderato publisher create <publisherId> [--name <name>]').and.contain('register a publisher');
  });

  it('lists every command with its full usage line in the overview', async () => {
    const { code, stdout } = await run(['--help']);
    expect(code).to.equal(0);
    expect(stdout).to.contain('moderato send <file> [--url <url>] --publisher <publisherId> --secret <whsec_…> [--batch <n>]');
    expect(stdout).to.contain('moderato key create --publisher <publisherId> --role moderator|analyst|admin [--label <text>]');
    expect(stdout).to.contain('MONGODB_URI');
  });

  it('refuses an unknown option with exit code 2, naming it', async () => {
    const { code, stderr } = await run(['key', 'create', '--publisher', 'p', '--role', 'admin', '--colour', 'red']);
    expect(code).to.equal(2);
    expect(stderr).to.contain("unknown option '--colour'");
  });

  it('refuses a missing required option with exit code 2, naming it', async () => {
    const { code, stderr } = await run(['send', 'comments.jsonl', '--publisher', 'p']);
    expect(code).to.equal(2);
    expect(stderr).to.contain("required option '--secret <whsec_…>' not specified");
  });

  it('refuses an unknown command, a missing argument and a bad value with exit code 2', async () => {
    expect((await run(['frobnicate'])).stderr).to.contain("unknown command 'frobnicate'");
    expect((await run(['frobnicate'])).code).to.equal(2);
    expect((await run(['key', 'revoke'])).code).to.equal(2);
    const bad = await run(['send', 'c.jsonl', '--publisher', 'p', '--secret', 'whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=', '--batch', '501']);
    expect(bad.code).to.equal(2);
    expect(bad.stderr).to.contain('must be a whole number from 1 to 500');
  });

  it('shows the overview on stderr with exit code 2 when no command is given', async () => {
    const { code, stdout, stderr } = await run([]);
    expect(code).to.equal(2);
    expect(stdout).to.equal('');
    expect(stderr).to.contain('moderato policy set --publisher');
  });
});
