import { InvalidArgumentError, Option, type Command } from 'commander';
import { commandPath } from '../help.js';
import { PUBLISHER_ID_PATTERN } from '../provisioning.js';

export interface CommandIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** What one run of the CLI writes to, and the exit code its command ends with. */
export interface CliContext {
  io: CommandIo;
  exitCode: number;
}

/** A mistake in how the command was called, found after parsing: printed without a stack trace, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * Commander's action for `work`: its exit code is kept in `context`. A UsageError goes through commander's own
 * error path (message, help hint, exit code 2); any other error is printed as `moderato <command>: <message>`, exit 1.
 */
export function runAction(context: CliContext, command: Command, work: (command: Command) => Promise<number>): () => Promise<void> {
  return async () => {
    try {
      context.exitCode = await work(command);
    } catch (error) {
      if (error instanceof UsageError) command.error(`error: ${error.message}`, { exitCode: 2, code: 'moderato.usage' });
      context.io.stderr.write(`${commandPath(command)}: ${error instanceof Error ? error.message : String(error)}\n`);
      context.exitCode = 1;
    }
  };
}

/** A publisher id as given on the command line (commander's argParser), or why it is not one. */
export function checkedPublisherId(publisherId: string): string {
  if (!PUBLISHER_ID_PATTERN.test(publisherId)) {
    throw new InvalidArgumentError('a publisher id is 1-128 letters, digits, ".", "_" or "-", starting with a letter or digit');
  }
  return publisherId;
}

/** `--publisher <publisherId>`, required and checked; shared by the key, policy and send commands. */
export function publisherOption(): Option {
  return new Option('--publisher <publisherId>', 'the publisher id').argParser(checkedPublisherId).makeOptionMandatory();
}

/** An argParser for a whole number from `min` to `max`, naming the range when the value is outside it. */
export function integerIn(min: number, max: number): (value: string) => number {
  return (value) => {
    const number = /^\d{1,9}$/.test(value) ? Number(value) : Number.NaN;
    if (!(number >= min && number <= max)) throw new InvalidArgumentError(`must be a whole number from ${min} to ${max}`);
    return number;
  };
}
