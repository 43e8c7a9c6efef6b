import { fileURLToPath } from 'node:url';
import { startDispatcher } from '@moderato/dispatcher';
import { startIngestApi } from '@moderato/ingest-api';
import { startModerationApi } from '@moderato/moderation-api';
import { runService, type Logger, type RunningService } from '@moderato/service-kit';
import { startWorker } from '@moderato/worker';
import { standaloneConfigSchema, type StandaloneConfig } from './config.js';

/** The port each service listens on: the configured one, or the one the system picked for port 0. */
export interface StandalonePorts {
  ingest: number;
  moderation: number;
  worker: number;
  dispatcher: number;
}

/**
 * The four services in one process, for a single machine (`npm start`). Each still runs alone
 * (`npm start -w services/<name>`), so they scale apart; this file only composes them.
 */
export async function startAll(config: StandaloneConfig, logger: Logger): Promise<RunningService & { ports: StandalonePorts }> {
  const worker = await startWorker(config, logger.child({ service: 'worker' }));
  const ingest = await startIngestApi(config, logger.child({ service: 'ingest-api' }));
  const moderation = await startModerationApi(config, logger.child({ service: 'moderation-api' }));
  const dispatcher = await startDispatcher(config, logger.child({ service: 'dispatcher' }));
  return {
    ports: { ingest: ingest.port, moderation: moderation.port, worker: worker.port, dispatcher: dispatcher.port },
    // Stop intake first, then the worker (finishing active jobs), then the read side, then what sends events out.
    stop: async () => {
      await ingest.stop();
      await worker.stop();
      await moderation.stop();
      await dispatcher.stop();
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await runService('moderato', standaloneConfigSchema, startAll);
}
