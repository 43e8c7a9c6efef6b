/**
 * The demo's printout. On a terminal the progress line is rewritten in place; elsewhere (a pipe, a log, the demo's
 * test) each update is a line of its own, so nothing depends on carriage returns.
 */
export class Terminal {
  private progressShown = false;

  constructor(private readonly stream: NodeJS.WriteStream) {}

  line(text = ''): void {
    this.endProgress();
    this.stream.write(`${text}\n`);
  }

  progress(text: string): void {
    if (!this.stream.isTTY) {
      this.stream.write(`${text}\n`);
      return;
    }
    this.stream.write(`\r\x1b[2K${text}`);
    this.progressShown = true;
  }

  endProgress(): void {
    if (!this.progressShown) return;
    this.stream.write('\n');
    this.progressShown = false;
  }
}
