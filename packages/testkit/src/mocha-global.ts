import type { Context } from 'mocha';
import { stopSharedServers } from './shared.js';

const counts = { passed: 0, failed: 0 };

/** Registered in .mocharc.cjs: counts outcomes so the run ends with a plain "N passed, N failed" line CI can read. */
export const mochaHooks = {
  afterEach(this: Context): void {
    const state = this.currentTest?.state;
    if (state === 'passed') counts.passed += 1;
    else if (state === 'failed') counts.failed += 1;
  },
};

/** Stops the private servers once the whole run is over, then prints the closing tally. */
export async function mochaGlobalTeardown(): Promise<void> {
  await stopSharedServers();
  process.stdout.write(`\n${counts.passed} passed, ${counts.failed} failed\n`);
}
