import { PUBLISHER_ID_PATTERN } from '../provisioning.js';

export interface CommandIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** A mistake in how the command was called: printed without a stack trace, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A publisher id as given on the command line, or a UsageError saying what one looks like. */
export function checkedPublisherId(publisherId: string): string {
  if (!PUBLISHER_ID_PATTERN.test(publisherId)) {
    throw new UsageError('a publisher id is 1-128 letters, digits, ".", "_" or "-", starting with a letter or digit');
  }
  return publisherId;
}
