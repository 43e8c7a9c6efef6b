import { progressLine } from './report.js';
import type { SendTally } from './tally.js';

/** Where `moderato send` says how far it is: stderr, so stdout holds only the summary. */
export interface Progress {
  /** After each batch. */
  update(tally: SendTally): void;
  /** A line of its own (a retry), kept apart from the progress line. */
  note(text: string): void;
  finish(tally: SendTally): void;
}

type Terminal = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

const BAR_WIDTH = 24;

/**
 * On a terminal, one line redrawn in place with a bar; into a file or a pipe, a plain line every `everyBatches`
 * batches and at the end, so a log of a large send stays readable. A carriage return and an erase-to-end-of-line
 * are all the terminal handling this needs, which is why no progress-bar library is used.
 */
export function createProgress(stream: NodeJS.WritableStream, everyBatches: number): Progress {
  return (stream as Terminal).isTTY ? new TerminalProgress(stream as Terminal) : new LoggedProgress(stream, everyBatches);
}

class TerminalProgress implements Progress {
  private last = '';

  constructor(private readonly stream: Terminal) {}

  update(tally: SendTally): void {
    const filled = tally.total === 0 ? BAR_WIDTH : Math.round((tally.sent / tally.total) * BAR_WIDTH);
    const line = `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${progressLine(tally)}`;
    // A line longer than the terminal wraps, and the carriage return would then redraw only its last part.
    this.last = this.stream.columns ? line.slice(0, this.stream.columns - 1) : line;
    this.stream.write(`\r${this.last}\x1b[K`);
  }

  note(text: string): void {
    this.stream.write(`\r\x1b[K${text}\n${this.last}`);
  }

  finish(tally: SendTally): void {
    this.update(tally);
    this.stream.write('\n');
  }
}

class LoggedProgress implements Progress {
  private printedAt = -1;

  constructor(private readonly stream: NodeJS.WritableStream, private readonly everyBatches: number) {}

  update(tally: SendTally): void {
    if (tally.batches % this.everyBatches === 0) this.print(tally);
  }

  note(text: string): void {
    this.stream.write(`${text}\n`);
  }

  finish(tally: SendTally): void {
    if (this.printedAt !== tally.batches) this.print(tally);
  }

  private print(tally: SendTally): void {
    this.printedAt = tally.batches;
    this.stream.write(`${progressLine(tally)}\n`);
  }
}
