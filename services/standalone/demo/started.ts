/** One thing the demo started, and how to stop it. */
interface Started {
  name: string;
  stop: () => Promise<void>;
}

/**
 * What the demo has started so far, stopped in reverse order (services before the databases they use) exactly once,
 * whichever way the demo ends: after printing with --exit, on Ctrl-C or SIGTERM, or when a step fails halfway.
 */
export class StartedThings {
  private readonly started: Started[] = [];
  private stopping: Promise<string[]> | undefined;

  add(name: string, stop: () => Promise<void>): void {
    if (this.stopping) throw new Error(`cannot start ${name}: the demo is stopping`);
    this.started.push({ name, stop });
  }

  /** Stops everything, each even when an earlier one failed; resolves with the failures, one line each. */
  stopAll(): Promise<string[]> {
    this.stopping ??= this.stopEach();
    return this.stopping;
  }

  private async stopEach(): Promise<string[]> {
    const failures: string[] = [];
    for (const { name, stop } of this.started.toReversed()) {
      try {
        await stop();
      } catch (error) {
        failures.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return failures;
  }
}
