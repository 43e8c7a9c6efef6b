import { stopSharedServers } from './shared.js';

/** Registered in .mocharc.cjs: stops the private servers once the whole run is over. */
export async function mochaGlobalTeardown(): Promise<void> {
  await stopSharedServers();
}
